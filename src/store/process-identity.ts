import { existsSync, readFileSync } from 'node:fs';

/**
 * A process as a lock file records it. A pid alone is not enough: after a kill -9 the pid may
 * be given to another process (in a container every restart is pid 1 again), so on Linux the
 * process's start time and the boot it belongs to are recorded too.
 */
export interface ProcessIdentity {
  pid: number;
  /** Start time in clock ticks since boot (`/proc/<pid>/stat`); null where there is no /proc. */
  startTime: string | null;
  bootId: string | null;
}

const hasProc = existsSync('/proc/self/stat');

export function currentProcess(): ProcessIdentity {
  return { pid: process.pid, startTime: startTimeOf(process.pid), bootId: currentBootId() };
}

/**
 * Whether the recorded process still runs. With /proc the pid must exist, not be a zombie, and
 * have started at the recorded time in this boot; without it a signal 0 probe decides (EPERM: it
 * runs under another user).
 */
export function isRunning(recorded: ProcessIdentity): boolean {
  const boot = currentBootId();
  if (recorded.bootId && boot && recorded.bootId !== boot) return false;
  if (hasProc) {
    const startTime = startTimeOf(recorded.pid);
    if (startTime === null) return false;
    return recorded.startTime === null || recorded.startTime === startTime;
  }
  try {
    process.kill(recorded.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Field 22 of /proc/<pid>/stat; null for no such process or a zombie. */
function startTimeOf(pid: number): string | null {
  if (!hasProc) return null;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may hold spaces; count from after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (fields[0] === 'Z' || fields[0] === 'X') return null;
  return fields[19] ?? null;
}

function currentBootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return null;
  }
}
