import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { perkRoot, serverStorage } from './server-process.ts';

// No Docker daemon runs here, and no image registry is reachable, so the image cannot be built.
// This test does what the Dockerfile's runtime stage does, step by step as the file says it: the
// same COPY lines (from this built checkout, which is what the build stage holds), the same
// `npm ci`, the same ENV, ENTRYPOINT and CMD. A file the runtime needs and the image leaves out,
// or a production package that is a dev one, fails here.
const run = promisify(execFile);
const dockerfile = readFileSync(join(perkRoot, 'Dockerfile'), 'utf8');

interface RuntimeStage {
  env: Record<string, string>;
  copies: { from: string; to: string }[];
  install: string[];
  command: string[];
}

/** The runtime stage's instructions, backslash-continued lines joined. */
function runtimeStage(): RuntimeStage {
  const lines = dockerfile.replace(/\\\n\s*/g, ' ').split('\n');
  const start = lines.findIndex((line) => /^FROM \S+ AS runtime$/.test(line));
  const stage: RuntimeStage = { env: {}, copies: [], install: [], command: [] };
  let entrypoint: string[] = [];
  let cmd: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const [instruction, ...rest] = line.trim().split(/\s+/);
    const args = rest.join(' ');
    if (instruction === 'ENV') {
      for (const [, name, value] of args.matchAll(/(\w+)=(\S+)/g))
        stage.env[name as string] = value as string;
    } else if (instruction === 'COPY') {
      const paths = args.replace(/^--from=build\s+/, '').split(/\s+/);
      const to = paths.pop() as string;
      for (const from of paths) stage.copies.push({ from: from.replace(/^\/src\//, ''), to });
    } else if (instruction === 'RUN' && args.startsWith('npm ci')) {
      stage.install = (args.split('&&')[0] as string).trim().split(/\s+/).slice(1);
    } else if (instruction === 'ENTRYPOINT') {
      entrypoint = JSON.parse(args);
    } else if (instruction === 'CMD') {
      cmd = JSON.parse(args);
    }
  }
  stage.command = [...entrypoint, ...cmd];
  return stage;
}

let app: string;
const cleanups: (() => Promise<void>)[] = [];
const stage = runtimeStage();

beforeAll(async () => {
  app = mkdtempSync(join(tmpdir(), 'perk-image-'));
  cleanups.push(async () => rmSync(app, { recursive: true, force: true }));
  for (const { from, to } of stage.copies) {
    const target = join(app, to.endsWith('/') ? join(to, from.split('/').at(-1) as string) : to);
    mkdirSync(dirname(target), { recursive: true });
    cpSync(join(perkRoot, from), target, { recursive: true });
  }
  await run('npm', stage.install, { cwd: app });
}, 240_000);
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

describe('the Dockerfile’s runtime stage', () => {
  it('reads as expected: non-root, compiled JavaScript, production packages of the server only', () => {
    expect(dockerfile).toMatch(/\nUSER node\n/);
    expect(stage.command.slice(0, 1)).toEqual(['node']);
    expect(stage.command).toContain('bin/perk.js');
    expect(stage.install).toEqual(expect.arrayContaining(['--omit=dev', '--workspaces=false']));
    expect(readdirSync(join(app, 'node_modules'))).not.toContain('react');
    expect(readdirSync(join(app, 'node_modules'))).not.toContain('vitest');
  });

  it('migrates, serves the API, the console and the docs, and stops on SIGTERM', async () => {
    const storage = await serverStorage('image', cleanups);
    const port = await freePort();
    const env = {
      PATH: process.env.PATH ?? '',
      ...stage.env,
      ...storage,
      PORT: String(port),
      HOST: '127.0.0.1',
      // A loaded test machine would see refusals for overload (its own test sets it).
      PERK_OVERLOAD_DELAY_MS: '0',
      PERK_OVERLOAD_IN_FLIGHT: '0',
    };
    const [node, ...args] = stage.command;
    const migrate = await run(node as string, [...args.slice(0, -1), 'migrate'], { cwd: app, env });
    expect(migrate.stdout).toMatch(/^Schema up to date: \d+ migrations/);
    const before = readdirSync(app).sort();

    const server = spawn(node as string, args, { cwd: app, env });
    const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
    try {
      let ready = false;
      for (let i = 0; i < 300 && !ready; i++) {
        ready = await fetch(`http://127.0.0.1:${port}/ready`).then(
          (r) => r.ok,
          () => false,
        );
        if (!ready) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(ready).toBe(true);
      const home = await fetch(`http://127.0.0.1:${port}/`);
      expect([home.status, (await home.text()).includes('<div id="root">')]).toEqual([200, true]);
      const openapi = await fetch(`http://127.0.0.1:${port}/docs/json`);
      expect(openapi.status).toBe(200);
      const unauthorised = await fetch(`http://127.0.0.1:${port}/v1/stores`);
      expect(unauthorised.status).toBe(401);
    } finally {
      server.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    if (storage.DATABASE_URL) {
      // On PostgreSQL a node writes nothing beside its code (the image's root may be read-only).
      expect(readdirSync(app).sort()).toEqual(before);
    }
  }, 120_000);
});
