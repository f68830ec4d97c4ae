import dayjs, { type Dayjs } from 'dayjs';
import { namePath } from '../../api/problem';
import type { Promotion, PromotionDefinition } from '../../api/queries';
import { withoutEmpty } from '../../forms/compact';
import type { ProductScope } from '../../forms/product-fields';

type Definition = PromotionDefinition;
type TimeRange = [Dayjs | null, Dayjs | null] | null;

/** A promotion as the editor holds it: the definition's fields, shaped for their controls. */
export interface PromotionForm {
  id: string;
  name: string;
  mechanic: Definition['mechanic'];
  validity?: [Dayjs | null, Dayjs | null] | null;
  schedule?: { days?: number[]; windows?: TimeRange[] };
  channels?: NonNullable<Definition['channels']>;
  storeIds?: string[];
  audience: {
    segmentIds?: string[];
    tierIds?: string[];
    excludedSegmentIds?: string[];
    anonymousAllowed: boolean;
  };
  couponRequired?: boolean;
  conditions?: {
    minSubtotal?: { amountMinor?: number | null; scope?: ProductScope };
    minQuantity?: { quantity?: number | null; scope?: ProductScope };
    mustContain?: ProductScope;
  };
  limits?: Partial<Record<keyof NonNullable<Definition['limits']>, number | null>>;
  holdoutShareBp?: number | null;
  stacking: Definition['stacking'];
}

const validityFields = ['validFrom', 'validTo', 'validFromDate', 'validToDate'] as const;

/**
 * Where a server problem shows when the form draws its field otherwise: validity is one control
 * for four fields; an object drawn as several controls shows its own problems at the first one.
 * Everything else has the definition's names (a window's `to` shows at its window's control).
 */
export function fieldOf(pointer: string): (string | number)[] {
  const name = namePath(pointer);
  if (validityFields.some((field) => field === name[0])) return ['validity'];
  const whole = wholeObjects[name.join('/')];
  return whole ?? name;
}

const wholeObjects: Record<string, (string | number)[]> = {
  schedule: ['schedule', 'days'],
  audience: ['audience', 'segmentIds'],
  conditions: ['conditions', 'minSubtotal', 'amountMinor'],
  'conditions/minSubtotal': ['conditions', 'minSubtotal', 'amountMinor'],
  'conditions/minQuantity': ['conditions', 'minQuantity', 'quantity'],
  limits: ['limits', 'maxUnitsPerCheck'],
};

// The time picker has no 24:00: a window ending at midnight is shown, and entered, as ending at 00:00.
const MIDNIGHT_END = '24:00';

function timeOf(local: string): Dayjs {
  const [hours, minutes] = local.split(':').map(Number);
  return dayjs()
    .startOf('day')
    .hour(hours ?? 0)
    .minute(minutes ?? 0);
}

function windowOf(range: TimeRange): { from: string; to: string } {
  const [from, to] = range ?? [null, null];
  const end = to?.format('HH:mm') ?? '';
  return { from: from?.format('HH:mm') ?? '', to: end === '00:00' ? MIDNIGHT_END : end };
}

export function newPromotionForm(): Partial<PromotionForm> {
  return {
    id: `promo-${Date.now().toString(36)}`,
    audience: { anonymousAllowed: true },
    stacking: { groupId: 'default', priority: 10, exclusive: false },
  };
}

export function formOf(promotion: Promotion): PromotionForm {
  const { definition } = promotion;
  const from = definition.validFromDate ?? definition.validFrom;
  const to = definition.validToDate ?? definition.validTo;
  const { schedule, conditions, limits } = definition;
  return {
    id: definition.id,
    name: definition.name,
    mechanic: definition.mechanic,
    validity: from || to ? [from ? dayjs(from) : null, to ? dayjs(to) : null] : null,
    schedule: {
      ...(schedule?.days ? { days: schedule.days } : {}),
      ...(schedule?.windows
        ? { windows: schedule.windows.map((w): TimeRange => [timeOf(w.from), timeOf(w.to)]) }
        : {}),
    },
    ...(definition.channels ? { channels: definition.channels } : {}),
    ...(definition.storeIds ? { storeIds: definition.storeIds } : {}),
    // No audience is everyone, anonymous carts included.
    audience: definition.audience ?? { anonymousAllowed: true },
    couponRequired: definition.couponRequired ?? false,
    conditions: conditions ?? {},
    limits: limits ?? {},
    holdoutShareBp: definition.holdoutShareBp ?? null,
    stacking: definition.stacking,
  };
}

/** Present, or absent when the form leaves it empty (the API wants empty lists and objects absent). */
function put<K extends keyof Definition>(definition: Definition, key: K, value: unknown): void {
  const empty =
    value === undefined ||
    value === false ||
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === 'object' && value !== null && Object.keys(value).length === 0);
  if (empty) delete definition[key];
  else definition[key] = value as Definition[K];
}

function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    (typeof value === 'object' && value !== null && !Object.keys(value).length)
  );
}

/** The conditions the operator gave; a scope alone is sent too, for the server to say what it lacks. */
function conditionsOf(values: PromotionForm['conditions']): Definition['conditions'] {
  const given = withoutEmpty(values ?? {}) as NonNullable<PromotionForm['conditions']>;
  const conditions: Record<string, unknown> = {};
  for (const key of ['minSubtotal', 'minQuantity'] as const) {
    const condition: Record<string, unknown> = { ...given[key] };
    if (isEmpty(condition.scope)) delete condition.scope;
    if (!isEmpty(condition)) conditions[key] = condition;
  }
  if (!isEmpty(given.mustContain)) conditions.mustContain = given.mustContain;
  return conditions as Definition['conditions'];
}

function audienceOf(values: PromotionForm['audience']): Definition['audience'] | undefined {
  const audience = withoutEmpty(values) as NonNullable<Definition['audience']>;
  for (const list of ['segmentIds', 'tierIds', 'excludedSegmentIds'] as const) {
    if (audience[list]?.length === 0) delete audience[list];
  }
  audience.anonymousAllowed = values.anonymousAllowed ?? false;
  const everyone = Object.keys(audience).length === 1 && audience.anonymousAllowed;
  return everyone ? undefined : audience;
}

/** The definition to send: the form's fields over what the form does not show (kept as stored). */
export function definitionOf(
  values: PromotionForm,
  stored: Definition | undefined,
  validityTouched: boolean,
  status: Definition['status'],
): Definition {
  const definition: Definition = {
    ...stored,
    id: values.id,
    name: values.name,
    status,
    mechanic: values.mechanic,
    stacking: values.stacking,
  };
  const windows = values.schedule?.windows?.map(windowOf);
  put(definition, 'schedule', {
    ...(values.schedule?.days?.length
      ? { days: [...values.schedule.days].sort((a, b) => a - b) }
      : {}),
    ...(windows?.length ? { windows } : {}),
  });
  put(definition, 'channels', values.channels);
  put(definition, 'storeIds', values.storeIds);
  put(definition, 'audience', audienceOf(values.audience));
  put(definition, 'couponRequired', values.couponRequired);
  put(definition, 'conditions', conditionsOf(values.conditions));
  put(definition, 'limits', withoutEmpty(values.limits ?? {}));
  put(definition, 'holdoutShareBp', values.holdoutShareBp || undefined);
  if (validityTouched || !stored) {
    for (const field of validityFields) delete definition[field];
    const [from, to] = values.validity ?? [null, null];
    if (from) definition.validFromDate = from.format('YYYY-MM-DD');
    if (to) definition.validToDate = to.format('YYYY-MM-DD');
  }
  return definition;
}
