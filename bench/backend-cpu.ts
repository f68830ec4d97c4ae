import { readdirSync, readFileSync } from 'node:fs';

/**
 * The user + system CPU so far of each PostgreSQL backend connected to `database`, ms (Linux
 * `/proc`, 100 ticks a second): the database's share of a commit, beside the node's.
 */
export function backendCpuMs(database: string): Map<string, number> {
  const cpu = new Map<string, number>();
  if (!database) return cpu;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!command.startsWith('postgres: ') || !command.includes(` ${database} `)) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      cpu.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return cpu;
}

/** CPU the backends alive at the end spent since `before` (an idle one the pool closed is gone). */
export function backendCpuSince(before: Map<string, number>, database: string): number {
  let spent = 0;
  for (const [pid, ms] of backendCpuMs(database)) spent += ms - (before.get(pid) ?? 0);
  return spent;
}
