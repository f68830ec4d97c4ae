import type { EnvReader } from '../env-reader.ts';
import { isOperationKind, type OperationKind, type OperationNames } from './operation-table.ts';

/** The Mindbox-compatible endpoint's settings (see docs/mindbox.md). */
export interface MindboxConfig extends OperationNames {
  /** The store orders are priced in when `order.area.ids.externalId` names none. */
  storeId: string | undefined;
}

/**
 * Reads PERK_MINDBOX_PREFIX (`Website`: only `Website.*` names are served; unset: any prefix),
 * PERK_MINDBOX_OPERATIONS (`Shop.PriceCart=CalculateAuthorizedOrder,…`) and PERK_MINDBOX_STORE.
 */
export function readMindboxConfig(vars: EnvReader): MindboxConfig {
  const prefix = vars.text('PERK_MINDBOX_PREFIX');
  if (prefix !== undefined && !/^[\w-]+$/.test(prefix))
    vars.refuse('PERK_MINDBOX_PREFIX', prefix, 'letters, digits, - and _ (e.g. Website)');
  return {
    prefix,
    renamed: renamedOperations(vars),
    storeId: vars.text('PERK_MINDBOX_STORE'),
  };
}

function renamedOperations(vars: EnvReader): Map<string, OperationKind> {
  const renamed = new Map<string, OperationKind>();
  const value = vars.text('PERK_MINDBOX_OPERATIONS');
  if (value === undefined) return renamed;
  for (const pair of value.split(',')) {
    const [name, kind] = pair.split('=').map((part) => part.trim());
    if (!name || !kind || !isOperationKind(kind)) {
      vars.refuse(
        'PERK_MINDBOX_OPERATIONS',
        pair,
        'name=Kind pairs, comma-separated; Kind one of CalculateAuthorizedOrder, …, EditCart',
      );
      continue;
    }
    renamed.set(name, kind);
  }
  return renamed;
}
