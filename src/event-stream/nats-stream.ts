import { connect, headers, type JetStreamManager } from 'nats';
import type { EventStream } from './event-stream.ts';

export interface NatsStreamOptions {
  /** `nats://host:port`, or several separated by commas. */
  url: string;
  /** The JetStream stream's name; created, covering `<subjectPrefix>.>`, when it does not exist. */
  stream: string;
  /** Subjects are `<subjectPrefix>.<event type>`, e.g. `perk.events.purchase.committed`. */
  subjectPrefix: string;
  /** How long the stream's acknowledgement of one message is awaited, in ms. */
  timeoutMs: number;
}

/**
 * The stream of a server: connects at the first publish and, when that fails (NATS not up yet),
 * again at the next one, so a server starts whether NATS is there or not and its events wait in
 * the database meanwhile.
 */
export function natsStream(options: NatsStreamOptions): EventStream {
  let connecting: Promise<EventStream> | null = null;
  const connected = () => {
    connecting ??= connectNatsStream(options).catch((error: unknown) => {
      connecting = null;
      throw error;
    });
    return connecting;
  };
  return {
    async publish(subject, body, message) {
      await (await connected()).publish(subject, body, message);
    },
    async close() {
      const stream = await connecting?.catch(() => null);
      await stream?.close();
    },
  };
}

/**
 * Connects to NATS and makes sure the stream exists. The client reconnects by itself after a
 * lost connection; publishes meanwhile fail and are retried from the database.
 */
export async function connectNatsStream(options: NatsStreamOptions): Promise<EventStream> {
  const connection = await connect({
    servers: options.url.split(',').map((server) => server.trim()),
    name: 'perk',
    maxReconnectAttempts: -1,
    timeout: options.timeoutMs,
  });
  try {
    await ensureStream(await connection.jetstreamManager(), options);
  } catch (error) {
    await connection.close();
    throw error;
  }
  const jetstream = connection.jetstream();
  return {
    async publish(subject, body, message) {
      const meta = headers();
      meta.set('Perk-Event-Id', message.eventId);
      meta.set('Perk-Event-Type', message.type);
      await jetstream.publish(subject, body, {
        msgID: message.eventId,
        headers: meta,
        timeout: options.timeoutMs,
      });
    },
    async close() {
      await connection.drain();
    },
  };
}

async function ensureStream(manager: JetStreamManager, options: NatsStreamOptions): Promise<void> {
  const subjects = [`${options.subjectPrefix}.>`];
  try {
    await manager.streams.info(options.stream);
  } catch (error) {
    if (!isStreamNotFound(error)) throw error;
    await manager.streams.add({ name: options.stream, subjects });
  }
}

// JetStream's API error code for "stream not found".
const streamNotFound = 10059;

function isStreamNotFound(error: unknown): boolean {
  const apiError = (error as { api_error?: { err_code?: number } } | null)?.api_error;
  return apiError?.err_code === streamNotFound;
}
