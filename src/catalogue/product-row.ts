import { invalid } from '../errors.ts';
import { rowTextFaults } from '../storable-text.ts';
import {
  type AttributeValue,
  checkProduct,
  completeProduct,
  type Product,
  type ProductInput,
} from './product.ts';

/** Columns of a products CSV besides `attr:<name>[:text|number|boolean]`. */
export const productColumns = [
  'sku',
  'name',
  'category_id',
  'brand',
  'min_price_minor',
  'no_discount',
  'no_points_payment',
  'no_accrual',
  'tags',
] as const;
type ProductColumn = (typeof productColumns)[number];
type AttributeKind = 'text' | 'number' | 'boolean';

export interface ProductHeader {
  columns: Partial<Record<ProductColumn, number>>;
  attributes: { name: string; kind: AttributeKind; index: number }[];
  width: number;
}

/**
 * Reads the header row. Refuses (400 `bad_header`) a missing `sku` or `name`, an unknown or
 * repeated column, or an attribute type other than text, number or boolean.
 */
export function parseProductHeader(values: readonly string[]): ProductHeader {
  const header: ProductHeader = { columns: {}, attributes: [], width: values.length };
  const seen = new Set<string>();
  values.forEach((raw, index) => {
    const column = raw.trim();
    if (seen.has(column)) throw badHeader(`column "${column}" appears twice`);
    seen.add(column);
    if (column.startsWith('attr:')) {
      const [name = '', kind = 'text', ...rest] = column.slice('attr:'.length).split(':');
      if (name === '' || rest.length > 0 || !['text', 'number', 'boolean'].includes(kind)) {
        throw badHeader(`"${column}" must be attr:<name> or attr:<name>:text|number|boolean`);
      }
      header.attributes.push({ name, kind: kind as AttributeKind, index });
    } else if ((productColumns as readonly string[]).includes(column)) {
      header.columns[column as ProductColumn] = index;
    } else {
      throw badHeader(
        `unknown column "${column}"; expected ${productColumns.join(', ')}, attr:<name>`,
      );
    }
  });
  if (header.columns.sku === undefined || header.columns.name === undefined) {
    throw badHeader('the header needs at least the columns sku and name');
  }
  return header;
}

const badHeader = (message: string) => invalid('bad_header', message);

export type RowResult =
  | { ok: true; product: Product }
  | { ok: false; code: 'field_count' | 'invalid_value'; reason: string };

/**
 * Turns one data row into a product, or the reason it is refused (every problem, by column).
 * Empty cells mean "not set": no category, brand, minimum price or attribute, flags false.
 */
export function parseProductRow(header: ProductHeader, values: readonly string[]): RowResult {
  if (values.length !== header.width) {
    return {
      ok: false,
      code: 'field_count',
      reason: `has ${values.length} fields, the header has ${header.width}`,
    };
  }
  const problems: string[] = rowTextFaults(values);
  const cell = (column: ProductColumn) => {
    const index = header.columns[column];
    return index === undefined ? '' : (values[index] ?? '').trim();
  };
  const flag = (column: ProductColumn) => {
    const value = readBoolean(cell(column));
    if (value === undefined) problems.push(`${column}: "${cell(column)}" is not ${booleanWords}`);
    return value ?? false;
  };
  const input: ProductInput = {
    sku: cell('sku'),
    name: cell('name'),
    categoryId: cell('category_id') || null,
    brand: cell('brand') || null,
    minPriceMinor: readMinorUnits(cell('min_price_minor'), problems),
    noDiscount: flag('no_discount'),
    noPointsPayment: flag('no_points_payment'),
    noAccrual: flag('no_accrual'),
    tags: cell('tags')
      .split('|')
      .map((tag) => tag.trim())
      .filter((tag) => tag !== ''),
    attributes: readAttributes(header, values, problems),
  };
  const product = completeProduct(input);
  const empty = (['sku', 'name'] as const).filter((column) => cell(column) === '');
  for (const p of checkProduct(product)) {
    if (!(empty as string[]).includes(p.field)) problems.push(`${columnOf(p.field)}: ${p.message}`);
  }
  problems.unshift(...empty.map((column) => `${column}: is empty`));
  return problems.length > 0
    ? { ok: false, code: 'invalid_value', reason: problems.join('; ') }
    : { ok: true, product };
}

const booleanWords = 'true/false, 1/0 or yes/no';

/** Empty is "not set"; `undefined` means the text is not a boolean. */
function readBoolean(text: string): boolean | undefined {
  const word = text.toLowerCase();
  if (word === '' || word === 'false' || word === '0' || word === 'no') return false;
  if (word === 'true' || word === '1' || word === 'yes') return true;
  return undefined;
}

function readMinorUnits(text: string, problems: string[]): number | null {
  if (text === '') return null;
  const value = Number(text);
  if (/^\d+$/.test(text) && Number.isSafeInteger(value)) return value;
  problems.push(
    `min_price_minor: "${text}" is not a whole number of kopecks (write 12990 for 129.90)`,
  );
  return null;
}

function readAttributes(
  header: ProductHeader,
  values: readonly string[],
  problems: string[],
): Record<string, AttributeValue> {
  const attributes: Record<string, AttributeValue> = {};
  for (const { name, kind, index } of header.attributes) {
    const text = (values[index] ?? '').trim();
    if (text === '') continue;
    if (kind === 'text') attributes[name] = text;
    else if (kind === 'boolean' && readBoolean(text) !== undefined) {
      attributes[name] = readBoolean(text) as boolean;
    } else if (kind === 'number' && /^-?\d+(\.\d+)?$/.test(text)) attributes[name] = Number(text);
    else problems.push(`attr:${name}: "${text}" is not a ${kind}`);
  }
  return attributes;
}

const columnOfField: Record<string, string> = {
  categoryId: 'category_id',
  minPriceMinor: 'min_price_minor',
};

/** The CSV column of a product field path such as `attributes/colour` or `tags/2`. */
function columnOf(field: string): string {
  const [head = '', rest] = field.split(/\/(.*)/s);
  if (head === 'attributes' && rest) return `attr:${rest}`;
  return columnOfField[head] ?? head;
}
