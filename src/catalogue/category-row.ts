import { invalid } from '../errors.ts';
import { rowTextFaults } from '../storable-text.ts';
import { type Category, checkCategoryBatch } from './category-tree.ts';

export const categoryColumns = ['id', 'name', 'parent_id'] as const;

/** Checks the header of a categories CSV: exactly id, name, parent_id (400 `bad_header`). */
export function checkCategoryHeader(values: readonly string[]): void {
  const columns = values.map((v) => v.trim());
  if (columns.join(',') !== categoryColumns.join(',')) {
    throw invalid(
      'bad_header',
      `the header must be ${categoryColumns.join(',')}, got ${columns.join(',')}`,
    );
  }
}

export interface NumberedCategory extends Category {
  line: number;
}

export interface CategorySorting {
  accepted: NumberedCategory[];
  /** Refused rows, with the code of the row's first problem. */
  rejected: { line: number; code: string; reason: string }[];
}

export interface CategoryRowRefusal {
  code: 'field_count' | 'invalid_value';
  reason: string;
}

/** One data row; an empty parent_id makes a root category. */
export function readCategoryRow(values: readonly string[]): Category | CategoryRowRefusal {
  if (values.length !== categoryColumns.length) {
    const reason = `has ${values.length} fields, the header has ${categoryColumns.length}`;
    return { code: 'field_count', reason };
  }
  const textProblems = rowTextFaults(values);
  if (textProblems.length > 0) return { code: 'invalid_value', reason: textProblems.join('; ') };
  const [id = '', name = '', parentId = ''] = values.map((v) => v.trim());
  return { id, name, parentId: parentId || null };
}

/**
 * Splits the rows of a file into those that can be stored together and those refused, with
 * the reason. A row is refused for bad fields, a repeated id (the later row), an unknown parent,
 * a cycle, or because its parent row was refused; hence the repeated check until nothing changes.
 */
export function sortCategoryRows(
  stored: readonly Pick<Category, 'id' | 'parentId'>[],
  rows: readonly NumberedCategory[],
): CategorySorting {
  const rejected: CategorySorting['rejected'] = [];
  let accepted = [...rows];
  for (;;) {
    const problems = checkCategoryBatch(stored, accepted);
    if (problems.length === 0) return { accepted, rejected };
    const refused = new Map<number, { code: string; reasons: string[] }>();
    for (const p of problems) {
      const [, index = '', field = ''] = p.field.split('/').slice(1);
      const row = refused.get(Number(index)) ?? { code: p.code, reasons: [] };
      row.reasons.push(`${field === 'parentId' ? 'parent_id' : field}: ${p.message}`);
      refused.set(Number(index), row);
    }
    for (const [index, { code, reasons }] of refused) {
      rejected.push({
        line: (accepted[index] as NumberedCategory).line,
        code,
        reason: reasons.join('; '),
      });
    }
    accepted = accepted.filter((_, index) => !refused.has(index));
  }
}
