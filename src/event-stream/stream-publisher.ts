import type { PollingLoop } from '../jobs/polling-loop.ts';
import type { Db } from '../store/database.ts';
import type { EventStreamConfig } from './event-stream-config.ts';
import { natsStream } from './nats-stream.ts';
import { startEventPublisher } from './publish-events.ts';

/**
 * The NATS publisher of `perk start`: one loop a node, claims through the database. Stopping it
 * waits for the pass under way, then closes the connection.
 */
export function startStreamPublisher(
  db: Db,
  config: EventStreamConfig,
  onError: (error: unknown) => void,
): PollingLoop {
  const timeoutMs = config.timeoutSeconds * 1000;
  const stream = natsStream({
    url: config.natsUrl,
    stream: config.stream,
    subjectPrefix: config.subjectPrefix,
    timeoutMs,
  });
  const loop = startEventPublisher(db, stream, {
    batchSize: 100,
    leaseMs: timeoutMs + 5_000,
    backoff: { baseMs: 1_000, capMs: 60_000 },
    random: Math.random,
    subjectPrefix: config.subjectPrefix,
    clock: Date.now,
    pollMs: 1_000,
    onError,
  });
  return {
    async stop() {
      await loop.stop();
      await stream.close();
    },
  };
}
