import { createRequire } from 'node:module';
import { connect, type Socket } from 'node:net';

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
 * coordinated omission assumes a 1 ms interval at these rates. The requests are written as bytes
 * on plain sockets ({@link RawConnection}): Node's HTTP client cost 0.3–0.5 ms of CPU a call,
 * on the same two cores as the server it measures. Latencies are of the 2xx answers, as
 * autocannon's; answers after `seconds` + 30 s count as timeouts.
 */
export async function paced(options: LoadOptions & { overallRate: number }): Promise<LoadResult> {
  const target = new URL(options.url);
  const requests = options.requests ?? [{ method: 'GET', path: '/' }];
  const encoded = requests.map((given) => (given.setupRequest ? undefined : encode(given, target)));
  const total = Math.round(options.overallRate * options.seconds);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let answered = 0;
  let errors = 0;
  let settled = 0;
  const start = performance.now();
  let lastAnswer = start;
  const free: RawConnection[] = [];
  const waiting: number[] = [];
  let opened = 0;
  const connections: RawConnection[] = [];
  const done = new Promise<void>((resolve) => {
    const settle = () => {
      settled++;
      if (settled === total) resolve();
    };
    const onAnswer = (index: number, status: number) => {
      const due = start + (index * 1000) / options.overallRate;
      lastAnswer = performance.now();
      answered++;
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status >= 200 && status < 300) latencies.push(lastAnswer - due);
      settle();
    };
    const onFailed = () => {
      errors++;
      settle();
    };
    const send = (connection: RawConnection, index: number) => {
      const given = requests[index % requests.length] as LoadRequest;
      const bytes =
        encoded[index % requests.length] ?? encode(given.setupRequest?.(given) ?? given, target);
      connection.send(bytes, index);
    };
    const release = (connection: RawConnection) => {
      const next = waiting.shift();
      if (next === undefined) free.push(connection);
      else send(connection, next);
    };
    const dispatch = (index: number) => {
      const connection = free.pop();
      if (connection) return send(connection, index);
      if (opened < options.connections) {
        opened++;
        const made = new RawConnection(target, onAnswer, onFailed, release);
        connections.push(made);
        return send(made, index);
      }
      waiting.push(index);
    };
    let next = 0;
    const tick = () => {
      const now = performance.now();
      while (next < total && start + (next * 1000) / options.overallRate <= now) dispatch(next++);
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
  for (const connection of connections) connection.close();
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

/** A request as the bytes an HTTP/1.1 client writes for it, keep-alive. */
function encode(request: LoadRequest, target: URL): Buffer {
  const body = request.body === undefined ? undefined : Buffer.from(request.body);
  const headers = Object.entries(request.headers ?? {})
    .filter(([name]) => !/^(host|content-length|connection)$/i.test(name))
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  const head =
    `${request.method} ${request.path} HTTP/1.1\r\nhost: ${target.host}\r\n${headers}` +
    `${body ? `content-length: ${body.length}\r\n` : ''}\r\n`;
  return body ? Buffer.concat([Buffer.from(head), body]) : Buffer.from(head);
}

const headEnd = Buffer.from('\r\n\r\n');

/**
 * One keep-alive connection sending one request at a time and reading just enough of each
 * answer to know its status and where it ends (Content-Length, or chunks). A connection the
 * server closes or breaks fails its call and reopens for the next.
 */
class RawConnection {
  #socket: Socket;
  #buffered: Buffer = Buffer.alloc(0);
  #index = -1;
  #closed = false;

  constructor(
    private readonly target: URL,
    private readonly onAnswer: (index: number, status: number) => void,
    private readonly onFailed: () => void,
    private readonly release: (connection: RawConnection) => void,
  ) {
    this.#socket = this.#open();
  }

  #open(): Socket {
    const socket = connect(Number(this.target.port), this.target.hostname);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.#read(chunk));
    const lost = () => {
      if (this.#socket !== socket) return;
      this.#buffered = Buffer.alloc(0);
      if (!this.#closed) this.#socket = this.#open();
      if (this.#index >= 0) {
        this.#index = -1;
        this.onFailed();
        if (!this.#closed) this.release(this);
      }
    };
    socket.on('error', lost);
    socket.on('close', lost);
    return socket;
  }

  send(bytes: Buffer, index: number): void {
    this.#index = index;
    this.#socket.write(bytes);
  }

  close(): void {
    this.#closed = true;
    this.#socket.destroy();
  }

  #read(chunk: Buffer): void {
    this.#buffered = this.#buffered.length ? Buffer.concat([this.#buffered, chunk]) : chunk;
    const end = this.#buffered.indexOf(headEnd);
    if (end < 0) return;
    const head = this.#buffered.toString('latin1', 0, end);
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    const bodyStart = end + headEnd.length;
    let answerEnd: number;
    if (length) answerEnd = bodyStart + Number(length[1]);
    else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
      const last = this.#buffered.indexOf('\r\n0\r\n\r\n', bodyStart - 2);
      if (last < 0) return;
      answerEnd = last + 7;
    } else answerEnd = bodyStart;
    if (this.#buffered.length < answerEnd) return;
    this.#buffered = this.#buffered.subarray(answerEnd);
    const index = this.#index;
    this.#index = -1;
    this.onAnswer(index, Number(head.slice(9, 12)));
    if (/\r\nconnection:\s*close/i.test(head)) {
      const closing = this.#socket;
      this.#buffered = Buffer.alloc(0);
      this.#socket = this.#open();
      closing.destroy();
    }
    this.release(this);
  }
}
