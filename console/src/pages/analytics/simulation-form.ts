import type { Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { namePath } from '../../api/problem';
import type { ProgramSettings, TierProgram } from '../../api/programme';
import { withoutEmpty } from '../../forms/compact';
import type { Language } from '../../i18n';
import type { SimulationModel, SimulationRequest, SimulationScenario } from './simulation-queries';

type Tier = TierProgram['tiers'][number];

/** A tier row as edited: one name for both languages; the id is its place in the ladder. */
export type TierRow = Omit<Tier, 'id' | 'name'> & { title: string };

/**
 * A model as the form holds it: the request's own fields (so a refusal's pointers name them),
 * but for the tiers' names and the expiry, which is a count of months or none.
 */
export interface ModelForm {
  name: string;
  tierProgram: Pick<TierProgram, 'metric' | 'period'> & { tiers: TierRow[] };
  settings: { maxRedemptionShareBp?: number | null; expiry?: { count?: number | null } };
  welcomeBonusPoints?: number | null;
  redeemersShareBp: number;
}

export interface SimulationForm {
  period: [Dayjs, Dayjs];
  grossMarginBp: number;
  models: ModelForm[];
  scenarios: SimulationScenario[];
}

export const maxModels = 4;

/** What a model's ladder gives: discounts on checks, or points. */
export type Ladder = 'discount' | 'bonus';

const yearByMoney = {
  metric: 'spent_minor',
  period: { kind: 'rolling_days', days: 365 },
} as const;

/** A new model of a kind: silver from 10 000 ₽ spent in a year, gold from 30 000 ₽. */
export function modelTemplate(ladder: Ladder, t: TFunction): ModelForm {
  const tier = (key: string, threshold: number, rate: Partial<TierRow>): TierRow => ({
    title: t(`simulator.tierNames.${key}`),
    threshold,
    ...rate,
  });
  if (ladder === 'discount') {
    return {
      name: t('simulator.templates.discount'),
      tierProgram: {
        ...yearByMoney,
        tiers: [
          tier('base', 0, { discountBp: 200 }),
          tier('silver', 1_000_000, { discountBp: 500 }),
          tier('gold', 3_000_000, { discountBp: 1_000 }),
        ],
      },
      settings: { maxRedemptionShareBp: 0, expiry: { count: null } },
      welcomeBonusPoints: 0,
      redeemersShareBp: 0,
    };
  }
  return {
    name: t('simulator.templates.bonus'),
    tierProgram: {
      ...yearByMoney,
      tiers: [
        tier('base', 0, { accrualRateBp: 300 }),
        tier('silver', 1_000_000, { accrualRateBp: 500 }),
        tier('gold', 3_000_000, { accrualRateBp: 700 }),
      ],
    },
    settings: { maxRedemptionShareBp: 3_000, expiry: { count: 12 } },
    welcomeBonusPoints: 200,
    redeemersShareBp: 5_000,
  };
}

/** The programme running now as a model: its tiers, with the programme's rate where a tier has none. */
export function liveModel(
  program: TierProgram,
  settings: ProgramSettings,
  language: Language,
  t: TFunction,
): ModelForm {
  const months =
    settings.expiry === null
      ? null
      : settings.expiry.unit === 'months'
        ? settings.expiry.count
        : Math.max(1, Math.round(settings.expiry.count / 30));
  return {
    name: t('simulator.templates.live'),
    tierProgram: {
      metric: program.metric,
      period: program.period,
      tiers: program.tiers.map(({ id, name, ...rates }) => ({
        ...rates,
        title: name[language],
        accrualRateBp:
          rates.accrualRateBp ?? settings.accrualRateBpByTier[id] ?? settings.accrualRateBp,
        maxRedemptionShareBp: rates.maxRedemptionShareBp ?? settings.maxRedemptionShareBpByTier[id],
      })),
    },
    settings: { maxRedemptionShareBp: settings.maxRedemptionShareBp, expiry: { count: months } },
    welcomeBonusPoints: 0,
    redeemersShareBp: 5_000,
  };
}

/** Pessimistic: the programme brings nobody and nothing; the others, modest and hopeful growth. */
export function scenarioDefaults(t: TFunction): SimulationScenario[] {
  return [
    {
      name: t('simulator.scenarios.pessimistic'),
      newCustomersBp: 0,
      frequencyBp: 0,
      averageCheckBp: 0,
    },
    {
      name: t('simulator.scenarios.moderate'),
      newCustomersBp: 500,
      frequencyBp: 500,
      averageCheckBp: 300,
    },
    {
      name: t('simulator.scenarios.optimistic'),
      newCustomersBp: 1_500,
      frequencyBp: 1_000,
      averageCheckBp: 500,
    },
  ];
}

/** A name the console gives, in both languages. */
export type DefaultName = Record<Language, string>;

const defaultKeys = [
  'simulator.templates.discount',
  'simulator.templates.bonus',
  'simulator.templates.live',
  'simulator.tierNames.base',
  'simulator.tierNames.silver',
  'simulator.tierNames.gold',
  'simulator.scenarios.pessimistic',
  'simulator.scenarios.moderate',
  'simulator.scenarios.optimistic',
];

/**
 * Every name the editor starts with, in both languages: the templates', the scenarios', and the
 * live programme's tier names. `fixed` gives a language's translations.
 */
export function defaultNames(
  fixed: (language: Language) => TFunction,
  program: TierProgram | null,
): DefaultName[] {
  const [ru, en] = [fixed('ru'), fixed('en')];
  return [
    ...defaultKeys.map((key) => ({ ru: ru(key), en: en(key) })),
    ...(program?.tiers.map((tier) => tier.name) ?? []),
  ];
}

/**
 * The models and scenarios with every name still as the console gave it put in `language`;
 * a name the operator typed stays as typed (it is data).
 */
export function renamedDefaults(
  values: Pick<SimulationForm, 'models' | 'scenarios'>,
  names: DefaultName[],
  language: Language,
): Pick<SimulationForm, 'models' | 'scenarios'> {
  const rename = (text: string) =>
    names.find((name) => name.ru === text || name.en === text)?.[language] ?? text;
  return {
    models: values.models.map((model) => ({
      ...model,
      name: rename(model.name),
      tierProgram: {
        ...model.tierProgram,
        tiers: model.tierProgram.tiers.map((tier) => ({ ...tier, title: rename(tier.title) })),
      },
    })),
    scenarios: values.scenarios.map((scenario) => ({ ...scenario, name: rename(scenario.name) })),
  };
}

/**
 * The request the form stands for. A tier's rates are its own: the programme rate and the live
 * per-tier rates are cleared, so a tier left without a rate gives no points. Only what the
 * replay reads is set; tiers go up as soon as earned.
 */
export function requestOf(values: SimulationForm): SimulationRequest {
  const [first, last] = values.period;
  return {
    fromMonth: first.format('YYYY-MM'),
    toMonth: last.format('YYYY-MM'),
    grossMarginBp: values.grossMarginBp,
    models: values.models.map((model): SimulationModel => {
      const months = model.settings.expiry?.count;
      return {
        name: model.name,
        tierProgram: {
          ...model.tierProgram,
          comparison: 'at_least',
          autoTransition: true,
          downgradeAtPeriodEnd: false,
          tiers: model.tierProgram.tiers.map(({ title, ...rates }, i) => ({
            ...(withoutEmpty(rates) as Omit<Tier, 'id' | 'name'>),
            id: `tier-${i + 1}`,
            name: { ru: title, en: title },
          })),
        },
        settings: {
          accrualRateBp: 0,
          accrualRateBpByTier: {},
          maxRedemptionShareBpByTier: {},
          maxRedemptionShareBp: model.settings.maxRedemptionShareBp ?? 0,
          expiry: months ? { unit: 'months', count: months } : null,
        },
        welcomeBonusPoints: model.welcomeBonusPoints ?? 0,
        redeemersShareBp: model.redeemersShareBp,
      };
    }),
    scenarios: values.scenarios,
  };
}

/** Where a refusal's pointer shows: the months at the period, a tier's id or name at its name. */
export function fieldOf(pointer: string): (string | number)[] {
  const name = namePath(pointer);
  if (name[0] === 'fromMonth' || name[0] === 'toMonth') return ['period'];
  if (name[0] === 'models' && name[2] === 'tierProgram' && name[3] === 'tiers') {
    if (name[5] === 'id' || name[5] === 'name') return name.slice(0, 5).concat('title');
  }
  return name;
}
