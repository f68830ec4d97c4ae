import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import ru from './locales/ru.json';

export const languages = ['ru', 'en'] as const;
export type Language = (typeof languages)[number];

const storageKey = 'perk.language';

/** The language the operator chose last on this browser; Russian until they choose. */
export function rememberedLanguage(): Language {
  const stored = localStorage.getItem(storageKey);
  return stored === 'en' ? 'en' : 'ru';
}

export function rememberLanguage(language: Language): void {
  localStorage.setItem(storageKey, language);
}

/** One i18next instance for the console, made at start-up and handed to React. */
export async function createI18n(language: Language): Promise<i18n> {
  const instance = i18next.createInstance();
  await instance.use(initReactI18next).init({
    lng: language,
    fallbackLng: 'en',
    resources: { ru: { translation: ru }, en: { translation: en } },
    interpolation: { escapeValue: false },
  });
  return instance;
}

/** The current language as one of ours. */
export function languageOf(instance: i18n): Language {
  return instance.language === 'en' ? 'en' : 'ru';
}
