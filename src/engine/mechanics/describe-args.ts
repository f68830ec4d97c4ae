import type { Static, TObject } from 'typebox';

/** A text in both interface languages. */
export interface Text {
  readonly ru: string;
  readonly en: string;
}

/**
 * How a form shows a number: `percent-bp` basis points as a percent (1500 → 15 %),
 * `multiplier-bp` basis points as a factor (20 000 → ×2), `money-minor` minor units in the
 * programme's currency (9900 → 99 ₽), `pieces` a count of units, `points` bonus points,
 * `days` and `years` spans of time (a segment's windows and ages).
 */
export type Unit =
  | 'percent-bp'
  | 'multiplier-bp'
  | 'money-minor'
  | 'pieces'
  | 'points'
  | 'days'
  | 'years';

/** A field a form cannot draw from its type alone: a product selector, one product by SKU. */
export type Widget = 'product-scope' | 'product';

export interface FieldText {
  readonly label: Text;
  readonly hint?: Text;
  readonly unit?: Unit;
  readonly widget?: Widget;
  /** A value the field's own schema accepts. */
  readonly example: unknown;
  /** Labels of an enumeration's values. */
  readonly options?: Readonly<Record<string, Text>>;
  /** The fields of an object, or of an array's items. */
  readonly fields?: Readonly<Record<string, FieldText>>;
  /** A union's members in order, each an object told apart by its `kind`. */
  readonly variants?: readonly VariantText[];
}

export interface VariantText {
  readonly label: Text;
  readonly fields: Readonly<Record<string, FieldText>>;
}

/** What a mechanic's form shows: its name, what it does, an example, and every field. */
export interface MechanicText<Args> {
  readonly name: Text;
  readonly description: Text;
  /** Whole arguments that pass the mechanic's own validation. */
  readonly example: Args;
  readonly fields: { readonly [K in Exclude<keyof Args, 'kind'>]-?: FieldText };
}

type Node = Record<string, unknown>;

// A copy keeping TypeBox's own (non-enumerable) markers, such as the one of an optional field.
function copyOf(node: object): Node {
  return Object.defineProperties({}, Object.getOwnPropertyDescriptors(node));
}

function withFields(node: Node, fields: Readonly<Record<string, FieldText>>): Node {
  const properties = copyOf(node.properties as object);
  for (const [name, text] of Object.entries(fields)) {
    const property = properties[name];
    if (property === undefined) throw new Error(`no field ${name} to describe`);
    properties[name] = describeField(property as Node, text);
  }
  const copy = copyOf(node);
  copy.properties = properties;
  return copy;
}

function describeField(node: Node, text: FieldText): Node {
  let copy = copyOf(node);
  if (text.fields !== undefined) {
    if (node.type === 'array') copy.items = withFields(node.items as Node, text.fields);
    else copy = withFields(copy, text.fields);
  }
  if (text.variants !== undefined) {
    const members = node.anyOf as Node[];
    const { variants } = text;
    if (members.length !== variants.length) throw new Error('one text per union member');
    copy.anyOf = members.map((member, i) => {
      const variant = variants[i] as VariantText;
      const described = withFields(member, variant.fields);
      described.title = variant.label.en;
      described['x-perk-label'] = variant.label;
      return described;
    });
  }
  copy.title = text.label.en;
  copy['x-perk-label'] = text.label;
  if (text.hint !== undefined) {
    copy['x-perk-hint'] = text.hint;
    copy.description ??= text.hint.en;
  }
  if (text.unit !== undefined) copy['x-perk-unit'] = text.unit;
  if (text.widget !== undefined) copy['x-perk-widget'] = text.widget;
  if (text.options !== undefined) copy['x-perk-options'] = text.options;
  copy.examples = [text.example];
  return copy;
}

/** `percent-off` → `PercentOffArgs`: the schema's name among the OpenAPI components. */
export function componentName(code: string): string {
  return `${code.replace(/(^|-)([a-z])/g, (_, __, letter: string) => letter.toUpperCase())}Args`;
}

/**
 * The mechanic's args schema carrying its form: ru/en name and description, an example, and per
 * field a ru/en label, hint, unit, widget and example, as `title`, `description`, `examples` and
 * `x-perk-*` keywords. Validation reads none of them, so it is unchanged; the console renders the
 * form from them, and the OpenAPI document lists the schema under `x-perk-component`.
 */
export function describeArgs<T extends TObject>(schema: T, text: MechanicText<Static<T>>): T {
  const described = withFields(schema as unknown as Node, text.fields);
  const code = (schema.properties.kind as unknown as { const: string }).const;
  described.title = text.name.en;
  described.description = text.description.en;
  described.examples = [text.example];
  described['x-perk-name'] = text.name;
  described['x-perk-description'] = text.description;
  described['x-perk-component'] = componentName(code);
  return described as unknown as T;
}

/** The usual product-selector field: which lines of the cart the mechanic works on. */
export function scopeText(example: unknown, hint?: Text): FieldText {
  return {
    label: { ru: 'Товары', en: 'Products' },
    hint: hint ?? {
      ru: 'Какие позиции чека участвуют: категории, бренды, SKU, атрибуты, цены, исключения',
      en: 'Which lines of the cart take part: categories, brands, SKUs, attributes, prices, exclusions',
    },
    widget: 'product-scope',
    example,
  };
}
