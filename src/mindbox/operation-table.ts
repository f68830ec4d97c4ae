/**
 * What a Mindbox operation does in Perk. The names are those of the 1C-Bitrix loyalty module's
 * defaults, without the project prefix; a shop that renamed an operation maps its own name to
 * one of these (PERK_MINDBOX_OPERATIONS).
 */
export const operationKinds = [
  'CalculateAuthorizedOrder',
  'CalculateUnauthorizedOrder',
  'ManualCalculateOrder',
  'CreateAuthorizedOrder',
  'CreateUnauthorizedOrder',
  'ChangeStatus',
  'SaveOfflineOrder',
  'GetCustomerPoints',
  'GetCustomerBalanceHistory',
  'RegisterCustomer',
  'CheckCustomer',
  'EditCart',
] as const;

export type OperationKind = (typeof operationKinds)[number];

/** How operation names are read: the project prefix and the shop's own names. */
export interface OperationNames {
  /** `{prefix}.{Kind}` names a kind; undefined: any prefix does. */
  prefix: string | undefined;
  /** Names the shop gave operations, each to a kind; checked before the prefix rule. */
  renamed: ReadonlyMap<string, OperationKind>;
}

const kindSet: ReadonlySet<string> = new Set(operationKinds);

export function isOperationKind(name: string): name is OperationKind {
  return kindSet.has(name);
}

/**
 * The kind an `operation` query parameter names, or undefined: a renamed operation first, then
 * `{prefix}.{Kind}` (with no prefix configured, whatever comes before the last dot).
 */
export function operationKindOf(name: string, names: OperationNames): OperationKind | undefined {
  const renamed = names.renamed.get(name);
  if (renamed) return renamed;
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const prefix = name.slice(0, dot);
  const kind = name.slice(dot + 1);
  if (names.prefix !== undefined && prefix !== names.prefix) return undefined;
  return isOperationKind(kind) ? kind : undefined;
}
