import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import { schemaProblems } from '../engine/promotion/problem.ts';
import { checkRevision, notFound, ProblemCollector } from '../errors.ts';
import type { Db } from '../store/database.ts';
import type { AlertRulesTable } from '../store/schema.ts';
import { checkWebhookUrl } from '../webhooks/subscriptions.ts';
import type { Language } from './alert-kind.ts';
import { findAlertKind, paramsSchema, withDefaults } from './alert-kinds.ts';

export interface AlertRuleInput {
  name: string;
  kind: string;
  params: Record<string, unknown>;
  emails: string[];
  /** `secret` signs each notice (HMAC-SHA256); absent on a change keeps the stored one, null drops it. */
  webhook: { url: string; secret?: string | null } | null;
  language: Language;
  throttleMinutes: number;
  active: boolean;
}

/** A rule as the API shows it: never its webhook secret, only whether there is one. */
export interface AlertRuleView {
  id: string;
  name: string;
  kind: string;
  params: Record<string, number | string>;
  emails: string[];
  webhook: { url: string; hasSecret: boolean } | null;
  language: Language;
  throttleMinutes: number;
  active: boolean;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

type Row = Selectable<AlertRulesTable>;

export function ruleView(row: Row): AlertRuleView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    params: row.params as Record<string, number | string>,
    emails: row.emails,
    webhook: row.webhook_url
      ? { url: row.webhook_url, hasSecret: row.webhook_secret !== null }
      : null,
    language: row.language,
    throttleMinutes: row.throttle_minutes,
    active: row.active,
    revision: row.revision,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/**
 * Checks a rule whole: its kind's parameters (each fault at `/params/<name>`), at least one
 * channel, e-mail only with SMTP configured, a webhook URL Perk may call. Refuses 400 with every
 * problem: `validation_failed` or the one problem's code (`no_channel`, `smtp_not_configured`,
 * `invalid_webhook_url`, `duplicate_email`, schema codes).
 */
function checkRule(
  input: AlertRuleInput,
  smtpConfigured: boolean,
): Record<string, number | string> {
  const problems = new ProblemCollector();
  const kind = findAlertKind(input.kind);
  if (kind) {
    for (const problem of schemaProblems(paramsSchema(kind), input.params, '/params')) {
      problems.add(problem.path, problem.code, problem.message);
    }
  }
  if (input.emails.length === 0 && input.webhook === null) {
    problems.add('/emails', 'no_channel', 'Give e-mail recipients, a webhook, or both');
  }
  if (input.emails.length > 0 && !smtpConfigured) {
    problems.add('/emails', 'smtp_not_configured', 'E-mail needs PERK_SMTP_URL set on the server');
  }
  if (new Set(input.emails.map((email) => email.toLowerCase())).size !== input.emails.length) {
    problems.add('/emails', 'duplicate_email', 'A recipient is listed twice');
  }
  if (input.webhook) checkWebhookUrl(problems, input.webhook.url, '/webhook/url');
  problems.throwIfAny();
  // The kind is one of the schema's enum, so it is found here.
  return kind ? withDefaults(kind, input.params) : {};
}

/** Creates a rule; answers it at revision 1. Refusals: 400 as {@link checkRule} says. */
export async function createAlertRule(
  db: Db,
  actor: Actor,
  input: AlertRuleInput,
  context: { now: Date; smtpConfigured: boolean },
): Promise<AlertRuleView> {
  const params = checkRule(input, context.smtpConfigured);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('alert_rules')
      .values({
        id: randomUUID(),
        name: input.name,
        kind: input.kind,
        params: JSON.stringify(params),
        emails: input.emails,
        webhook_url: input.webhook?.url ?? null,
        webhook_secret: input.webhook?.secret ?? null,
        language: input.language,
        throttle_minutes: input.throttleMinutes,
        active: input.active,
        created_at: context.now,
        updated_at: context.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const created = ruleView(row);
    await recordAudit(trx, actor, {
      action: 'alert_rule.create',
      entityType: 'alert_rule',
      entityId: row.id,
      after: created,
    });
    return created;
  });
}

/**
 * Replaces a rule, at `expectedRevision` when given (If-Match; 412 `precondition_failed` when
 * stale). Its open incidents stay open under the new terms. 404 `alert_rule_not_found`.
 */
export async function replaceAlertRule(
  db: Db,
  actor: Actor,
  id: string,
  input: AlertRuleInput,
  context: { now: Date; smtpConfigured: boolean; expectedRevision: number | undefined },
): Promise<AlertRuleView> {
  const params = checkRule(input, context.smtpConfigured);
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('alert_rules')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw notFound('alert_rule_not_found', `No alert rule "${id}"`);
    checkRevision('alert rule', before.revision, context.expectedRevision);
    const secret =
      input.webhook?.secret === undefined ? before.webhook_secret : input.webhook.secret;
    const row = await trx
      .updateTable('alert_rules')
      .set({
        name: input.name,
        kind: input.kind,
        params: JSON.stringify(params),
        emails: input.emails,
        webhook_url: input.webhook?.url ?? null,
        webhook_secret: input.webhook ? secret : null,
        language: input.language,
        throttle_minutes: input.throttleMinutes,
        active: input.active,
        revision: before.revision + 1,
        updated_at: context.now,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const after = ruleView(row);
    await recordAudit(trx, actor, {
      action: 'alert_rule.update',
      entityType: 'alert_rule',
      entityId: id,
      before: ruleView(before),
      after,
    });
    return after;
  });
}

/** Every rule, oldest first. */
export async function listAlertRules(db: Db): Promise<AlertRuleView[]> {
  const rows = await db
    .selectFrom('alert_rules')
    .selectAll()
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(ruleView);
}

/** One rule; 404 `alert_rule_not_found`. */
export async function getAlertRule(db: Db, id: string): Promise<AlertRuleView> {
  const row = await db
    .selectFrom('alert_rules')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('alert_rule_not_found', `No alert rule "${id}"`);
  return ruleView(row);
}
