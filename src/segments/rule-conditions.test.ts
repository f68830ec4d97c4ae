import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { ruleConditions } from './rule-conditions.ts';
import { leafSchemas } from './rule-schema.ts';
import { validateRule } from './validate-rule.ts';

type Node = Record<string, unknown>;

describe('the conditions a rule builder draws', () => {
  it('are every leaf of the rule language, in its order', () => {
    expect(ruleConditions.map((condition) => condition.kind)).toEqual(Object.keys(leafSchemas));
  });

  it.each(ruleConditions.map((condition) => [condition.kind, condition] as const))(
    '%s: its example is a valid rule, alone and in a group, and every field is labelled in ru and en',
    (kind, condition) => {
      expect(condition.example.kind).toBe(kind);
      expect(validateRule(condition.example)).toEqual({ ok: true, rule: condition.example });
      expect(validateRule({ kind: 'or', rules: [condition.example] }).ok).toBe(true);
      const schema = condition.schema;
      expect(schema.examples).toEqual([condition.example]);
      expect(schema['x-perk-component']).toBeUndefined();
      for (const [name, field] of Object.entries(schema.properties as Record<string, Node>)) {
        if (name === 'kind') continue;
        const label = field['x-perk-label'] as { ru: string; en: string };
        expect(label.ru, `${kind}.${name}`).toMatch(/[А-Яа-я]/);
        expect(label.en, `${kind}.${name}`).toMatch(/^[^А-Яа-яЁё]+$/);
        expect(field.examples, `${kind}.${name}`).toHaveLength(1);
      }
    },
  );

  it('validate as the bare leaves do: the texts add no rule', () => {
    const inputs = [
      { kind: 'spend', days: 90, min: 500_000 },
      { kind: 'spend', days: 0, max: -1 },
      { kind: 'spend', min: 1, colour: 'red' },
      { kind: 'gender', is: 'other' },
      { kind: 'city', in: [] },
    ];
    for (const condition of ruleConditions) {
      for (const input of inputs) {
        expect(
          Value.Check(condition.schema as never, input),
          `${condition.kind} ${JSON.stringify(input)}`,
        ).toBe(Value.Check(leafSchemas[condition.kind], input));
      }
    }
  });
});
