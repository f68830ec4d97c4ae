import type { OperatorRole, Role } from '../store/schema.ts';

/**
 * Who performs a change: an API key, an operator in the console (`operatorId`), or the command
 * line and the system itself (neither).
 */
export interface Actor {
  keyId: string | null;
  operatorId?: string;
  name: string;
  role: Role | OperatorRole;
}

export const commandLineActor: Actor = { keyId: null, name: 'command line', role: 'admin' };
export const systemActor: Actor = { keyId: null, name: 'system', role: 'admin' };
