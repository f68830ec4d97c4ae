import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// As `npm start` runs it (bin/perk.js: V8's own settings); PERK_BENCH_NODE_FLAGS gives others.
export const serverFlags = (process.env.PERK_BENCH_NODE_FLAGS ?? '')
  .split(' ')
  .filter((flag) => flag !== '');
/** The larger young generation the server once ran with, measured beside V8's own. */
export const largeYoungGeneration = ['--max-semi-space-size=64', '--min-semi-space-size=64'];

export interface ServerProcess {
  url: string;
  /** Resident memory of the server process now, in MiB (Linux). */
  rssMiB(): number;
  /** CPU time the server process has used so far (user and system), in seconds (Linux). */
  cpuSeconds(): number;
  /** Stops it with SIGTERM and waits for its exit (a CPU profile is written then). */
  stop(): Promise<void>;
}

/** A port free on 127.0.0.1 now, for a server the bench starts. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function untilAnswers(child: ChildProcess, url: string): Promise<void> {
  const start = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    const up = await fetch(url).then(
      (answer) => answer.ok,
      () => false,
    );
    if (up) return;
    if (performance.now() - start > 120_000) throw new Error(`${url}: no answer in 120 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// Linux's USER_HZ, the unit of /proc/<pid>/stat's times, is 100 on every architecture Node runs on.
const clockTicks = 100;

function processOf(child: ChildProcess, url: string): ServerProcess {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    url,
    rssMiB() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
      return kib / 1024;
    },
    cpuSeconds() {
      // Fields 14 and 15 of /proc/<pid>/stat, after the command name in parentheses: clock ticks.
      const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / clockTicks;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * `perk start` from the compiled bundle (as `npm start` runs it) on a PGlite directory or, with
 * `databaseUrl`, PostgreSQL; logging at the default level to a discarded standard output.
 * `cpuProfileDir` writes a V8 CPU profile there when the server stops.
 */
export async function startPerk(options: {
  dataDir?: string;
  databaseUrl?: string;
  env?: Record<string, string>;
  cpuProfileDir?: string;
  /** Node's flags for the server; `serverFlags` when absent. */
  nodeFlags?: readonly string[];
}): Promise<ServerProcess> {
  const port = await freePort();
  const env = {
    ...process.env,
    DATABASE_URL: options.databaseUrl ?? '',
    PERK_DATA_DIR: options.dataDir ?? '',
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    NODE_OPTIONS: '',
    ...options.env,
  };
  const profile = options.cpuProfileDir
    ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`]
    : [];
  const flags = options.nodeFlags ?? serverFlags;
  const child = spawn(process.execPath, [...flags, ...profile, 'bin/perk.js', 'start'], {
    cwd: root,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await untilAnswers(child, `${url}/health`);
  return processOf(child, url);
}

// Fastify's own benchmark server: one route answering {hello: 'world'}, no logger.
const helloWorld = `
import Fastify from 'fastify';
const app = Fastify();
app.get('/', async () => ({ hello: 'world' }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
`;

// The same Fastify answering every call with a fixed JSON text: the request and answer bytes of
// a real call with none of its work.
const echoShape = `
import Fastify from 'fastify';
const app = Fastify();
const answer = process.env.ANSWER;
app.all('/*', async (request, reply) => reply.type('application/json').send(answer));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
`;

/** Fastify's hello world in a child Node with the same flags, the baseline of the HTTP benches. */
export function startHelloWorld(): Promise<ServerProcess> {
  return startBaseline(helloWorld, {});
}

/**
 * Fastify answering every call with `answer` and doing nothing else: what the sizes of a call's
 * request and answer alone cost, beside hello world.
 */
export function startShapedHelloWorld(answer: string): Promise<ServerProcess> {
  return startBaseline(echoShape, { ANSWER: answer });
}

async function startBaseline(source: string, env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [...serverFlags, '--input-type=module', '--eval', source], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), NODE_OPTIONS: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await untilAnswers(child, url);
  return processOf(child, url);
}
