import { describe, expect, it } from 'vitest';
import { ProblemCollector } from '../errors.ts';
import {
  type IdentifierInput,
  normalizeIdentifier,
  normalizeIdentifierList,
} from './identifiers.ts';

describe('normalizeIdentifier', () => {
  it.each<[IdentifierInput, string, string]>([
    [{ kind: 'phone', value: '8 (912) 345-67-89' }, 'RU', '+79123456789'],
    [{ kind: 'phone', value: '+79123456789' }, 'RU', '+79123456789'],
    [{ kind: 'phone', value: '+7 912 345 67 89' }, 'RU', '+79123456789'],
    [{ kind: 'phone', value: '9123456789' }, 'RU', '+79123456789'],
    [{ kind: 'phone', value: '+1 202 555 0143' }, 'RU', '+12025550143'],
    [{ kind: 'phone', value: '(202) 555-0143' }, 'US', '+12025550143'],
    [{ kind: 'email', value: '  Ivan.Petrov@Example.COM ' }, 'RU', 'ivan.petrov@example.com'],
    [{ kind: 'card', value: '1234 5678-9012 abcd' }, 'RU', '123456789012ABCD'],
    [{ kind: 'card', value: 'a1b2' }, 'RU', 'A1B2'],
  ])('%j with default country %s is %s', (input, country, expected) => {
    expect(normalizeIdentifier(input, country)).toEqual({
      ok: true,
      identifier: { kind: input.kind, system: '', value: expected },
    });
  });

  it('keeps an external id as written and lower-cases its system', () => {
    expect(
      normalizeIdentifier({ kind: 'external', system: ' Shopify ', value: ' Cust-42 ' }, 'RU'),
    ).toEqual({ ok: true, identifier: { kind: 'external', system: 'shopify', value: 'Cust-42' } });
  });

  it.each<[IdentifierInput, string, string]>([
    [{ kind: 'phone', value: '+7 123' }, 'invalid_phone', 'value'],
    [{ kind: 'phone', value: 'call me' }, 'invalid_phone', 'value'],
    [{ kind: 'email', value: 'ivan@' }, 'invalid_email', 'value'],
    [{ kind: 'email', value: 'ivan example.com' }, 'invalid_email', 'value'],
    [{ kind: 'card', value: '12 3' }, 'invalid_card', 'value'],
    [{ kind: 'card', value: '1234/5678' }, 'invalid_card', 'value'],
    [{ kind: 'card', value: '1'.repeat(33) }, 'invalid_card', 'value'],
    [{ kind: 'card', value: '12345', system: 'pos' }, 'system_not_allowed', 'system'],
    [{ kind: 'external', value: '42' }, 'missing_system', 'system'],
    [{ kind: 'external', value: '42', system: 'my shop' }, 'invalid_system', 'system'],
    [{ kind: 'external', value: '   ', system: 'shopify' }, 'invalid_external_id', 'value'],
  ])('refuses %j with %s at %s', (input, code, field) => {
    expect(normalizeIdentifier(input, 'RU')).toMatchObject({ ok: false, code, field });
  });
});

describe('normalizeIdentifierList', () => {
  it('reports every bad identifier and a second spelling of the same one', () => {
    const problems = new ProblemCollector();
    const accepted = normalizeIdentifierList(
      [
        { kind: 'phone', value: '+79123456789' },
        { kind: 'email', value: 'bad' },
        { kind: 'phone', value: '8 912 345-67-89' },
        { kind: 'card', value: '0001 0002' },
      ],
      'RU',
      problems,
      '/identifiers',
    );
    expect(accepted).toEqual([
      { kind: 'phone', system: '', value: '+79123456789' },
      { kind: 'card', system: '', value: '00010002' },
    ]);
    expect(problems.problems.map((p) => [p.field, p.code])).toEqual([
      ['/identifiers/1/value', 'invalid_email'],
      ['/identifiers/2/value', 'duplicate_identifier'],
    ]);
  });
});
