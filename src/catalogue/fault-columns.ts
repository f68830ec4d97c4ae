/**
 * The columns a refused row's reason names, in order, each once, as the file's header writes
 * them. Every catalogue row check writes its faults as `column: message`, joined by '; ' (a text
 * fault as `column N …`, counted from 1; an attribute as `attr:name:` whatever kind its header
 * gives it); only the file's own columns count, so a value quoted in a message is never taken
 * for a column.
 */
export function faultColumns(reason: string, header: readonly string[]): string[] {
  const columns = new Set<string>();
  for (const fault of reason.split('; ')) {
    const numbered = /^column (\d+) /.exec(fault);
    const column = numbered ? header[Number(numbered[1]) - 1] : namedColumn(fault, header);
    if (column !== undefined) columns.add(column);
  }
  return [...columns];
}

/** The header column a fault starts with; the longest, so `attr:volume: …` is not `attr`. */
function namedColumn(fault: string, header: readonly string[]): string | undefined {
  let found: { column: string; length: number } | undefined;
  for (const column of header) {
    const name = column.startsWith('attr:') ? column.split(':').slice(0, 2).join(':') : column;
    if (fault.startsWith(`${name}:`) && name.length > (found?.length ?? -1)) {
      found = { column, length: name.length };
    }
  }
  return found?.column;
}
