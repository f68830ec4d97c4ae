import type { LogDestination } from './app.ts';

/** One pino line, with the fields Fastify's request lines carry. */
export interface LogEntry {
  level: number;
  msg: string;
  reqId?: string;
  req?: { method: string; url: string };
  res?: { statusCode: number };
  [field: string]: unknown;
}

export interface CapturedLog extends LogDestination {
  /** Everything written, as pino wrote it. */
  text(): string;
  /** Each line parsed. */
  entries(): LogEntry[];
}

/** A log destination that keeps every line, for tests that read what a server logged. */
export function captureLog(): CapturedLog {
  const lines: string[] = [];
  return {
    write: (line) => {
      lines.push(line);
    },
    text: () => lines.join(''),
    entries: () => lines.map((line) => JSON.parse(line) as LogEntry),
  };
}
