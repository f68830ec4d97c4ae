import type pg from 'pg';
import { pgDriver } from './database.ts';

/**
 * What a node caches and another node may change: the compiled ruleset, the programme (points
 * settings, tiers, campaigns, rule segments), the stores and the catalogue (products and
 * categories). `all` follows a reconnection, when notices may have been missed.
 */
export type ChangeTopic = 'ruleset' | 'programme' | 'stores' | 'catalogue' | 'all';

/** Tells a node when another node (or itself) changed what it caches. */
export interface ChangeFeed {
  /**
   * How often a cache still checks on its own, in ms: a safety net for a feed that hears every
   * change (a notice lost without the connection dropping is not expected, but would otherwise
   * leave a node stale until the next change), the only way for one that hears none.
   */
  readonly fallbackCheckMs: number;
  /** Calls `listener` for every change; answers how to stop. */
  subscribe(listener: (topic: ChangeTopic) => void): () => void;
  stop(): Promise<void>;
}

/**
 * One process that makes every change itself (an embedded database; tests building an app):
 * nothing to hear, each change refreshes this node's caches where it is made, and the caches
 * check the database every second for a change made by some other process on PostgreSQL.
 */
export function localChanges(): ChangeFeed {
  return { fallbackCheckMs: 1_000, subscribe: () => () => undefined, stop: async () => undefined };
}

export interface ListenOptions {
  /** Shown in pg_stat_activity, so the listening connection can be told apart. */
  applicationName?: string;
  /** The first pause before reconnecting, doubled after each failure up to `maxBackoffMs`. */
  firstBackoffMs?: number;
  maxBackoffMs?: number;
  /** Told about a lost or failed connection (never with personal data: it carries none). */
  onError?: (error: unknown) => void;
}

const channel = 'perk_changes';

/**
 * Listens for the notices migration 0024's triggers send when a change commits, on one
 * dedicated connection (not from the request pool: a listening connection must stay open, and
 * pooled ones are handed around). A lost connection is reopened with a growing pause; once
 * listening again every subscriber hears `all`, since notices sent meanwhile are lost.
 * `started` settles after the first attempt, successful or not, so a server can listen before it
 * answers its first request.
 */
export function listenForChanges(
  url: string,
  options: ListenOptions = {},
): ChangeFeed & { started: Promise<void> } {
  const listeners = new Set<(topic: ChangeTopic) => void>();
  const firstBackoffMs = options.firstBackoffMs ?? 100;
  const maxBackoffMs = options.maxBackoffMs ?? 10_000;
  let backoffMs = firstBackoffMs;
  let client: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let connectedBefore = false;

  const emit = (topic: ChangeTopic) => {
    for (const listener of listeners) listener(topic);
  };

  const connect = async (): Promise<void> => {
    const next = new (pgDriver().Client)({
      connectionString: url,
      keepAlive: true,
      ...(options.applicationName ? { application_name: options.applicationName } : {}),
    });
    let lost = false;
    const onLost = (error: unknown) => {
      if (lost) return;
      lost = true;
      if (stopped) return;
      options.onError?.(error);
      next.end().catch(() => undefined);
      if (client === next) client = undefined;
      retry();
    };
    next.on('error', onLost);
    next.on('end', () => onLost(new Error('the listening connection closed')));
    try {
      await next.connect();
      const { rows } = await next.query<{ schema: string }>('select current_schema() as schema');
      const schema = rows[0]?.schema;
      next.on('notification', (notice) => {
        const [topic, from] = (notice.payload ?? '').split(' ');
        if (from === schema && isTopic(topic)) emit(topic);
      });
      await next.query(`LISTEN ${channel}`);
    } catch (error) {
      onLost(error);
      return;
    }
    if (stopped) {
      lost = true;
      await next.end().catch(() => undefined);
      return;
    }
    client = next;
    backoffMs = firstBackoffMs;
    if (connectedBefore) emit('all');
    connectedBefore = true;
  };

  const retry = () => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => void connect(), backoffMs);
    backoffMs = Math.min(backoffMs * 2, maxBackoffMs);
  };

  const started = connect();
  return {
    started,
    fallbackCheckMs: 30_000,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      listeners.clear();
      await started;
      const open = client;
      client = undefined;
      await open?.end().catch(() => undefined);
    },
  };
}

function isTopic(topic: string | undefined): topic is ChangeTopic {
  return (
    topic === 'ruleset' || topic === 'programme' || topic === 'stores' || topic === 'catalogue'
  );
}
