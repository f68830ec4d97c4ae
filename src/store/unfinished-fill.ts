import { existsSync } from 'node:fs';
import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { lockFileName } from './data-dir-lock.ts';

/**
 * Present in an embedded database's directory while its first filling (the demo programme) is
 * written. Many transactions write it, so a process stopped midway (Ctrl-C, kill -9, a power cut)
 * leaves half of it, with keys nobody was shown; the marker lets the next opening see that.
 */
export const unfinishedFillName = 'perk.filling';

export async function beginFill(dataDir: string): Promise<void> {
  await writeFile(join(dataDir, unfinishedFillName), `${new Date().toISOString()}\n`);
}

export async function endFill(dataDir: string): Promise<void> {
  await rm(join(dataDir, unfinishedFillName), { force: true });
}

/**
 * Empties a directory whose first filling was cut short, keeping only the lock of the process
 * that holds it, so the database starts again as new. Nothing of a person's is lost: the
 * marker is removed before the database is handed to anyone. True when it emptied it.
 */
export async function discardUnfinishedFill(dataDir: string): Promise<boolean> {
  if (!existsSync(join(dataDir, unfinishedFillName))) return false;
  for (const name of await readdir(dataDir)) {
    if (name !== lockFileName && name !== unfinishedFillName)
      await rm(join(dataDir, name), { recursive: true, force: true });
  }
  // Last, so a discard cut short is done again.
  await endFill(dataDir);
  return true;
}
