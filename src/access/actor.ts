import type { Role } from '../store/schema.ts';

/** Who performs a change: an API key, or the operator at the command line. */
export interface Actor {
  keyId: string | null;
  name: string;
  role: Role;
}

export const commandLineActor: Actor = { keyId: null, name: 'command line', role: 'admin' };
export const systemActor: Actor = { keyId: null, name: 'system', role: 'admin' };
