import type { Db } from '../store/database.ts';

export type Language = 'ru' | 'en';
export type Texts = Readonly<Record<Language, string>>;

/** One parameter of a kind, with what the console shows beside its input. */
export type ParamSpec =
  | {
      readonly name: string;
      readonly label: Texts;
      readonly type: 'integer';
      readonly minimum: number;
      readonly maximum: number;
      readonly default: number;
    }
  | {
      readonly name: string;
      readonly label: Texts;
      readonly type: 'choice';
      readonly choices: readonly string[];
      readonly default: string;
    };

/** Something that is true now and worth telling: what it is about (`subject`), numbers, words. */
export interface AlertCondition {
  /** Stable per rule: an incident is one rule and one subject (a key id, a promotion id…). */
  readonly subject: string;
  readonly details: Readonly<Record<string, string | number>>;
  readonly text: Texts;
}

export type AlertParams = Readonly<Record<string, number | string>>;

/**
 * A kind of alert: a stable code, its parameters (which also document and check a rule's
 * `params`), and the check itself, which answers every condition true at business time `at`.
 * A condition that no longer appears closes its incident.
 */
export interface AlertKind {
  readonly kind: string;
  readonly title: Texts;
  readonly description: Texts;
  readonly params: readonly ParamSpec[];
  check(db: Db, params: AlertParams, at: Date): Promise<AlertCondition[]>;
}
