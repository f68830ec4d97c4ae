import type { Db } from '../store/database.ts';

export interface AlertDeliveryView {
  id: number;
  notice: 'opened' | 'reminder';
  channel: 'email' | 'webhook';
  status: 'pending' | 'sent' | 'dead';
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
  createdAt: string;
}

export interface AlertIncidentView {
  id: number;
  ruleId: string;
  ruleName: string;
  kind: string;
  subject: string;
  openedAt: string;
  lastNotifiedAt: string | null;
  closedAt: string | null;
  details: Record<string, string | number>;
  text: { ru: string; en: string };
  deliveries: AlertDeliveryView[];
}

/**
 * Incidents newest first (by id), `limit` a page, each with its notices; `before` is the
 * `nextBefore` of the previous page. Recipients' addresses are not shown: the rule lists them.
 */
export async function listAlertHistory(
  db: Db,
  query: { limit: number; before?: number; ruleId?: string },
): Promise<{ items: AlertIncidentView[]; nextBefore: string | null }> {
  let select = db
    .selectFrom('alert_incidents as i')
    .innerJoin('alert_rules as r', 'r.id', 'i.rule_id')
    .select([
      'i.id',
      'i.rule_id',
      'r.name',
      'r.kind',
      'i.subject',
      'i.opened_at',
      'i.last_notified_at',
      'i.closed_at',
      'i.details',
      'i.text_ru',
      'i.text_en',
    ])
    .orderBy('i.id', 'desc')
    .limit(query.limit + 1);
  if (query.before !== undefined) select = select.where('i.id', '<', query.before);
  if (query.ruleId !== undefined) select = select.where('i.rule_id', '=', query.ruleId);
  const rows = await select.execute();
  const page = rows.slice(0, query.limit);
  const deliveries =
    page.length === 0
      ? []
      : await db
          .selectFrom('alert_deliveries')
          .selectAll()
          .where(
            'incident_id',
            'in',
            page.map((row) => row.id),
          )
          .orderBy('id')
          .execute();
  const items = page.map((row) => ({
    id: row.id,
    ruleId: row.rule_id,
    ruleName: row.name,
    kind: row.kind,
    subject: row.subject,
    openedAt: row.opened_at.toISOString(),
    lastNotifiedAt: row.last_notified_at?.toISOString() ?? null,
    closedAt: row.closed_at?.toISOString() ?? null,
    details: row.details,
    text: { ru: row.text_ru, en: row.text_en },
    deliveries: deliveries
      .filter((delivery) => delivery.incident_id === row.id)
      .map((delivery) => ({
        id: delivery.id,
        notice: delivery.notice,
        channel: delivery.channel,
        status: delivery.status,
        attempts: delivery.attempts,
        lastError: delivery.last_error,
        sentAt: delivery.sent_at?.toISOString() ?? null,
        createdAt: delivery.created_at.toISOString(),
      })),
  }));
  const last = page.at(-1);
  return { items, nextBefore: rows.length > query.limit && last ? String(last.id) : null };
}
