import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import en from '../../locales/en.json';
import ru from '../../locales/ru.json';
import { defaultNames, modelTemplate, renamedDefaults, scenarioDefaults } from './simulation-form';

const books = { ru, en };
/** A translation function over the console's own files, enough for the editor's defaults. */
const fixed = (language: 'ru' | 'en') =>
  ((key: string) =>
    key
      .split('.')
      .reduce<unknown>(
        (node, part) => (node as Record<string, unknown>)[part],
        books[language],
      )) as unknown as TFunction;

describe("the simulator's default names follow the language", () => {
  const names = defaultNames(fixed, {
    metric: 'spent_minor',
    period: { kind: 'all_time' },
    comparison: 'at_least',
    autoTransition: true,
    downgradeAtPeriodEnd: false,
    tiers: [{ id: 'vip', name: { ru: 'Особый', en: 'Special' }, threshold: 0 }],
  } as never);

  it('puts the names the console gave in English, and keeps what the operator typed', () => {
    const bonus = modelTemplate('bonus', fixed('ru'));
    const [pessimistic, moderate, optimistic] = scenarioDefaults(fixed('ru'));
    const edited = {
      models: [
        {
          ...bonus,
          tierProgram: {
            ...bonus.tierProgram,
            tiers: [
              { title: 'Особый', threshold: 0 },
              { title: 'Мой уровень', threshold: 100 },
            ],
          },
        },
      ],
      scenarios: [pessimistic, moderate, { ...optimistic, name: 'Смелый' }].filter(
        (scenario) => scenario !== undefined,
      ),
    };
    const english = renamedDefaults(edited, names, 'en');
    expect(english.models.map((model) => model.name)).toEqual(['Bonus ladder']);
    expect(
      english.models.flatMap((model) => model.tierProgram.tiers.map((tier) => tier.title)),
    ).toEqual(['Special', 'Мой уровень']);
    expect(english.scenarios.map((scenario) => scenario.name)).toEqual([
      'Pessimistic',
      'Moderate',
      'Смелый',
    ]);
    expect(renamedDefaults(english, names, 'ru').scenarios.map((s) => s.name)).toEqual([
      'Пессимистичный',
      'Умеренный',
      'Смелый',
    ]);
  });
});
