import type { EnvReader } from '../env-reader.ts';

/** Publishing of outbox events to NATS JetStream; absent when `PERK_NATS_URL` is not set. */
export interface EventStreamConfig {
  natsUrl: string;
  stream: string;
  subjectPrefix: string;
  /** How long the stream's acknowledgement is awaited, in seconds. */
  timeoutSeconds: number;
}

// Stream names may not hold '.', '*', '>' or white space (NATS); subject tokens are plain words.
const streamName = /^[A-Za-z0-9_-]{1,64}$/;
const subjectPrefix = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/** Reads `PERK_NATS_*`; a bad value is refused by name with the others (see EnvReader). */
export function readEventStreamConfig(vars: EnvReader): EventStreamConfig | undefined {
  const url = vars.text('PERK_NATS_URL');
  const stream = vars.text('PERK_NATS_STREAM') ?? 'PERK_EVENTS';
  const prefix = vars.text('PERK_NATS_SUBJECT') ?? 'perk.events';
  const timeoutSeconds = vars.wholeNumber('PERK_NATS_TIMEOUT_SECONDS', 5, 1, 120);
  if (!streamName.test(stream)) {
    vars.refuse('PERK_NATS_STREAM', stream, 'letters, digits, _ and -, e.g. PERK_EVENTS');
  }
  if (!subjectPrefix.test(prefix)) {
    vars.refuse('PERK_NATS_SUBJECT', prefix, 'dot-separated words, e.g. perk.events');
  }
  if (url === undefined) return undefined;
  if (!url.split(',').every((server) => /^(nats|tls):\/\/[^\s,]+$/.test(server.trim()))) {
    vars.refuse('PERK_NATS_URL', url.replace(/\/\/[^@/]*@/, '//***@'), 'nats://host:4222');
    return undefined;
  }
  return { natsUrl: url, stream, subjectPrefix: prefix, timeoutSeconds };
}
