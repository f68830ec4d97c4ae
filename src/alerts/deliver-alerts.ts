import type { Db } from '../store/database.ts';
import { type Backoff, retryDelayMs } from '../webhooks/backoff.ts';
import type { Language } from './alert-kind.ts';
import { type NoticeFacts, noticeBody, noticeEmail } from './alert-notice.ts';
import type { AlertSender } from './alert-sender.ts';

export interface DeliveryOptions {
  /** Tries of one notice before it is given up as dead. */
  maxAttempts: number;
  backoff: Backoff;
  /** How long a claimed notice is left to its node before another may try it (ms). */
  leaseMs: number;
  random: () => number;
}

export interface DeliveryCounts {
  sent: number;
  failed: number;
  dead: number;
}

const batch = 20;
const errorLength = 300;

/**
 * Sends the notices due at `now` (wall clock), a batch at a time: each is claimed with
 * `FOR UPDATE SKIP LOCKED` and leased, so nodes share them and a node that dies leaves its batch
 * to another. A failure never stops the pass: it is recorded and retried with exponential
 * backoff, and after `maxAttempts` tries the notice is dead (shown in the history).
 */
export async function deliverAlerts(
  db: Db,
  sender: AlertSender,
  now: Date,
  options: DeliveryOptions,
): Promise<DeliveryCounts> {
  const counts: DeliveryCounts = { sent: 0, failed: 0, dead: 0 };
  for (;;) {
    const ids = await claim(db, now, options.leaseMs);
    if (ids.length === 0) return counts;
    for (const facts of await loadFacts(db, ids)) {
      const error = await send(sender, facts);
      const attempts = facts.attempts + 1;
      if (error === null) {
        await db
          .updateTable('alert_deliveries')
          .set({ status: 'sent', attempts, sent_at: now, last_error: null })
          .where('id', '=', facts.deliveryId)
          .execute();
        counts.sent += 1;
        continue;
      }
      const dead = attempts >= options.maxAttempts;
      await db
        .updateTable('alert_deliveries')
        .set({
          status: dead ? 'dead' : 'pending',
          attempts,
          last_error: error.slice(0, errorLength),
          next_attempt_at: new Date(
            now.getTime() + retryDelayMs(attempts, options.backoff, options.random),
          ),
        })
        .where('id', '=', facts.deliveryId)
        .execute();
      if (dead) counts.dead += 1;
      else counts.failed += 1;
    }
  }
}

async function claim(db: Db, now: Date, leaseMs: number): Promise<number[]> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('alert_deliveries')
      .select('id')
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(batch)
      .forUpdate()
      .skipLocked()
      .execute();
    const ids = rows.map((row) => row.id);
    if (ids.length > 0) {
      await trx
        .updateTable('alert_deliveries')
        .set({ next_attempt_at: new Date(now.getTime() + leaseMs) })
        .where('id', 'in', ids)
        .execute();
    }
    return ids;
  });
}

type Facts = NoticeFacts & {
  attempts: number;
  channel: 'email' | 'webhook';
  target: string;
  secret: string | null;
};

async function loadFacts(db: Db, ids: number[]): Promise<Facts[]> {
  const rows = await db
    .selectFrom('alert_deliveries as d')
    .innerJoin('alert_incidents as i', 'i.id', 'd.incident_id')
    .innerJoin('alert_rules as r', 'r.id', 'i.rule_id')
    .select([
      'd.id',
      'd.notice',
      'd.channel',
      'd.target',
      'd.attempts',
      'i.id as incident_id',
      'i.subject',
      'i.opened_at',
      'i.details',
      'i.text_ru',
      'i.text_en',
      'r.id as rule_id',
      'r.name',
      'r.kind',
      'r.language',
      'r.webhook_secret',
    ])
    .where('d.id', 'in', ids)
    .orderBy('d.id')
    .execute();
  return rows.map((row) => ({
    deliveryId: row.id,
    notice: row.notice,
    attempts: row.attempts,
    channel: row.channel,
    target: row.target,
    secret: row.webhook_secret,
    rule: { id: row.rule_id, name: row.name, kind: row.kind, language: row.language as Language },
    incident: {
      id: row.incident_id,
      subject: row.subject,
      openedAt: row.opened_at,
      details: row.details,
      text: { ru: row.text_ru, en: row.text_en },
    },
  }));
}

/** Null when sent, else why not. */
async function send(sender: AlertSender, facts: Facts): Promise<string | null> {
  if (facts.channel === 'email') {
    try {
      await sender.sendEmail({ to: facts.target, ...noticeEmail(facts) });
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }
  const outcome = await sender.postWebhook(
    facts.target,
    noticeBody(facts),
    facts.secret,
    facts.deliveryId,
  );
  return outcome.ok ? null : outcome.error;
}
