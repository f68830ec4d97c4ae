import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { permissions } from '../../access/permissions.ts';
import { diffRulesetVersions, listRulesetVersions } from '../../promotions/ruleset-history.ts';
import type { AppDeps } from '../app.ts';
import { Limit, problemResponses } from '../schemas.ts';

const Version = Type.Integer({ minimum: 0, maximum: 2_147_483_647 });

const RulesetVersionEntry = Type.Object(
  {
    version: Type.Integer(),
    createdAt: Type.String({ format: 'date-time' }),
    actor: Type.String({ description: 'Who made the change: an operator’s or API key’s name' }),
    reason: Type.String({ description: 'What the change was, e.g. "promotion spring changed"' }),
    promotions: Type.Integer({ description: 'Active promotions in this version' }),
    settingsRevision: Type.Integer(),
    changes: Type.Object(
      {
        added: Type.Integer({ description: 'Promotions that became active' }),
        removed: Type.Integer({ description: 'Promotions that stopped being active' }),
        changed: Type.Integer({ description: 'Active promotions whose definition changed' }),
        settings: Type.Integer({ description: 'Settings fields changed' }),
      },
      { description: 'Against the version before it (the empty ruleset before the first)' },
    ),
  },
  { 'x-perk-component': 'RulesetVersionEntry' },
);

const FieldChange = Type.Object(
  {
    path: Type.String({ description: 'JSON pointer into the definition (or the settings)' }),
    before: Type.Optional(Type.Unknown({ description: 'Absent: the field was not set' })),
    after: Type.Optional(Type.Unknown({ description: 'Absent: the field is no longer set' })),
  },
  { 'x-perk-component': 'RulesetFieldChange' },
);

const RulesetVersionDiff = Type.Object(
  {
    version: Type.Integer(),
    against: Type.Integer({ description: 'The version compared with; 0 is the empty ruleset' }),
    createdAt: Type.String({ format: 'date-time' }),
    actor: Type.String(),
    reason: Type.String(),
    promotions: Type.Array(
      Type.Object(
        {
          promotionId: Type.String(),
          name: Type.String(),
          mechanic: Type.String({ description: 'Its mechanic’s kind' }),
          change: Type.Enum(['added', 'removed', 'changed'], {
            description:
              'added: active in `version`, not in `against` (created active or activated); ' +
              'removed: the reverse (paused or archived); changed: active in both, defined ' +
              'otherwise',
          }),
          fields: Type.Array(FieldChange, { description: 'For changed: every field that differs' }),
        },
        { 'x-perk-component': 'RulesetPromotionChange' },
      ),
      { description: 'In promotion id order' },
    ),
    settings: Type.Array(FieldChange),
  },
  { 'x-perk-component': 'RulesetVersionDiff' },
);

export const rulesetHistoryRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db }) => {
  app.get(
    '/v1/ruleset/versions',
    {
      config: { roles: permissions.read },
      schema: {
        tags: ['promotions'],
        summary: 'Ruleset versions, newest first, with who changed what',
        description:
          'Every change of promotions or settings makes a version: the settings and every ' +
          'active promotion as they stood. Each version comes with the counts of what changed ' +
          'against the one before it; GET /v1/ruleset/versions/{version}/diff gives the fields.',
        querystring: Type.Object(
          {
            limit: Limit,
            before: Type.Optional({ ...Version, description: 'nextBefore of the previous page' }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(RulesetVersionEntry),
            nextBefore: Type.Union([Type.Integer(), Type.Null()]),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) =>
      listRulesetVersions(db, { before: request.query.before, limit: request.query.limit }),
  );
  app.get(
    '/v1/ruleset/versions/:version/diff',
    {
      config: { roles: permissions.read },
      schema: {
        tags: ['promotions'],
        summary: 'What changed between two ruleset versions, field by field',
        description:
          'Per promotion: added, removed or changed, with every changed field as a JSON pointer ' +
          'and its values before and after; then the settings fields changed. Objects are ' +
          'compared key by key, lists of objects of one length item by item, other lists whole. ' +
          '`against` defaults to the version before; 0 is the empty ruleset with default ' +
          'settings. 404 ruleset_version_not_found for either version.',
        params: Type.Object({ version: Version }),
        querystring: Type.Object(
          { against: Type.Optional(Version) },
          { additionalProperties: false },
        ),
        response: { 200: RulesetVersionDiff, ...problemResponses },
      },
    },
    async (request) => diffRulesetVersions(db, request.params.version, request.query.against),
  );
};
