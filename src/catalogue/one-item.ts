import { PerkError } from '../errors.ts';

/**
 * Runs a batch write of a single item and answers its problems at the item's own fields, as a
 * call about one item expects: `/categories/0/name` becomes `/name`.
 */
export async function asOneItem<T>(batchPointer: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!(error instanceof PerkError)) throw error;
    const prefix = `${batchPointer}/0`;
    const rebase = (field: string) =>
      field.startsWith(`${prefix}/`) ? field.slice(prefix.length) : field;
    throw new PerkError(error.kind, error.code, error.message.replaceAll(`${prefix}/`, '/'), {
      problems: error.problems.map((p) => ({ ...p, field: rebase(p.field) })),
      details: error.details,
      ...(error.field ? { field: rebase(error.field) } : {}),
    });
  }
}
