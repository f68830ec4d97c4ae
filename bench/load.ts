import { createRequire } from 'node:module';

/** One request of the sequence each connection cycles through. */
export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /**
   * Called by autocannon before each send of this request, answering the request to send (a
   * fresh customer or transaction id each time); the request as given when absent.
   */
  setupRequest?: (request: LoadRequest) => LoadRequest;
}

export interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
  requests?: readonly LoadRequest[];
  /** Requests a second offered by all connections together; as fast as answered when absent. */
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

/** Drives `url` with autocannon for `seconds` and answers rates and latencies of what came back. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const run = autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    ...(options.requests ? { requests: options.requests } : {}),
    ...(options.overallRate ? { overallRate: Math.max(1, Math.round(options.overallRate)) } : {}),
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
