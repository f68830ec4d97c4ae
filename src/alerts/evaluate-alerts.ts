import { sql } from 'kysely';
import { recordEvents } from '../outbox/record-events.ts';
import type { Db } from '../store/database.ts';
import type { AlertNotice } from '../store/schema.ts';
import type { AlertCondition } from './alert-kind.ts';
import { findAlertKind } from './alert-kinds.ts';

const minuteMs = 60_000;

export interface EvaluationCounts {
  rules: number;
  opened: number;
  reminded: number;
  closed: number;
  open: number;
}

interface RuleRow {
  id: string;
  kind: string;
  params: Record<string, number | string>;
  emails: string[];
  webhook_url: string | null;
  throttle_minutes: number;
}

interface OpenIncident {
  id: number;
  subject: string;
  last_notified_at: Date | null;
  details: unknown;
  text_ru: string;
  text_en: string;
}

/**
 * Checks every active rule at business time `at`: a condition with no open incident opens one
 * and queues its notices; one still true is re-notified once its rule's throttle has passed since
 * the last notice; an open incident whose condition is gone is closed at `at`. Two evaluations at
 * once (a scheduled run and an admin's call) cannot open an incident twice — the database keeps
 * one open incident per rule and subject — nor re-notify it twice (the notice time is swapped
 * only where it is still the one read). Notices are queued at `queuedAt` (wall clock).
 */
export async function evaluateAlerts(db: Db, at: Date, queuedAt: Date): Promise<EvaluationCounts> {
  const rules = (await db
    .selectFrom('alert_rules')
    .select(['id', 'kind', 'params', 'emails', 'webhook_url', 'throttle_minutes'])
    .where('active', '=', true)
    .orderBy('created_at')
    .orderBy('id')
    .execute()) as RuleRow[];
  const counts: EvaluationCounts = {
    rules: rules.length,
    opened: 0,
    reminded: 0,
    closed: 0,
    open: 0,
  };
  for (const rule of rules) {
    const kind = findAlertKind(rule.kind);
    if (!kind) continue;
    const conditions = await kind.check(db, rule.params, at);
    const open = await db
      .selectFrom('alert_incidents')
      .select(['id', 'subject', 'last_notified_at', 'details', 'text_ru', 'text_en'])
      .where('rule_id', '=', rule.id)
      .where('closed_at', 'is', null)
      .execute();
    const openBySubject = new Map(open.map((incident) => [incident.subject, incident]));
    for (const condition of conditions) {
      const incident = openBySubject.get(condition.subject);
      if (incident) {
        openBySubject.delete(condition.subject);
        if (await remind(db, rule, incident, condition, at, queuedAt)) counts.reminded += 1;
      } else if (await openIncident(db, rule, condition, at, queuedAt)) {
        counts.opened += 1;
      }
      counts.open += 1;
    }
    for (const gone of openBySubject.values()) {
      if (await closeIncident(db, rule, gone, at, queuedAt)) counts.closed += 1;
    }
  }
  return counts;
}

async function openIncident(
  db: Db,
  rule: RuleRow,
  condition: AlertCondition,
  at: Date,
  queuedAt: Date,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('alert_incidents')
      .values({
        rule_id: rule.id,
        subject: condition.subject,
        opened_at: at,
        last_notified_at: at,
        details: JSON.stringify(condition.details),
        text_ru: condition.text.ru,
        text_en: condition.text.en,
      })
      .onConflict((conflict) =>
        conflict.columns(['rule_id', 'subject']).where('closed_at', 'is', null).doNothing(),
      )
      .returning('id')
      .executeTakeFirst();
    if (!row) return false;
    await queueNotices(trx, rule, row.id, 'opened', queuedAt);
    await recordEvents(
      trx,
      [
        {
          type: 'alert.opened',
          occurredAt: at,
          customerId: null,
          payload: {
            incidentId: row.id,
            ruleId: rule.id,
            kind: rule.kind,
            subject: condition.subject,
            text: condition.text,
            details: condition.details,
          },
        },
      ],
      queuedAt,
    );
    return true;
  });
}

/** Closes an incident whose condition is gone, unless another evaluation just did. */
async function closeIncident(
  db: Db,
  rule: RuleRow,
  incident: OpenIncident,
  at: Date,
  queuedAt: Date,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const closed = await trx
      .updateTable('alert_incidents')
      .set({ closed_at: at })
      .where('id', '=', incident.id)
      .where('closed_at', 'is', null)
      .executeTakeFirst();
    if (Number(closed.numUpdatedRows) === 0) return false;
    await recordEvents(
      trx,
      [
        {
          type: 'alert.closed',
          occurredAt: at,
          customerId: null,
          payload: {
            incidentId: incident.id,
            ruleId: rule.id,
            kind: rule.kind,
            subject: incident.subject,
            text: { ru: incident.text_ru, en: incident.text_en },
            details: incident.details,
          },
        },
      ],
      queuedAt,
    );
    return true;
  });
}

async function remind(
  db: Db,
  rule: RuleRow,
  incident: OpenIncident,
  condition: AlertCondition,
  at: Date,
  queuedAt: Date,
): Promise<boolean> {
  const fresh = {
    details: JSON.stringify(condition.details),
    text_ru: condition.text.ru,
    text_en: condition.text.en,
  };
  const last = incident.last_notified_at;
  const due = last === null || at.getTime() - last.getTime() >= rule.throttle_minutes * minuteMs;
  if (!due) {
    await db.updateTable('alert_incidents').set(fresh).where('id', '=', incident.id).execute();
    return false;
  }
  return db.transaction().execute(async (trx) => {
    const swapped = await trx
      .updateTable('alert_incidents')
      .set({ ...fresh, last_notified_at: at })
      .where('id', '=', incident.id)
      .where(sql<boolean>`last_notified_at is not distinct from ${last}`)
      .executeTakeFirst();
    if (Number(swapped.numUpdatedRows) === 0) return false;
    await queueNotices(trx, rule, incident.id, 'reminder', queuedAt);
    return true;
  });
}

async function queueNotices(
  db: Db,
  rule: RuleRow,
  incidentId: number,
  notice: AlertNotice,
  queuedAt: Date,
): Promise<void> {
  const channels = [
    ...(rule.emails.length > 0
      ? [{ channel: 'email' as const, target: rule.emails.join(', ') }]
      : []),
    ...(rule.webhook_url ? [{ channel: 'webhook' as const, target: rule.webhook_url }] : []),
  ];
  if (channels.length === 0) return;
  await db
    .insertInto('alert_deliveries')
    .values(
      channels.map(({ channel, target }) => ({
        incident_id: incidentId,
        notice,
        channel,
        target,
        status: 'pending' as const,
        next_attempt_at: queuedAt,
        created_at: queuedAt,
      })),
    )
    .execute();
}
