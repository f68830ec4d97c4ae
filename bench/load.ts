import { Agent, request } from 'node:http';
import { createRequire } from 'node:module';

/** One request of the sequence each connection cycles through. */
export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /**
   * Called before each send of this request, answering the request to send (a
   * fresh customer or transaction id each time); the request as given when absent.
   */
  setupRequest?: (request: LoadRequest) => LoadRequest;
}

export interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
  requests?: readonly LoadRequest[];
  /**
   * Requests a second offered at a steady pace, whatever the answers do (open loop), over at most
   * `connections` connections; as fast as answered (closed loop) when absent.
   */
  overallRate?: number;
}

export interface LoadResult {
  /** Answers of any status a second. */
  perSecond: number;
  /** 2xx answers a second. */
  goodPerSecond: number;
  /** Latency of the 2xx answers (autocannon records only those), milliseconds. */
  p50: number;
  p99: number;
  /**
   * Latency of the 2xx answers from each answer's own time (autocannon's figures above are
   * whole milliseconds), milliseconds.
   */
  exact: { p50: number; p95: number; p99: number };
  /** Count of answers by status code. */
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
}

interface AutocannonResult {
  requests: { total: number };
  latency: { p50: number; p99: number };
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
  errors: number;
  timeouts: number;
  duration: number;
}

// autocannon ships no types; this is the part of its programmatic API the benches use.
// The run it answers is also an event emitter: 'response' with (client, status, bytes, ms).
const autocannon = createRequire(import.meta.url)('autocannon') as (
  options: object,
) => Promise<AutocannonResult> & {
  on(
    event: 'response',
    listener: (client: unknown, status: number, bytes: number, ms: number) => void,
  ): void;
};

function percentile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? Number.NaN;
}

/**
 * Drives `url` for `seconds` and answers rates and latencies of what came back: autocannon as fast
 * as answered, or {@link paced} at `overallRate`.
 */
export async function load(options: LoadOptions): Promise<LoadResult> {
  if (options.overallRate) return paced({ ...options, overallRate: options.overallRate });
  const run = autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    ...(options.requests ? { requests: options.requests } : {}),
  });
  const latencies: number[] = [];
  run.on('response', (_client, status, _bytes, ms) => {
    if (status >= 200 && status < 300) latencies.push(ms);
  });
  const result = await run;
  latencies.sort((a, b) => a - b);
  const statuses = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]),
  );
  return {
    perSecond: result.requests.total / result.duration,
    goodPerSecond: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    exact: {
      p50: percentile(latencies, 0.5),
      p95: percentile(latencies, 0.95),
      p99: percentile(latencies, 0.99),
    },
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/**
 * An open-loop load: request i is due `i / overallRate` seconds after the start and is sent then,
 * on a free keep-alive connection or as soon as one frees up; its latency counts from when it was
 * due, so a server that falls behind is charged for the wait it causes. autocannon's own rate
 * limit was not used for this: it lets each connection send as fast as answered until its
 * quota for the second is spent (full-speed bursts, then silence), and its correction for
 * coordinated omission assumes a 1 ms interval at these rates. Latencies are of the 2xx answers,
 * as autocannon's; answers after `seconds` + 30 s count as timeouts.
 */
export async function paced(options: LoadOptions & { overallRate: number }): Promise<LoadResult> {
  const target = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const requests = options.requests ?? [{ method: 'GET', path: '/' }];
  const total = Math.round(options.overallRate * options.seconds);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let answered = 0;
  let errors = 0;
  let settled = 0;
  const start = performance.now();
  let lastAnswer = start;
  const done = new Promise<void>((resolve) => {
    const settle = () => {
      settled++;
      if (settled === total) resolve();
    };
    const send = (index: number) => {
      const due = start + (index * 1000) / options.overallRate;
      const given = requests[index % requests.length] as LoadRequest;
      const spec = given.setupRequest?.(given) ?? given;
      const call = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          method: spec.method,
          path: spec.path,
          headers: spec.headers,
        },
        (answer) => {
          answer.resume();
          answer.on('end', () => {
            lastAnswer = performance.now();
            const status = answer.statusCode ?? 0;
            answered++;
            statuses[status] = (statuses[status] ?? 0) + 1;
            if (status >= 200 && status < 300) latencies.push(performance.now() - due);
            settle();
          });
        },
      );
      call.on('error', () => {
        errors++;
        settle();
      });
      call.end(spec.body);
    };
    let next = 0;
    const tick = () => {
      const now = performance.now();
      while (next < total && start + (next * 1000) / options.overallRate <= now) send(next++);
      if (next < total) setTimeout(tick, 1);
    };
    tick();
  });
  const timedOut = await Promise.race([
    done.then(() => false),
    new Promise<boolean>((resolve) =>
      setTimeout(() => resolve(true), (options.seconds + 30) * 1000).unref(),
    ),
  ]);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  // A server that falls behind answers after the offered seconds: rates are over the time it took.
  const seconds = Math.max(options.seconds, (lastAnswer - start) / 1000);
  return {
    perSecond: answered / seconds,
    goodPerSecond: latencies.length / seconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    exact: {
      p50: percentile(latencies, 0.5),
      p95: percentile(latencies, 0.95),
      p99: percentile(latencies, 0.99),
    },
    statuses,
    errors,
    timeouts: timedOut ? total - settled : 0,
  };
}
