import type { TFunction } from 'i18next';
import type { Mechanic } from '../../api/queries';
import { count, date, dateTime, money, percent, points } from '../../format';
import type { Language } from '../../i18n';

type Node = Record<string, unknown>;
type Text = { ru: string; en: string };

/** What the diff needs to name fields and show values: the mechanics' forms and store names. */
export interface ChangeContext {
  t: TFunction;
  language: Language;
  mechanics: readonly Mechanic[];
  storeName: (id: string) => string;
}

// Definition and settings fields the console names elsewhere, by JSON pointer.
const fieldKeys: Record<string, string> = {
  '/name': 'editor.name',
  '/status': 'promotions.status',
  '/mechanic': 'editor.mechanic',
  '/mechanic/kind': 'editor.mechanicKind',
  '/storeIds': 'editor.stores',
  '/holdoutShareBp': 'editor.holdout',
  '/stacking': 'editor.stacking',
  '/stacking/groupId': 'editor.group',
  '/stacking/priority': 'editor.priority',
  '/stacking/exclusive': 'editor.exclusive',
  ...Object.fromEntries(
    [
      'totalUses',
      'perCustomerUses',
      'budgetMinor',
      'budgetPoints',
      'maxUnitsPerCheck',
      'maxRepeats',
    ].map((limit) => [`/limits/${limit}`, `history.fields.${limit}`]),
  ),
};

const segmentOf = (key: string) => key.replaceAll('~1', '/').replaceAll('~0', '~');

/**
 * A field's name for people: the editor's label, a mechanic argument's own label (from its form
 * schema), or one of the history's field names; the rest of a deeper path follows after "›".
 */
export function fieldLabel(
  path: string,
  scope: 'promotion' | 'settings',
  mechanicKind: string | undefined,
  context: ChangeContext,
): string {
  const { t, language } = context;
  const segments = path.split('/').slice(1).map(segmentOf);
  if (scope === 'promotion' && segments[0] === 'mechanic' && segments.length > 1) {
    const schema = context.mechanics.find((m) => m.code === mechanicKind)?.argsSchema;
    const labels = schema ? argLabels(schema, segments.slice(1), language) : [];
    if (labels.length > 0) return labels.join(' › ');
  }
  for (let n = segments.length; n > 0; n--) {
    const prefix = `/${segments.slice(0, n).join('/')}`;
    const key =
      scope === 'promotion'
        ? fieldKeys[prefix]
        : n === 1
          ? `history.settingsFields.${segments[0]}`
          : undefined;
    const known = key ?? (scope === 'promotion' && n === 1 ? `history.fields.${segments[0]}` : '');
    if (known) {
      const label = t(known, { defaultValue: segments.slice(0, n).join(' › ') });
      return [label, ...segments.slice(n)].join(' › ');
    }
  }
  return segments.join(' › ');
}

/** The labels of a mechanic argument along `segments`, as its form shows them. */
function argLabels(schema: Node, segments: string[], language: Language): string[] {
  const labels: string[] = [];
  let node: Node | undefined = schema;
  for (const segment of segments) {
    if (!node) break;
    node = childOf(node, segment);
    const label = node?.['x-perk-label'] as Text | undefined;
    if (label) labels.push(label[language]);
  }
  return labels;
}

function childOf(node: Node, segment: string): Node | undefined {
  const properties = node.properties as Record<string, Node> | undefined;
  if (properties?.[segment]) return properties[segment];
  if (/^\d+$/.test(segment) && node.items) return node.items as Node;
  for (const member of (node.anyOf as Node[] | undefined) ?? []) {
    const found = childOf(member, segment);
    if (found) return found;
  }
  return undefined;
}

/** A changed value for people: money, shares, dates, store names and yes/no in their form. */
export function valueText(value: unknown, path: string, context: ChangeContext): string {
  const { t, language } = context;
  if (value === undefined || value === null) return t('history.notSet');
  const key = segmentOf(
    path
      .split('/')
      .filter((s) => !/^\d+$/.test(s))
      .at(-1) ?? '',
  );
  if (typeof value === 'boolean') return t(value ? 'history.yes' : 'history.no');
  if (typeof value === 'number') {
    if (key.endsWith('Minor')) return money(value, language);
    if (key.endsWith('Bp')) return percent(value / 10_000, language);
    if (key === 'points') return points(value, language);
    return count(value, language);
  }
  if (typeof value === 'string') {
    if (path.endsWith('/kind') && path.startsWith('/mechanic'))
      return context.mechanics.find((m) => m.code === value)?.name[language] ?? value;
    if (key === 'status') return t(`status.${value}`, { defaultValue: value });
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return date(value, language);
    if (/^\d{4}-\d{2}-\d{2}T/.test(value)) return dateTime(value, language);
    return value;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return t('history.none');
    const items = key === 'storeIds' ? value.map((id) => context.storeName(String(id))) : value;
    return items.map((item, i) => valueText(item, `${path}/${i}`, context)).join(', ');
  }
  return Object.entries(value as Node)
    .map(([name, item]) => `${name}: ${valueText(item, `${path}/${name}`, context)}`)
    .join('; ');
}
