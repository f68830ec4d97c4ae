import { Type } from 'typebox';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { schemaProblems } from '../promotion/problem.ts';
import { validatePromotion } from '../promotion/validate-promotion.ts';
import { promo } from '../testing/fixtures.ts';
import { componentName, describeArgs, type Text } from './describe-args.ts';
import { mechanics } from './registry.ts';

type Node = Record<string, unknown>;

const cyrillic = /[а-яё]/i;

/** Every field a form shows, by JSON pointer: object properties (but `kind`), array items' and union members' fields; a product selector is one field (its widget draws it). */
function fieldsOf(node: Node, path = ''): Array<[string, Node]> {
  if (node['x-perk-widget'] === 'product-scope') return [];
  const found: Array<[string, Node]> = [];
  if (node.type === 'array') found.push(...fieldsOf(node.items as Node, `${path}/items`));
  for (const [i, member] of ((node.anyOf as Node[] | undefined) ?? []).entries())
    found.push(...fieldsOf(member, `${path}/anyOf/${i}`));
  for (const [name, child] of Object.entries((node.properties as Record<string, Node>) ?? {})) {
    if (name === 'kind') continue;
    found.push([`${path}/${name}`, child], ...fieldsOf(child, `${path}/${name}`));
  }
  return found;
}

function expectBothLanguages(text: unknown, where: string): void {
  const { ru, en } = (text ?? {}) as Partial<Text>;
  expect(ru, `${where}: ru`).toMatch(cyrillic);
  expect(en, `${where}: en`).toMatch(/[a-z]/i);
  expect(en, `${where}: en`).not.toMatch(cyrillic);
}

describe.each(mechanics.map((mechanic) => [mechanic.code, mechanic] as const))(
  'the %s mechanic describes itself',
  (code, mechanic) => {
    const schema = mechanic.argsSchema as unknown as Node;

    it('with ru and en name and description, and its component name', () => {
      expectBothLanguages(schema['x-perk-name'], 'name');
      expectBothLanguages(schema['x-perk-description'], 'description');
      expect(schema.title).toBe((schema['x-perk-name'] as Text).en);
      expect(schema['x-perk-component']).toBe(componentName(code));
    });

    it('with an example its own validation accepts, in a promotion too', () => {
      const [example] = schema.examples as [{ kind: string }];
      expect(example.kind).toBe(code);
      expect(schemaProblems(mechanic.argsSchema, example)).toEqual([]);
      expect(mechanic.check?.(example) ?? []).toEqual([]);
      expect(validatePromotion(promo('p', example as never)).ok).toBe(true);
    });

    it('with ru and en labels and a valid example on every field', () => {
      const fields = fieldsOf(schema);
      expect(fields.length).toBeGreaterThan(0);
      for (const [path, field] of fields) {
        expectBothLanguages(field['x-perk-label'], path);
        expect(field.title, path).toBe((field['x-perk-label'] as Text).en);
        if (field['x-perk-hint'] !== undefined) expectBothLanguages(field['x-perk-hint'], path);
        const examples = field.examples as unknown[] | undefined;
        expect(examples, `${path}: examples`).toHaveLength(1);
        expect(Value.Check(field as never, examples?.[0]), `${path}: example`).toBe(true);
      }
    });

    it('with a unit on every number, named as the field says, and every option labelled', () => {
      for (const [path, field] of fieldsOf(schema)) {
        const unit = field['x-perk-unit'];
        if (field.type === 'integer') expect(unit, path).toBeDefined();
        if (path.endsWith('Minor')) expect(unit, path).toBe('money-minor');
        if (path.endsWith('Bp')) expect(['percent-bp', 'multiplier-bp'], path).toContain(unit);
        for (const value of (field.enum as string[] | undefined) ?? [])
          expectBothLanguages((field['x-perk-options'] as Record<string, Text>)?.[value], path);
      }
    });

    it('with a label on every member of a union', () => {
      for (const [path, field] of fieldsOf(schema))
        for (const member of (field.anyOf as Node[] | undefined) ?? [])
          expectBothLanguages(member['x-perk-label'], `${path} member`);
    });
  },
);

describe('describeArgs', () => {
  const bare = Type.Object(
    { kind: Type.Literal('x-y'), amountMinor: Type.Optional(Type.Integer({ minimum: 1 })) },
    { additionalProperties: false },
  );
  const text = {
    name: { ru: 'Икс', en: 'X' },
    description: { ru: 'Икс', en: 'X' },
    example: { kind: 'x-y' as const },
    fields: {
      amountMinor: {
        label: { ru: 'Сумма', en: 'Amount' },
        unit: 'money-minor' as const,
        example: 100,
      },
    },
  };

  it('leaves validation and optional fields as they were, and the bare schema untouched', () => {
    const described = describeArgs(bare, text);
    for (const value of [{ kind: 'x-y' }, { kind: 'x-y', amountMinor: 5 }])
      expect(Value.Check(described, value)).toBe(true);
    for (const value of [{ kind: 'x-y', amountMinor: 0 }, { kind: 'x-y', other: 1 }, {}])
      expect(Value.Check(described, value)).toBe(false);
    expect(Type.IsOptional(described.properties.amountMinor)).toBe(true);
    expect(bare.properties.amountMinor).not.toHaveProperty('x-perk-label');
    expect(described['x-perk-component' as never]).toBe('XYArgs');
  });

  it('refuses to describe a field the schema does not have', () => {
    const wrong = { ...text, fields: { ...text.fields, amountMinr: text.fields.amountMinor } };
    expect(() => describeArgs(bare, wrong)).toThrow('no field amountMinr to describe');
  });
});
