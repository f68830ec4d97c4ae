import type { FieldProblem } from '../errors.ts';
import { codePattern, codeRule, maxNameLength } from './catalogue-codes.ts';

export interface Category {
  id: string;
  name: string;
  /** `null` for a root category. */
  parentId: string | null;
}

/** An immutable category tree, answering "this category and its ancestors" and the reverse. */
export class CategoryTree {
  private readonly parents = new Map<string, string | null>();
  private readonly children = new Map<string, string[]>();
  private readonly lineages = new Map<string, readonly string[]>();

  constructor(categories: Iterable<Pick<Category, 'id' | 'parentId'>>) {
    for (const { id, parentId } of categories) {
      this.parents.set(id, parentId);
      if (parentId === null) continue;
      const siblings = this.children.get(parentId);
      if (siblings) siblings.push(id);
      else this.children.set(parentId, [id]);
    }
  }

  has(id: string): boolean {
    return this.parents.has(id);
  }

  /** The category itself, then its parent, up to the root; empty for an unknown id. */
  withAncestors(id: string): readonly string[] {
    const known = this.lineages.get(id);
    if (known) return known;
    const lineage: string[] = [];
    for (let at: string | null | undefined = id; at != null; at = this.parents.get(at)) {
      if (!this.parents.has(at)) break;
      lineage.push(at);
    }
    // Shared by every product of the category, so it must not be mutated by a caller.
    const frozen = Object.freeze(lineage);
    this.lineages.set(id, frozen);
    return frozen;
  }

  /** The category itself and every category below it, parents before children. */
  withDescendants(id: string): string[] {
    if (!this.has(id)) return [];
    const found = [id];
    for (let i = 0; i < found.length; i++) {
      found.push(...(this.children.get(found[i] as string) ?? []));
    }
    return found;
  }
}

/**
 * Checks a batch of categories against the stored ones: field rules, duplicate ids, unknown
 * parents and cycles. Parents may come later in the same batch. Fields are JSON pointers under
 * `/categories/<index>`. Codes: `invalid_value`, `duplicate_category`, `unknown_parent`,
 * `category_cycle`.
 */
export function checkCategoryBatch(
  stored: Iterable<Pick<Category, 'id' | 'parentId'>>,
  batch: readonly Category[],
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const parents = new Map<string, string | null>();
  for (const c of stored) parents.set(c.id, c.parentId);
  const firstIndex = new Map<string, number>();
  batch.forEach((c, i) => {
    const at = `/categories/${i}`;
    if (!codePattern.test(c.id)) {
      problems.push({ field: `${at}/id`, code: 'invalid_value', message: codeRule });
    }
    if (c.name.trim() === '' || c.name.length > maxNameLength) {
      problems.push({ field: `${at}/name`, code: 'invalid_value', message: nameRule });
    }
    const first = firstIndex.get(c.id);
    if (first !== undefined) {
      problems.push({
        field: `${at}/id`,
        code: 'duplicate_category',
        message: `"${c.id}" is already given at /categories/${first}`,
      });
    } else firstIndex.set(c.id, i);
    parents.set(c.id, c.parentId);
  });
  batch.forEach((c, i) => {
    const problem = parentProblem(parents, c);
    if (problem) problems.push({ field: `/categories/${i}/parentId`, ...problem });
  });
  return problems;
}

const nameRule = `must not be blank and at most ${maxNameLength} characters`;

function parentProblem(
  parents: Map<string, string | null>,
  category: Category,
): Omit<FieldProblem, 'field'> | undefined {
  if (category.parentId === null) return undefined;
  if (!parents.has(category.parentId)) {
    return { code: 'unknown_parent', message: `no category "${category.parentId}"` };
  }
  // Walk up from the category; coming back to it is a cycle. Meeting another loop stops the walk,
  // since the rows that form that loop report it themselves.
  const seen = new Set<string>();
  for (let at = parents.get(category.id); at != null; at = parents.get(at)) {
    if (at === category.id) {
      return { code: 'category_cycle', message: `"${category.id}" would be its own ancestor` };
    }
    if (seen.has(at)) break;
    seen.add(at);
  }
  return undefined;
}

/** Orders a valid batch so that each parent is written before its children. */
export function parentsFirst(
  stored: Iterable<Pick<Category, 'id' | 'parentId'>>,
  batch: readonly Category[],
): Category[] {
  const merged = new Map<string, string | null>();
  for (const c of stored) merged.set(c.id, c.parentId);
  for (const c of batch) merged.set(c.id, c.parentId);
  const tree = new CategoryTree([...merged].map(([id, parentId]) => ({ id, parentId })));
  const depth = (c: Category) => tree.withAncestors(c.id).length;
  return [...batch].sort((a, b) => depth(a) - depth(b));
}
