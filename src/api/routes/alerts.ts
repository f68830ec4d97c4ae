import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { permissions } from '../../access/permissions.ts';
import { listAlertHistory } from '../../alerts/alert-history.ts';
import { alertKindNames, alertKinds } from '../../alerts/alert-kinds.ts';
import {
  type AlertRuleInput,
  createAlertRule,
  getAlertRule,
  listAlertRules,
  replaceAlertRule,
} from '../../alerts/alert-rules.ts';
import type { AppDeps } from '../app.ts';
import { IfMatchHeaders, ifMatchRevision, withEtag } from '../revision-headers.ts';
import { Limit, problemResponses, Uuid } from '../schemas.ts';

const tags = ['watch'];
const Texts = Type.Object({ ru: Type.String(), en: Type.String() });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const KindName = Type.Enum(alertKindNames, { 'x-perk-component': 'AlertKindName' });

const AlertKindView = Type.Object(
  {
    kind: Type.String(),
    title: Texts,
    description: Texts,
    params: Type.Array(
      Type.Object({
        name: Type.String(),
        label: Texts,
        type: Type.Enum(['integer', 'choice']),
        minimum: Type.Optional(Type.Integer()),
        maximum: Type.Optional(Type.Integer()),
        choices: Type.Optional(Type.Array(Type.String())),
        default: Type.Union([Type.Integer(), Type.String()]),
      }),
    ),
  },
  { 'x-perk-component': 'AlertKind' },
);

const kindsDoc = alertKinds
  .map(
    (kind) =>
      `\`${kind.kind}\` (${kind.title.en}): ${kind.params
        .map((param) =>
          param.type === 'integer'
            ? `${param.name} ${param.minimum}..${param.maximum}, default ${param.default}`
            : `${param.name} one of ${param.choices.join('/')}, default ${param.default}`,
        )
        .join('; ')}`,
  )
  .join('. ');

const AlertRuleBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    kind: KindName,
    params: Type.Record(Type.String(), Type.Union([Type.Integer(), Type.String()]), {
      default: {},
      description: `The kind's parameters; one absent takes its default. ${kindsDoc}.`,
    }),
    emails: Type.Array(Type.String({ format: 'email', maxLength: 254 }), {
      maxItems: 50,
      default: [],
      description: 'Recipients of one e-mail per notice (needs PERK_SMTP_URL)',
    }),
    webhook: Type.Union(
      [
        Type.Object(
          {
            url: Type.String({ minLength: 1, maxLength: 2000 }),
            secret: Type.Optional(
              Nullable(
                Type.String({
                  minLength: 16,
                  maxLength: 200,
                  pattern: '^[\\x21-\\x7e]+$',
                  description:
                    'Signs each notice: Perk-Signature t=<unix seconds>,v1=<hex HMAC-SHA256 of ' +
                    '"t.body">. Absent on a replace keeps the stored one; null drops it',
                }),
              ),
            ),
          },
          { additionalProperties: false },
        ),
        Type.Null(),
      ],
      { default: null },
    ),
    language: Type.Enum(['ru', 'en'], { description: 'Of the e-mail subject and text' }),
    throttleMinutes: Type.Integer({
      minimum: 1,
      maximum: 10_080,
      default: 60,
      description: 'An incident still open is notified again at most once per this period',
    }),
    active: Type.Boolean({ default: true }),
  },
  { additionalProperties: false, 'x-perk-component': 'AlertRuleInput' },
);

const AlertRule = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    kind: Type.String(),
    params: Type.Record(Type.String(), Type.Union([Type.Integer(), Type.String()])),
    emails: Type.Array(Type.String()),
    webhook: Nullable(Type.Object({ url: Type.String(), hasSecret: Type.Boolean() })),
    language: Type.Enum(['ru', 'en']),
    throttleMinutes: Type.Integer(),
    active: Type.Boolean(),
    revision: Type.Integer(),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { 'x-perk-component': 'AlertRule' },
);

const AlertIncident = Type.Object(
  {
    id: Type.Integer(),
    ruleId: Uuid,
    ruleName: Type.String(),
    kind: Type.String(),
    subject: Type.String({ description: 'What it is about: a key id, a promotion id, a job…' }),
    openedAt: Type.String({ format: 'date-time' }),
    lastNotifiedAt: Nullable(Type.String({ format: 'date-time' })),
    closedAt: Nullable(Type.String({ format: 'date-time' })),
    details: Type.Record(Type.String(), Type.Union([Type.Integer(), Type.String()])),
    text: Texts,
    deliveries: Type.Array(
      Type.Object({
        id: Type.Integer(),
        notice: Type.Enum(['opened', 'reminder']),
        channel: Type.Enum(['email', 'webhook']),
        status: Type.Enum(['pending', 'sent', 'dead']),
        attempts: Type.Integer(),
        lastError: Nullable(Type.String()),
        sentAt: Nullable(Type.String({ format: 'date-time' })),
        createdAt: Type.String({ format: 'date-time' }),
      }),
    ),
  },
  { 'x-perk-component': 'AlertIncident' },
);

const ruleRefusals =
  'Refused 400 with every field at fault: `/params/<name>` as the kind defines them, ' +
  '`no_channel` (neither e-mail nor webhook), `smtp_not_configured`, `duplicate_email`, ' +
  '`invalid_webhook_url`. Recorded in the audit log (without the webhook secret).';

export const alertRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db, config }) => {
  const smtpConfigured = config.alerts.smtpUrl !== undefined;
  app.get(
    '/v1/watch/alerts/kinds',
    {
      config: { roles: permissions.alertsRead },
      schema: {
        tags,
        summary: 'The kinds of alert rules, with their parameters in Russian and English',
        description: 'What the console builds its rule form from.',
        response: { 200: Type.Object({ items: Type.Array(AlertKindView) }), ...problemResponses },
      },
    },
    async () => ({
      items: alertKinds.map(({ kind, title, description, params }) => ({
        kind,
        title,
        description,
        params: params.map((param) =>
          param.type === 'choice' ? { ...param, choices: [...param.choices] } : param,
        ),
      })),
    }),
  );
  app.get(
    '/v1/watch/alerts/rules',
    {
      config: { roles: permissions.alertsRead },
      schema: {
        tags,
        summary: 'Every alert rule, oldest first',
        description: 'Webhook secrets are never shown, only whether there is one.',
        response: { 200: Type.Object({ items: Type.Array(AlertRule) }), ...problemResponses },
      },
    },
    async () => ({ items: await listAlertRules(db) }),
  );
  app.get(
    '/v1/watch/alerts/rules/:id',
    {
      config: { roles: permissions.alertsRead },
      schema: {
        tags,
        summary: 'One alert rule, with its revision as the ETag',
        description: '404 alert_rule_not_found.',
        params: Type.Object({ id: Uuid }),
        response: { 200: AlertRule, ...problemResponses },
      },
    },
    async (request, reply) => {
      const rule = await getAlertRule(db, request.params.id);
      return withEtag(reply, rule.revision, rule);
    },
  );
  app.post(
    '/v1/watch/alerts/rules',
    {
      config: { roles: permissions.alertsWrite },
      schema: {
        tags,
        summary: 'Create an alert rule',
        description:
          'The `alerts` job (every minute, or `POST /v1/jobs/alerts/run` at a business time) ' +
          'checks every active rule: a condition opens one incident per rule and subject and ' +
          'notifies each channel; while it stays true it is notified again at most once per ' +
          '`throttleMinutes`; when it clears the incident is closed. ' +
          ruleRefusals,
        body: AlertRuleBody,
        response: { 201: AlertRule, ...problemResponses },
      },
    },
    async (request, reply) => {
      const rule = await createAlertRule(db, request.actor, request.body as AlertRuleInput, {
        now: new Date(),
        smtpConfigured,
      });
      return reply.status(201).send(withEtag(reply, rule.revision, rule));
    },
  );
  app.put(
    '/v1/watch/alerts/rules/:id',
    {
      config: { roles: permissions.alertsWrite },
      schema: {
        tags,
        summary: 'Replace an alert rule (If-Match its ETag)',
        description: `Open incidents stay open under the new terms. 404 alert_rule_not_found; 412 precondition_failed when If-Match is stale. ${ruleRefusals}`,
        params: Type.Object({ id: Uuid }),
        headers: IfMatchHeaders,
        body: AlertRuleBody,
        response: { 200: AlertRule, ...problemResponses },
      },
    },
    async (request, reply) => {
      const rule = await replaceAlertRule(
        db,
        request.actor,
        request.params.id,
        request.body as AlertRuleInput,
        {
          now: new Date(),
          smtpConfigured,
          expectedRevision: ifMatchRevision(request.headers),
        },
      );
      return withEtag(reply, rule.revision, rule);
    },
  );
  app.get(
    '/v1/watch/alerts',
    {
      config: { roles: permissions.alertsRead },
      schema: {
        tags,
        summary: 'Alert history: incidents newest first, each with its notices',
        description:
          'A page of `limit` incidents; pass `nextBefore` as `before` for the next. Each notice ' +
          'shows its channel, status (pending, sent, dead after the last try), tries and last error.',
        querystring: Type.Object(
          {
            limit: Type.Optional(Limit),
            before: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
            ruleId: Type.Optional(Uuid),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(AlertIncident),
            nextBefore: Nullable(Type.String()),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) =>
      listAlertHistory(db, {
        limit: request.query.limit ?? 50,
        ...(request.query.before !== undefined ? { before: request.query.before } : {}),
        ...(request.query.ruleId !== undefined ? { ruleId: request.query.ruleId } : {}),
      }),
  );
};
