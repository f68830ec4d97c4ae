import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, InputNumber, Select, Space, Switch, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { decimalSeparator } from '../format';
import { type Language, languageOf } from '../i18n';
import { ProductPicker, ScopeField } from './product-fields';

interface Text {
  ru: string;
  en: string;
}

export type Unit =
  | 'percent-bp'
  | 'multiplier-bp'
  | 'money-minor'
  | 'pieces'
  | 'points'
  | 'days'
  | 'years';

/**
 * The part of a JSON Schema a mechanic's form is drawn from, with Perk's form annotations
 * (engine/mechanics/describe-args.ts on the server): labels, hints, units, widgets, options.
 */
export interface FieldSchema {
  type?: string;
  enum?: (string | number)[];
  const?: string | number;
  anyOf?: FieldSchema[];
  properties?: Record<string, FieldSchema>;
  required?: string[];
  items?: FieldSchema;
  minimum?: number;
  maximum?: number;
  title?: string;
  example?: unknown;
  examples?: unknown[];
  'x-perk-label'?: Text;
  'x-perk-hint'?: Text;
  'x-perk-unit'?: Unit;
  'x-perk-widget'?: 'product-scope' | 'product';
  'x-perk-options'?: Record<string, Text>;
}

type Name = (string | number)[];

/** A stored integer shown in the operator's unit: 1500 basis points as 15 %, 9900 kopecks as 99 ₽. */
const units: Record<Unit, { factor: number; suffix: string; precision: number }> = {
  'percent-bp': { factor: 100, suffix: '%', precision: 2 },
  'multiplier-bp': { factor: 10_000, suffix: '×', precision: 4 },
  'money-minor': { factor: 100, suffix: '₽', precision: 2 },
  pieces: { factor: 1, suffix: 'units.pieces', precision: 0 },
  points: { factor: 1, suffix: 'units.points', precision: 0 },
  days: { factor: 1, suffix: 'units.days', precision: 0 },
  years: { factor: 1, suffix: 'units.years', precision: 0 },
};

/** The values a field may take: an enumeration, or a union of constants. */
function choicesOf(schema: FieldSchema): (string | number)[] | undefined {
  if (schema.enum) return schema.enum;
  const members = schema.anyOf;
  if (!members?.every((member) => member.const !== undefined)) return undefined;
  return members.map((member) => member.const as string | number);
}

/** A stored integer edited in the operator's unit (percent for basis points, roubles for kopecks). */
export function UnitNumber({
  unit,
  schema,
  value,
  onChange,
  id,
  width = 200,
}: {
  unit: Unit | undefined;
  schema: FieldSchema;
  value?: number | null;
  onChange?: (value: number | null) => void;
  id?: string;
  /** Narrower in a table's cells. */
  width?: number;
}) {
  const { t, i18n } = useTranslation();
  const shown = unit ? units[unit] : { factor: 1, suffix: '', precision: 0 };
  const suffix = shown.suffix.startsWith('units.') ? t(shown.suffix) : shown.suffix;
  const separator = decimalSeparator(languageOf(i18n));
  return (
    <InputNumber
      // Drawn again on a new language: the input keeps its text until its value changes.
      key={separator}
      id={id}
      style={{ width }}
      value={value == null ? null : value / shown.factor}
      precision={shown.precision}
      // 12,5 % in Russian; a dot typed is read too.
      decimalSeparator={separator}
      min={schema.minimum === undefined ? undefined : schema.minimum / shown.factor}
      max={schema.maximum === undefined ? undefined : schema.maximum / shown.factor}
      suffix={suffix || undefined}
      onChange={(next) => onChange?.(next == null ? null : Math.round(next * shown.factor))}
    />
  );
}

function textOf(text: Text | undefined, language: Language): string | undefined {
  return text?.[language];
}

/**
 * The `kind` naming a union member: a constant, which `/v1/mechanics` gives as TypeBox writes it
 * (`const`) and the OpenAPI document as a one-value `enum`.
 */
function variantKind(member: FieldSchema): string | number | undefined {
  const kind = member.properties?.kind;
  if (kind?.const !== undefined) return kind.const as string | number;
  return kind?.enum?.length === 1 ? kind.enum[0] : undefined;
}

/** The value a field starts with in a new form: its example, except where the operator picks products. */
export function initialValue(schema: FieldSchema): unknown {
  if (schema['x-perk-widget']) return undefined;
  return schema.example ?? schema.examples?.[0];
}

/** One field of a mechanic's arguments, drawn by what its schema says it is. */
export function SchemaField({
  schema,
  name,
  listName,
  required,
  language,
}: {
  schema: FieldSchema;
  /** The field's full name in the form. */
  name: Name;
  /** Its name relative to the list item it sits in, when inside a Form.List. */
  listName?: Name;
  required: boolean;
  language: Language;
}) {
  const { t } = useTranslation();
  const label = textOf(schema['x-perk-label'], language) ?? schema.title;
  const hint = textOf(schema['x-perk-hint'], language);
  const itemName = listName ?? name;
  const rules = required ? [{ required: true, message: t('form.required') }] : [];
  const widget = schema['x-perk-widget'];

  if (widget === 'product-scope') {
    return (
      <Form.Item name={itemName} label={label} extra={hint} rules={rules}>
        <ScopeField />
      </Form.Item>
    );
  }
  if (widget === 'product') {
    return (
      <Form.Item name={itemName} label={label} extra={hint} rules={rules}>
        <ProductPicker />
      </Form.Item>
    );
  }
  if (schema.anyOf?.every((member) => variantKind(member) !== undefined)) {
    return <VariantField {...{ schema, name, listName, required, language }} />;
  }
  const choices = choicesOf(schema);
  if (choices) {
    const options = schema['x-perk-options'];
    return (
      <Form.Item name={itemName} label={label} extra={hint} rules={rules}>
        <Select
          style={{ maxWidth: 420 }}
          options={choices.map((value) => ({
            value,
            label: options?.[String(value)]?.[language] ?? String(value),
          }))}
        />
      </Form.Item>
    );
  }
  if (schema.type === 'integer' || schema.type === 'number') {
    return (
      <Form.Item name={itemName} label={label} extra={hint} rules={rules}>
        <UnitNumber unit={schema['x-perk-unit']} schema={schema} />
      </Form.Item>
    );
  }
  if (schema.type === 'boolean') {
    return (
      <Form.Item name={itemName} label={label} extra={hint} valuePropName="checked">
        <Switch />
      </Form.Item>
    );
  }
  if (schema.type === 'object' && schema.properties) {
    return (
      <Card size="small" title={label} style={{ marginBottom: 16 }}>
        {hint && <p>{hint}</p>}
        <ObjectFields schema={schema} name={name} listName={listName} language={language} />
      </Card>
    );
  }
  if (schema.type === 'array' && schema.items?.type === 'string') {
    return (
      <Form.Item name={itemName} label={label} extra={hint} rules={rules}>
        <Select
          mode="tags"
          open={false}
          suffixIcon={null}
          style={{ minWidth: 240, maxWidth: 420 }}
          // The values are the programme's data (city names), in no interface language.
          tagRender={({ label, closable, onClose }) => (
            <Tag closable={closable} onClose={onClose} translate="no">
              {label}
            </Tag>
          )}
        />
      </Form.Item>
    );
  }
  if (schema.type === 'array' && schema.items?.properties) {
    const items = schema.items;
    return (
      <Card size="small" title={label} style={{ marginBottom: 16 }}>
        {hint && <p>{hint}</p>}
        <Form.List name={itemName}>
          {(rows, { add, remove }) => (
            <>
              {rows.map((row) => (
                <Space key={row.key} align="start" wrap style={{ display: 'flex' }}>
                  <ObjectFields
                    schema={items}
                    name={[...name, row.name]}
                    listName={[row.name]}
                    language={language}
                  />
                  <Button
                    icon={<DeleteOutlined />}
                    aria-label={t('form.remove')}
                    onClick={() => remove(row.name)}
                  />
                </Space>
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add(initialObject(items))}
                style={{ marginTop: 8 }}
              >
                {t('form.add')}
              </Button>
            </>
          )}
        </Form.List>
      </Card>
    );
  }
  return (
    <Form.Item name={itemName} label={label} extra={hint} rules={rules}>
      <Input style={{ maxWidth: 420 }} />
    </Form.Item>
  );
}

/** An object's example values, for a new row of a list. */
function initialObject(schema: FieldSchema): Record<string, unknown> {
  const example = schema.example ?? schema.examples?.[0];
  if (example && typeof example === 'object') return { ...(example as object) };
  return Object.fromEntries(
    Object.entries(schema.properties ?? {}).map(([key, field]) => [key, initialValue(field)]),
  );
}

/** Every field of an object but `kind`, which the form sets itself. */
export function ObjectFields({
  schema,
  name,
  listName,
  language,
}: {
  schema: FieldSchema;
  name: Name;
  listName?: Name;
  language: Language;
}) {
  return (
    <>
      {Object.entries(schema.properties ?? {})
        .filter(([key]) => key !== 'kind')
        .map(([key, field]) => (
          <SchemaField
            key={key}
            schema={field}
            name={[...name, key]}
            {...(listName ? { listName: [...listName, key] } : {})}
            required={schema.required?.includes(key) ?? false}
            language={language}
          />
        ))}
    </>
  );
}

/** A union told apart by `kind` (a fixed price, or a percent, or an amount): pick one, then its fields. */
function VariantField({
  schema,
  name,
  listName,
  required,
  language,
}: {
  schema: FieldSchema;
  name: Name;
  listName?: Name | undefined;
  required: boolean;
  language: Language;
}) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const members = schema.anyOf ?? [];
  const kindOf = (member: FieldSchema) => String(variantKind(member));
  const itemName = listName ?? name;
  return (
    <Card size="small" title={textOf(schema['x-perk-label'], language) ?? schema.title}>
      <Form.Item
        name={[...itemName, 'kind']}
        label={t('form.variant')}
        rules={required ? [{ required: true, message: t('form.required') }] : []}
      >
        <Select
          style={{ maxWidth: 420 }}
          options={members.map((member) => ({
            value: kindOf(member),
            label: textOf(member['x-perk-label'], language) ?? member.title ?? kindOf(member),
          }))}
          onChange={(kind: string) => {
            const member = members.find((candidate) => kindOf(candidate) === kind);
            if (member) form.setFieldValue(name, { ...initialObject(member), kind });
          }}
        />
      </Form.Item>
      <Form.Item noStyle dependencies={[[...name, 'kind']]}>
        {({ getFieldValue }) => {
          const member = members.find(
            (candidate) => kindOf(candidate) === getFieldValue([...name, 'kind']),
          );
          return member ? (
            <ObjectFields
              schema={member}
              name={name}
              {...(listName ? { listName } : {})}
              language={language}
            />
          ) : null;
        }}
      </Form.Item>
    </Card>
  );
}
