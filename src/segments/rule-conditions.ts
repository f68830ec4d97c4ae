import type { TObject } from 'typebox';
import { describeArgs, type FieldText, type Text } from '../engine/mechanics/describe-args.ts';
import { type LeafKind, leafSchemas } from './rule-schema.ts';

// The texts a rule builder draws each condition from: labels, hints, units and an example that a
// preview accepts. Validation reads none of them (validate-rule.ts checks the bare leaf schemas).

const days = (ru: string, en: string, example = 90): FieldText => ({
  label: { ru, en },
  hint: { ru: 'Пусто — за всё время', en: 'Empty: the whole history' },
  unit: 'days',
  example,
});
const lastDays = days('За последние, дней', 'In the last, days');
const from = (unit: FieldText['unit'], example: number): FieldText => ({
  label: { ru: 'От', en: 'From' },
  ...(unit ? { unit } : {}),
  example,
});
const to = (unit: FieldText['unit'], example: number): FieldText => ({
  label: { ru: 'До', en: 'Up to' },
  ...(unit ? { unit } : {}),
  example,
});
const bothBounds: Text = {
  ru: 'Включительно; задайте хотя бы одну границу',
  en: 'Inclusive; give at least one bound',
};

/** The events a mailing system reports, in words. */
export const communicationEventNames: Record<string, Text> = {
  sent: { ru: 'отправлено', en: 'sent' },
  delivered: { ru: 'доставлено', en: 'delivered' },
  opened: { ru: 'открыто', en: 'opened' },
  clicked: { ru: 'переход по ссылке', en: 'clicked' },
  unsubscribed: { ru: 'отписка', en: 'unsubscribed' },
};

const texts: {
  [K in LeafKind]: {
    name: Text;
    description: Text;
    example: Record<string, unknown>;
    fields: Record<string, FieldText>;
  };
} = {
  age: {
    name: { ru: 'Возраст', en: 'Age' },
    description: bothBounds,
    example: { kind: 'age', min: 18, max: 35 },
    fields: { min: from('years', 18), max: to('years', 35) },
  },
  gender: {
    name: { ru: 'Пол', en: 'Gender' },
    description: { ru: 'Пол из анкеты', en: 'The gender in the profile' },
    example: { kind: 'gender', is: 'female' },
    fields: {
      is: {
        label: { ru: 'Пол', en: 'Gender' },
        options: { male: { ru: 'мужской', en: 'male' }, female: { ru: 'женский', en: 'female' } },
        example: 'female',
      },
    },
  },
  city: {
    name: { ru: 'Город', en: 'City' },
    description: {
      ru: 'Город из анкеты, один из перечисленных (без учёта регистра)',
      en: 'The city in the profile, one of those listed (case aside)',
    },
    example: { kind: 'city', in: ['Москва'] },
    fields: {
      in: {
        label: { ru: 'Один из городов', en: 'One of the cities' },
        hint: { ru: 'Введите город и нажмите Enter', en: 'Type a city and press Enter' },
        example: ['Москва'],
      },
    },
  },
  birthdayWithin: {
    name: { ru: 'День рождения скоро', en: 'Birthday soon' },
    description: {
      ru: 'День рождения сегодня или в ближайшие дни',
      en: 'The birthday is today or within the days given',
    },
    example: { kind: 'birthdayWithin', days: 7 },
    fields: {
      days: { label: { ru: 'В ближайшие, дней', en: 'Within, days' }, unit: 'days', example: 7 },
    },
  },
  consent: {
    name: { ru: 'Согласие на рассылку', en: 'Mailing consent' },
    description: {
      ru: 'Дал ли клиент согласие на канал',
      en: 'Whether the customer agreed to a channel',
    },
    example: { kind: 'consent', channel: 'sms', given: true },
    fields: {
      channel: {
        label: { ru: 'Канал', en: 'Channel' },
        hint: { ru: 'sms, email, push…', en: 'sms, email, push…' },
        example: 'sms',
      },
      given: { label: { ru: 'Согласие дано', en: 'Consent given' }, example: true },
    },
  },
  specialCategory: {
    name: { ru: 'Особая категория', en: 'Special category' },
    description: {
      ru: 'Клиент отмечен категорией (пенсионер, сотрудник…)',
      en: 'The customer is marked with a category (pensioner, staff…)',
    },
    example: { kind: 'specialCategory', is: 'pensioner' },
    fields: { is: { label: { ru: 'Категория', en: 'Category' }, example: 'pensioner' } },
  },
  customField: {
    name: { ru: 'Поле анкеты', en: 'Profile field' },
    description: {
      ru: 'Сравнение дополнительного поля анкеты со значением',
      en: 'An extra profile field compared with a value',
    },
    example: { kind: 'customField', key: 'pet', op: 'eq', value: 'cat' },
    fields: {
      key: { label: { ru: 'Поле', en: 'Field' }, example: 'pet' },
      op: {
        label: { ru: 'Сравнение', en: 'Comparison' },
        options: {
          eq: { ru: 'равно', en: 'equals' },
          ne: { ru: 'не равно', en: 'differs from' },
          gt: { ru: 'больше', en: 'greater than' },
          gte: { ru: 'не меньше', en: 'at least' },
          lt: { ru: 'меньше', en: 'less than' },
          lte: { ru: 'не больше', en: 'at most' },
          exists: { ru: 'заполнено', en: 'is filled in' },
        },
        example: 'eq',
      },
      value: {
        label: { ru: 'Значение', en: 'Value' },
        hint: { ru: 'Не нужно для «заполнено»', en: 'Not needed for “is filled in”' },
        example: 'cat',
      },
    },
  },
  spend: {
    name: { ru: 'Сумма покупок', en: 'Money spent' },
    description: bothBounds,
    example: { kind: 'spend', days: 90, min: 500_000 },
    fields: {
      days: lastDays,
      min: from('money-minor', 500_000),
      max: to('money-minor', 1_000_000),
    },
  },
  purchaseCount: {
    name: { ru: 'Число покупок', en: 'Number of purchases' },
    description: bothBounds,
    example: { kind: 'purchaseCount', days: 30, min: 2 },
    fields: { days: lastDays, min: from('pieces', 2), max: to('pieces', 10) },
  },
  averageCheck: {
    name: { ru: 'Средний чек', en: 'Average check' },
    description: bothBounds,
    example: { kind: 'averageCheck', days: 90, min: 100_000 },
    fields: { days: lastDays, min: from('money-minor', 100_000), max: to('money-minor', 500_000) },
  },
  daysSinceLastPurchase: {
    name: { ru: 'Дней с последней покупки', en: 'Days since the last purchase' },
    description: bothBounds,
    example: { kind: 'daysSinceLastPurchase', min: 60 },
    fields: { min: from('days', 60), max: to('days', 180) },
  },
  boughtCategory: {
    name: { ru: 'Покупал категорию', en: 'Bought from a category' },
    description: { ru: 'Хотя бы одна покупка', en: 'At least one purchase' },
    example: { kind: 'boughtCategory', categoryId: 'oils', days: 90 },
    fields: {
      categoryId: { label: { ru: 'Код категории', en: 'Category code' }, example: 'oils' },
      days: lastDays,
    },
  },
  boughtBrand: {
    name: { ru: 'Покупал бренд', en: 'Bought a brand' },
    description: { ru: 'Хотя бы одна покупка', en: 'At least one purchase' },
    example: { kind: 'boughtBrand', brand: 'Простоквашино', days: 90 },
    fields: {
      brand: { label: { ru: 'Бренд', en: 'Brand' }, example: 'Простоквашино' },
      days: lastDays,
    },
  },
  boughtSku: {
    name: { ru: 'Покупал товар', en: 'Bought a product' },
    description: { ru: 'Хотя бы одна покупка', en: 'At least one purchase' },
    example: { kind: 'boughtSku', sku: 'MILK-11-M', days: 90 },
    fields: { sku: { label: { ru: 'Артикул', en: 'SKU' }, example: 'MILK-11-M' }, days: lastDays },
  },
  rfm: {
    name: { ru: 'RFM-оценка', en: 'RFM score' },
    description: {
      ru: 'Оценка от 1 до 5 среди всех клиентов: давность, частота или сумма покупок',
      en: 'A score of 1 to 5 among all customers: recency, frequency or money of purchases',
    },
    example: { kind: 'rfm', score: 'monetary', min: 4 },
    fields: {
      score: {
        label: { ru: 'Оценка', en: 'Score' },
        options: {
          recency: { ru: 'давность', en: 'recency' },
          frequency: { ru: 'частота', en: 'frequency' },
          monetary: { ru: 'сумма', en: 'money' },
        },
        example: 'monetary',
      },
      min: from(undefined, 4),
      max: to(undefined, 5),
    },
  },
  churnRisk: {
    name: { ru: 'Риск ухода', en: 'Churn risk' },
    description: {
      ru: 'Клиент покупает реже, чем обычно для него',
      en: 'The customer buys less often than is usual for them',
    },
    example: { kind: 'churnRisk', atRisk: true },
    fields: { atRisk: { label: { ru: 'В зоне риска', en: 'At risk' }, example: true } },
  },
  communication: {
    name: { ru: 'Рассылки', en: 'Messages' },
    description: {
      ru: 'Не меньше N событий по сообщениям клиенту, как их сообщила система рассылок',
      en: 'At least N events of messages to the customer, as the mailing system reported them',
    },
    example: { kind: 'communication', event: 'opened', channel: 'email', days: 90, min: 1 },
    fields: {
      event: {
        label: { ru: 'Событие', en: 'Event' },
        options: communicationEventNames,
        example: 'opened',
      },
      channel: {
        label: { ru: 'Канал', en: 'Channel' },
        hint: { ru: 'Пусто — любой (email, sms, push…)', en: 'Empty: any (email, sms, push…)' },
        example: 'email',
      },
      campaign: {
        label: { ru: 'Рассылка', en: 'Mailing' },
        hint: { ru: 'Пусто — любая', en: 'Empty: any' },
        example: 'black-friday',
      },
      days: lastDays,
      min: {
        label: { ru: 'Не меньше, раз', en: 'At least, times' },
        hint: { ru: 'Пусто — хотя бы раз', en: 'Empty: at least once' },
        unit: 'pieces',
        example: 1,
      },
    },
  },
  couponUsed: {
    name: { ru: 'Использовал купон', en: 'Used a coupon' },
    description: {
      ru: 'Купоны, погашенные в покупках (отменённые не считаются)',
      en: 'Coupons redeemed in purchases (cancelled ones do not count)',
    },
    example: { kind: 'couponUsed', days: 365, min: 1 },
    fields: {
      seriesId: {
        label: { ru: 'Серия купонов', en: 'Coupon series' },
        hint: { ru: 'Пусто — любая', en: 'Empty: any' },
        example: 'welcome',
      },
      days: lastDays,
      min: {
        label: { ru: 'Не меньше, раз', en: 'At least, times' },
        hint: { ru: 'Пусто — хотя бы раз', en: 'Empty: at least once' },
        unit: 'pieces',
        example: 1,
      },
    },
  },
};

/** One condition a segment rule may hold: its `kind` and the schema its form is drawn from. */
export interface RuleCondition {
  kind: LeafKind;
  name: Text;
  description: Text;
  /** JSON Schema with the form's annotations (describe-args.ts). */
  schema: Record<string, unknown>;
  example: Record<string, unknown>;
}

/** Every leaf of the rule language, described for a form, in the language's own order. */
export const ruleConditions: RuleCondition[] = (Object.keys(leafSchemas) as LeafKind[]).map(
  (kind) => {
    const text = texts[kind];
    const schema = describeArgs(leafSchemas[kind] as TObject, text as never) as unknown as Record<
      string,
      unknown
    >;
    // Served as data, not a component of the OpenAPI document: the document's marker goes.
    delete schema['x-perk-component'];
    return {
      kind,
      name: text.name,
      description: text.description,
      schema,
      example: text.example,
    };
  },
);
