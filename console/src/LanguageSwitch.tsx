import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { type Language, languageOf, rememberLanguage } from './i18n';

/** Русский / English, remembered on this browser. */
export function LanguageSwitch() {
  const { i18n } = useTranslation();
  return (
    <Segmented<Language>
      size="small"
      value={languageOf(i18n)}
      options={[
        { label: 'RU', value: 'ru' },
        { label: 'EN', value: 'en' },
      ]}
      onChange={(language) => {
        rememberLanguage(language);
        void i18n.changeLanguage(language);
      }}
    />
  );
}
