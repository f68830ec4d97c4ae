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
        description:
          "Each mechanic a promotion's `mechanic.kind` may name, with its args schema (also under components/schemas as …Args) carrying the form: labels, hints, units and an example that saves.",
        summary: 'Mechanics with ru/en names and the schemas their forms are rendered from',
        response: { 200: Type.Object({ items: Type.Array(MechanicView) }) },
      },
    },
    async () => ({ items }),
  );
};
