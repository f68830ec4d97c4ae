import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { chmod, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LockHolder } from '../store/data-dir-lock.ts';

// The server that holds an embedded database writes where it listens and a secret beside the
// lock, readable by its owner only. `perk` commands of the same user on the same directory send
// that secret to go through the server; it lives in the server's memory and this file, never in
// the database, so it stops working when that server stops.
export const credentialFileName = 'perk.credential';

export interface LocalCredential {
  /** The token of the lock holding this credential belongs to. */
  lockToken: string;
  pid: number;
  /** Base URL of the server's API, e.g. `http://127.0.0.1:8080`. */
  url: string;
  secret: string;
}

export function newLocalSecret(): string {
  return `perk_local_${randomBytes(32).toString('base64url')}`;
}

/** Writes the credential file with mode 0600, whole or not at all. */
export async function writeLocalCredential(dir: string, credential: LocalCredential) {
  const path = join(dir, credentialFileName);
  const aside = `${path}.${credential.lockToken}.new`;
  await writeFile(aside, `${JSON.stringify(credential)}\n`, { mode: 0o600 });
  await chmod(aside, 0o600);
  await rename(aside, path);
}

/** The credential of the current holding of `holder`, or null (none yet, or an older one). */
export async function readLocalCredential(
  dir: string,
  holder: LockHolder,
): Promise<LocalCredential | null> {
  let credential: LocalCredential;
  try {
    credential = JSON.parse(await readFile(join(dir, credentialFileName), 'utf8'));
  } catch {
    return null;
  }
  return credential.lockToken === holder.token ? credential : null;
}

/**
 * Removes the credential file unless it belongs to the holding `keep`: a server's own at its
 * shutdown (`keep` null), or one a killed server left, by the directory's next holder.
 * Synchronous: it also runs on process exit.
 */
export function removeLocalCredential(dir: string, owner: { remove: string } | { keep: string }) {
  const path = join(dir, credentialFileName);
  let token: unknown;
  try {
    token = JSON.parse(readFileSync(path, 'utf8')).lockToken;
  } catch {
    if (!existsSync(path)) return;
  }
  if ('remove' in owner ? token === owner.remove : token !== owner.keep)
    rmSync(path, { force: true });
}

/** The URL a local client reaches a server listening on `address` at. */
export function localUrl(address: { address: string; port: number }): string {
  const host =
    address.address === '0.0.0.0'
      ? '127.0.0.1'
      : address.address === '::'
        ? '[::1]'
        : address.address.includes(':')
          ? `[${address.address}]`
          : address.address;
  return `http://${host}:${address.port}`;
}
