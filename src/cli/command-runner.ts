import { type Actor, commandLineActor } from '../access/actor.ts';
import type { PerkConfig } from '../config.ts';
import { type FieldProblem, PerkError } from '../errors.ts';
import { describeHolder, type LockHolder } from '../store/data-dir-lock.ts';
import type { Db } from '../store/database.ts';
import { isRunning } from '../store/process-identity.ts';
import { readLocalCredential, removeLocalCredential } from './local-credential.ts';
import { ServerApi, ServerUnreachable } from './server-api.ts';

/**
 * What a command works on: the database itself, or the API of the running server that holds
 * the embedded database. Every command that reads or writes data takes one from `runCommand`
 * and does its work through either, so nothing it does can be lost.
 */
export type CommandTarget =
  | { kind: 'direct'; db: Db; actor: Actor; config: PerkConfig }
  | { kind: 'server'; api: ServerApi };

/** Exit code of a command that could not run because the embedded database is busy (EX_TEMPFAIL). */
export const exitCodeBusy = 75;

/** The command cannot run now; the message says why and what to do. */
export class CommandRefused extends Error {}

// A server that holds the directory but has not written its credential yet is still starting
// (migrations, a demo seed); it is given this long. One that wrote it but does not answer may
// be stopping (the directory is free in a moment) or hung.
const startingWaitMillis = 60_000;
const unreachableWaitMillis = 5_000;

/**
 * Runs `perk <command>`. On PostgreSQL it works on the database directly; so it does on an
 * embedded database nobody holds, holding it for its run. When a running `perk start` holds it, the
 * command goes through that server's API. When anything else holds it, or the server cannot be
 * reached, it refuses (exit code 75) naming the holder and what to do. Refusals of the work
 * itself (`PerkError`) are printed with every problem (exit code 1).
 */
export async function runCommand(
  command: string,
  work: (target: CommandTarget) => Promise<void>,
  given?: PerkConfig,
): Promise<void> {
  try {
    const config = given ?? (await import('../config.ts')).readConfig();
    // Loaded when a command runs, not when `perk --help` lists it: the database drivers and
    // migrations take most of a second to load.
    const { openOwnedDatabase } = await import('../store/open-configured.ts');
    for (let round = 0; round < 3; round++) {
      const owned = await openOwnedDatabase(config, {
        role: 'command',
        command: `perk ${command}`,
      });
      if (owned.kind === 'opened') {
        // A server killed with -9 left its credential; it opens nothing any more.
        if (owned.lock) removeLocalCredential(owned.lock.dir, { keep: owned.lock.holder.token });
        // Errors thrown outside `work`'s promise end the process without the finally below.
        const release = () => owned.lock?.releaseSync();
        process.once('exit', release);
        try {
          return await work({ kind: 'direct', db: owned.db, actor: commandLineActor, config });
        } finally {
          await owned.close();
          process.off('exit', release);
        }
      }
      const api = await reachServer(config.dataDir, owned.holder);
      // The holder ended while we waited for it: the directory is free now.
      if (!api) continue;
      console.error(
        `${config.dataDir} is held by ${describeHolder(api.holder)}; this command goes through its API at ${api.url}.`,
      );
      return await work({ kind: 'server', api });
    }
    throw new CommandRefused(`${config.dataDir} keeps changing hands; run this command again.`);
  } catch (error) {
    report(error);
  }
}

/** The holder's API, once it answers; null when the holder ended meanwhile. */
async function reachServer(dataDir: string, holder: LockHolder): Promise<ServerApi | null> {
  if (holder.role !== 'server') {
    throw new CommandRefused(
      `${dataDir} is in use by ${describeHolder(holder)}, which does not take commands. ` +
        `Wait for it to finish and run this command again; if it hangs, stop it (kill ${holder.pid}).`,
    );
  }
  const started = Date.now();
  let problem = 'has not finished starting';
  let waited = startingWaitMillis;
  for (let told = false; ; told = true) {
    if (!isRunning(holder)) return null;
    const credential = await readLocalCredential(dataDir, holder);
    if (credential) {
      const api = new ServerApi(credential.url, credential.secret, holder);
      const answered = await api.call('GET', '/health').then(
        () => true,
        (error: unknown) => {
          if (!(error instanceof ServerUnreachable)) throw error;
          problem = `does not answer at ${credential.url} (${error.reason})`;
          waited = unreachableWaitMillis;
          return false;
        },
      );
      if (answered) return api;
    }
    if (Date.now() - started > waited) {
      throw new CommandRefused(
        `${dataDir} is held by ${describeHolder(holder)}, which ${problem}. ` +
          `If it hangs, stop it (kill ${holder.pid}); then run this command again.`,
      );
    }
    if (!told) console.error(`Waiting for ${describeHolder(holder)} to answer…`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function report(error: unknown): void {
  if (error instanceof CommandRefused) {
    console.error(error.message);
    process.exitCode = exitCodeBusy;
    return;
  }
  if (error instanceof ServerUnreachable) {
    console.error(`${error.message}; what it answered before is stored.`);
    process.exitCode = 1;
    return;
  }
  if (error instanceof PerkError) {
    console.error(`Refused: ${error.message} (${error.code})`);
    const told = (p: FieldProblem) =>
      error.message === p.message || error.message.includes(`${p.field}: ${p.message}`);
    for (const problem of error.problems.filter((p) => !told(p))) {
      console.error(`  ${problem.field}: ${problem.message}`);
    }
    process.exitCode = 1;
    return;
  }
  throw error;
}
