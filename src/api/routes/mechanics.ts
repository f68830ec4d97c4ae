import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { permissions } from '../../access/permissions.ts';
import { mechanics } from '../../engine/mechanics/registry.ts';
import type { AppDeps } from '../app.ts';

const Text = Type.Object({ ru: Type.String(), en: Type.String() });

const MechanicView = Type.Object({
  code: Type.String({ description: 'The `kind` of a promotion’s mechanic' }),
  name: Text,
  description: Text,
  component: Type.String({ description: 'The args schema’s name among the OpenAPI components' }),
  argsSchema: Type.Record(Type.String(), Type.Unknown(), {
    description:
      'JSON Schema of `{kind, ...args}` with the form: title, description, examples and ' +
      'x-perk-label, x-perk-hint, x-perk-unit, x-perk-widget, x-perk-options ({ru, en})',
  }),
  example: Type.Record(Type.String(), Type.Unknown()),
});

type Described = Record<string, unknown> & {
  'x-perk-name': { ru: string; en: string };
  'x-perk-description': { ru: string; en: string };
  'x-perk-component': string;
  examples: [Record<string, unknown>];
};

/** Each mechanic with the schema its form is rendered from (engine/mechanics/describe-args.ts). */
export const mechanicRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app) => {
  const items = mechanics.map((mechanic) => {
    const schema = mechanic.argsSchema as unknown as Described;
    return {
      code: mechanic.code,
      name: schema['x-perk-name'],
      description: schema['x-perk-description'],
      component: schema['x-perk-component'],
      argsSchema: schema,
      example: schema.examples[0],
    };
  });
  app.get(
    '/v1/mechanics',
    {
      config: { roles: permissions.read },
      schema: {
        tags: ['promotions'],
        summary: 'Mechanics with ru/en names and the schemas their forms are rendered from',
        response: { 200: Type.Object({ items: Type.Array(MechanicView) }) },
      },
    },
    async () => ({ items }),
  );
};

type Json = Record<string, unknown>;

/**
 * The OpenAPI document with each mechanic's args schema as a named component
 * (`#/components/schemas/PercentOffArgs`…) referred to wherever it appears, so clients generated
 * from the document get one type per mechanic. OpenAPI 3.0 has no `examples` in a schema, so
 * there a schema's first example becomes its `example`. The routes' own schemas stay untouched.
 */
export function withMechanicComponents<T extends object>(document: T): T {
  const openapi30 = String((document as Json).openapi ?? '').startsWith('3.0');
  const named: Json = {};
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    const { 'x-perk-component': component, ...rest } = node as Json;
    if (openapi30 && Array.isArray(rest.examples)) {
      const [example] = rest.examples;
      delete rest.examples;
      rest.example = example;
    }
    const copy = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, walk(value)]));
    if (typeof component !== 'string') return copy;
    named[component] = copy;
    return { $ref: `#/components/schemas/${component}` };
  };
  const result = walk(document) as Json & { components?: Json & { schemas?: Json } };
  const components = result.components ?? {};
  return {
    ...result,
    components: { ...components, schemas: { ...components.schemas, ...named } },
  } as T;
}
