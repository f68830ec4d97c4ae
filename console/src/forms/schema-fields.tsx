import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, Select, Space, Switch, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Language } from '../i18n';
import { ProductPicker, ScopeField } from './product-fields';
import { type Unit, UnitNumber } from './unit-number';

interface Text {
  ru: string;
  en: string;
}

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

/** The values a field may take: an enumeration, or a union of constants. */
function choicesOf(schema: FieldSchema): (string | number)[] | undefined {
  if (schema.enum) return schema.enum;
  const members = schema.anyOf;
  if (!members?.every((member) => member.const !== undefined)) return undefined;
  return members.map((member) => member.const as string | number);
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
