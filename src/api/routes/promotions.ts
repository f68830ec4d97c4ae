import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { permissions } from '../../access/permissions.ts';
import { PromotionDefinitionSchema } from '../../engine/promotion/promotion-schema.ts';
import { RulesetSettingsSchema } from '../../engine/ruleset/ruleset-settings.ts';
import {
  createPromotion,
  getPromotionChecked,
  listPromotions,
  replacePromotion,
  setPromotionStatus,
} from '../../promotions/promotions.ts';
import { referenceCodes } from '../../promotions/reference-codes.ts';
import type { RulesetCache } from '../../promotions/ruleset-cache.ts';
import {
  patchRulesetSettings,
  putRulesetSettings,
} from '../../promotions/ruleset-settings-service.ts';
import {
  currentRulesetSettings,
  latestRulesetVersion,
  storedRulesetSettings,
} from '../../promotions/ruleset-versions.ts';
import type { AppDeps } from '../app.ts';
import { IfMatchHeaders, ifMatchRevision, withEtag } from '../revision-headers.ts';
import { Id, problemResponses } from '../schemas.ts';
import { serviceValidatesBody } from '../validator.ts';
import { WatchFinding } from '../watch-schemas.ts';

const Status = Type.Enum(['draft', 'active', 'paused', 'archived']);

const OverrideReason = Type.String({
  minLength: 1,
  maxLength: 500,
  description:
    'Why to activate despite findings of severity error (without it such an activation is ' +
    'refused with 422 activation_findings); audited with the findings passed over',
});
const OverrideQuery = Type.Object(
  { overrideReason: Type.Optional(OverrideReason) },
  { additionalProperties: false },
);

const Warning = Type.Object(
  {
    field: Type.String({ description: 'JSON pointer into the definition' }),
    code: Type.Enum([...referenceCodes], {
      description:
        'Stable codes. Catalogue references that match nothing today (unknown_sku, ' +
        'unknown_brand, unknown_category, empty_scope: a selector reaching no product) and ' +
        'no_coupon_series (a coupon is required and no series gives codes yet) never stop a ' +
        'save. The other codes refuse a save (422), except of a paused or archived promotion, ' +
        'and show up on a read when what the promotion names has gone since',
    }),
    message: Type.String(),
  },
  { 'x-perk-component': 'PromotionWarning' },
);

const StoredPromotion = Type.Object(
  {
    id: Type.String(),
    status: Status,
    revision: Type.Integer(),
    definition: PromotionDefinitionSchema,
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
    rulesetVersion: Type.Optional(Type.Integer()),
    warnings: Type.Optional(
      Type.Array(Warning, {
        description: 'On a save and on a read of one promotion: what it names that matches nothing',
      }),
    ),
    findings: Type.Optional(
      Type.Array(WatchFinding, {
        description:
          'On a save: what the promotion watch finds about this promotion over the active ' +
          'ruleset (overlaps, reasons it can never fire, margin risks), each with an example cart',
      }),
    ),
  },
  { 'x-perk-component': 'StoredPromotion' },
);

export const promotionRoutes: FastifyPluginAsyncTypebox<
  AppDeps & { rulesets: RulesetCache }
> = async (app, { db, rulesets }) => {
  const afterChange = async <T>(result: T) => {
    await rulesets.refresh();
    return result;
  };

  app.post(
    '/v1/promotions',
    {
      config: { roles: permissions.promotionsWrite },
      validatorCompiler: serviceValidatesBody,
      schema: {
        tags: ['promotions'],
        summary: 'Create a promotion',
        description:
          'Answers every problem of the body at once: 400 for the definition itself, 422 when ' +
          'it names stores, stacking groups (declared in the ruleset settings), segments or ' +
          'tiers that do not exist. Catalogue references that match nothing come back as ' +
          '`warnings`. Validity is two instants (validFrom, validTo) or two local dates ' +
          '(validFromDate, validToDate, inclusive, read in each store’s time zone). The answer ' +
          'lists the promotion watch’s `findings`; creating an active promotion with a finding ' +
          'of severity error is refused (422 activation_findings) unless `overrideReason` is given.',
        querystring: OverrideQuery,
        body: PromotionDefinitionSchema,
        response: { 201: StoredPromotion, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(
        await afterChange(
          await createPromotion(db, request.actor, request.body, {
            overrideReason: request.query.overrideReason,
          }),
        ),
      ),
  );
  app.put(
    '/v1/promotions/:id',
    {
      config: { roles: permissions.promotionsWrite },
      validatorCompiler: serviceValidatesBody,
      schema: {
        tags: ['promotions'],
        description:
          'The whole definition is replaced, checked as on create (activating it too: findings of severity error refuse it unless `overrideReason` is given). With If-Match: <revision> from the last read, a promotion changed since is refused (412 precondition_failed, with currentRevision). Audited.',
        summary:
          'Replace a promotion; send If-Match: <revision> to refuse overwriting a concurrent edit',
        params: Type.Object({ id: Id }),
        headers: IfMatchHeaders,
        querystring: OverrideQuery,
        body: PromotionDefinitionSchema,
        response: { 200: StoredPromotion, ...problemResponses },
      },
    },
    async (request, reply) => {
      const expected = ifMatchRevision(request.headers);
      const stored = await replacePromotion(
        db,
        request.actor,
        request.params.id,
        request.body,
        expected,
        { overrideReason: request.query.overrideReason },
      );
      return withEtag(reply, stored.revision, await afterChange(stored));
    },
  );
  app.post(
    '/v1/promotions/:id/status',
    {
      config: { roles: permissions.promotionsWrite },
      schema: {
        tags: ['promotions'],
        description:
          'Active promotions apply from the next calculation; paused and archived ones do not. A move the lifecycle does not allow is 409 status_move_not_allowed; activating checks what the promotion names again (422 when something has gone) and runs the promotion watch: a finding of severity error refuses it (422 activation_findings, the findings under `findings`) unless `overrideReason` is given, which is audited. Audited.',
        summary: 'Activate, pause or archive a promotion',
        params: Type.Object({ id: Id }),
        body: Type.Object(
          { status: Status, overrideReason: Type.Optional(OverrideReason) },
          { additionalProperties: false },
        ),
        response: { 200: StoredPromotion, ...problemResponses },
      },
    },
    async (request) =>
      afterChange(
        await setPromotionStatus(db, request.actor, request.params.id, request.body.status, {
          overrideReason: request.body.overrideReason,
        }),
      ),
  );
  app.get(
    '/v1/promotions',
    {
      config: { roles: permissions.read },
      schema: {
        tags: ['promotions'],
        description: 'Every promotion, or those of one status, with its definition and revision.',
        summary: 'List promotions',
        querystring: Type.Object(
          { status: Type.Optional(Status) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(StoredPromotion) }) },
      },
    },
    async (request) => ({ items: await listPromotions(db, request.query.status) }),
  );
  app.get(
    '/v1/promotions/:id',
    {
      config: { roles: permissions.read },
      schema: {
        tags: ['promotions'],
        description:
          'warnings lists what the promotion names that matches nothing today (a deleted category, an unknown SKU…), so a marketer sees why it never applies.',
        summary: 'Get a promotion, with warnings about what it names that matches nothing now',
        params: Type.Object({ id: Id }),
        response: { 200: StoredPromotion, ...problemResponses },
      },
    },
    async (request, reply) => {
      const stored = await getPromotionChecked(db, request.params.id);
      return withEtag(reply, stored.revision, stored);
    },
  );
  app.get(
    '/v1/ruleset',
    {
      config: { roles: permissions.read },
      schema: {
        tags: ['promotions'],
        description:
          'The ruleset version changes with every change of promotions or settings; calculations and receipts name the version they were priced with.',
        summary: 'The current ruleset version and its settings',
        response: {
          200: Type.Object({ version: Type.Integer(), settings: RulesetSettingsSchema }),
        },
      },
    },
    async () => ({
      version: await latestRulesetVersion(db),
      settings: await currentRulesetSettings(db),
    }),
  );
  const SavedSettings = Type.Object({
    settings: RulesetSettingsSchema,
    revision: Type.Integer({ description: 'Of the settings; also their ETag' }),
    rulesetVersion: Type.Integer(),
  });
  app.get(
    '/v1/ruleset/settings',
    {
      config: { roles: permissions.read },
      schema: {
        tags: ['promotions'],
        summary: 'The ruleset settings and their revision (the ETag)',
        description:
          'Stacking groups with their order and mode, discount caps per line and per check, ' +
          'manual discount limits and rounding of the check total; the revision is also sent as ' +
          'the ETag, to be given back in If-Match.',
        response: {
          200: Type.Object({
            settings: RulesetSettingsSchema,
            revision: Type.Integer({ description: '0 while never saved' }),
          }),
        },
      },
    },
    async (_request, reply) => {
      const stored = await storedRulesetSettings(db);
      return withEtag(reply, stored.revision, stored);
    },
  );
  app.put(
    '/v1/ruleset/settings',
    {
      config: { roles: permissions.promotionsWrite },
      validatorCompiler: serviceValidatesBody,
      schema: {
        tags: ['promotions'],
        summary:
          'Replace stacking groups (order and mode), discount limits and rounding of the check total',
        description:
          'The whole settings object is replaced. Stacking groups declare the order promotions ' +
          'apply in and how within a group (cumulative, first, best); limits cap discounts per ' +
          'line and per check. Audited. ' +
          'Every field but roundTotalDownToMinor is required. Send If-Match with the ETag read ' +
          'to refuse overwriting a concurrent change (412 precondition_failed); without it the ' +
          'write is unconditional.',
        headers: IfMatchHeaders,
        body: RulesetSettingsSchema,
        response: { 200: SavedSettings, ...problemResponses },
      },
    },
    async (request, reply) => {
      const expected = ifMatchRevision(request.headers);
      const saved = await putRulesetSettings(db, request.actor, request.body, expected);
      return withEtag(reply, saved.revision, await afterChange(saved));
    },
  );
  app.patch(
    '/v1/ruleset/settings',
    {
      config: { roles: permissions.promotionsWrite },
      validatorCompiler: serviceValidatesBody,
      schema: {
        tags: ['promotions'],
        summary: 'Change some ruleset settings (JSON merge patch)',
        description:
          'Changes only the fields sent (RFC 7396; application/json or ' +
          'application/merge-patch+json); `null` gives a field back its default and ' +
          '`stackingGroups` is replaced whole. The merged settings are checked whole, every ' +
          'problem answered at once; a refused patch changes nothing. If-Match as for PUT.',
        headers: IfMatchHeaders,
        body: Type.Partial(RulesetSettingsSchema),
        response: { 200: SavedSettings, ...problemResponses },
      },
    },
    async (request, reply) => {
      const expected = ifMatchRevision(request.headers);
      const saved = await patchRulesetSettings(db, request.actor, request.body, expected);
      return withEtag(reply, saved.revision, await afterChange(saved));
    },
  );
};
