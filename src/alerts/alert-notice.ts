import type { AlertNotice } from '../store/schema.ts';
import type { Language, Texts } from './alert-kind.ts';
import { findAlertKind } from './alert-kinds.ts';

/** What a notice is about: the incident and the rule that opened it. */
export interface NoticeFacts {
  deliveryId: number;
  notice: AlertNotice;
  rule: { id: string; name: string; kind: string; language: Language };
  incident: {
    id: number;
    subject: string;
    openedAt: Date;
    details: Record<string, string | number>;
    text: Texts;
  };
}

const words = {
  ru: {
    opened: 'новое',
    reminder: 'всё ещё действует',
    rule: 'Правило',
    since: 'С',
    details: 'Подробности',
  },
  en: { opened: 'new', reminder: 'still on', rule: 'Rule', since: 'Since', details: 'Details' },
} as const;

/** The e-mail of a notice, in the rule's language: subject and plain text. */
export function noticeEmail(facts: NoticeFacts): { subject: string; text: string } {
  const lang = facts.rule.language;
  const w = words[lang];
  const kindTitle = findAlertKind(facts.rule.kind)?.title[lang] ?? facts.rule.kind;
  const text = facts.incident.text[lang];
  return {
    subject: `[Perk] ${facts.rule.name} (${w[facts.notice]}): ${text}`.slice(0, 250),
    text: [
      text,
      '',
      `${w.rule}: ${facts.rule.name} — ${kindTitle}`,
      `${w.since}: ${facts.incident.openedAt.toISOString()}`,
      `${w.details}:`,
      ...Object.entries(facts.incident.details).map(([name, value]) => `  ${name}: ${value}`),
    ].join('\n'),
  };
}

/** The JSON a webhook receives for a notice: `type` is `alert.opened` or `alert.reminder`. */
export function noticeBody(facts: NoticeFacts): string {
  return JSON.stringify({
    type: `alert.${facts.notice}`,
    deliveryId: facts.deliveryId,
    rule: { id: facts.rule.id, name: facts.rule.name, kind: facts.rule.kind },
    incident: {
      id: facts.incident.id,
      subject: facts.incident.subject,
      openedAt: facts.incident.openedAt.toISOString(),
      details: facts.incident.details,
      text: facts.incident.text,
    },
  });
}
