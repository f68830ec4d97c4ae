import { describe, expect, it } from 'vitest';
import { CategoryTree, checkCategoryBatch, parentsFirst } from './category-tree.ts';

const stored = [
  { id: 'food', parentId: null },
  { id: 'oils', parentId: 'food' },
  { id: 'olive', parentId: 'oils' },
  { id: 'toys', parentId: null },
];

describe('CategoryTree', () => {
  const tree = new CategoryTree(stored);

  it('gives a category with all its ancestors, nearest first', () => {
    expect(tree.withAncestors('olive')).toEqual(['olive', 'oils', 'food']);
    expect(tree.withAncestors('food')).toEqual(['food']);
    expect(tree.withAncestors('nowhere')).toEqual([]);
  });

  it('gives a category with all its descendants', () => {
    expect(tree.withDescendants('food')).toEqual(['food', 'oils', 'olive']);
    expect(tree.withDescendants('toys')).toEqual(['toys']);
    expect(tree.withDescendants('nowhere')).toEqual([]);
  });
});

describe('checkCategoryBatch', () => {
  it('accepts a parent that comes later in the same batch', () => {
    const batch = [
      { id: 'cars', name: 'Cars', parentId: 'vehicles' },
      { id: 'vehicles', name: 'Vehicles', parentId: 'toys' },
    ];
    expect(checkCategoryBatch(stored, batch)).toEqual([]);
    expect(parentsFirst(stored, batch).map((c) => c.id)).toEqual(['vehicles', 'cars']);
  });

  it('refuses a cycle through stored categories', () => {
    const batch = [{ id: 'food', name: 'Food', parentId: 'olive' }];
    expect(checkCategoryBatch(stored, batch)).toEqual([
      {
        field: '/categories/0/parentId',
        code: 'category_cycle',
        message: '"food" would be its own ancestor',
      },
    ]);
  });

  it('refuses a cycle inside the batch and a category that is its own parent', () => {
    const batch = [
      { id: 'a', name: 'A', parentId: 'b' },
      { id: 'b', name: 'B', parentId: 'a' },
      { id: 'c', name: 'C', parentId: 'c' },
      { id: 'd', name: 'D', parentId: 'a' },
    ];
    expect(checkCategoryBatch(stored, batch).map((p) => [p.field, p.code])).toEqual([
      ['/categories/0/parentId', 'category_cycle'],
      ['/categories/1/parentId', 'category_cycle'],
      ['/categories/2/parentId', 'category_cycle'],
    ]);
  });

  it('refuses unknown parents, duplicate ids and bad fields', () => {
    const batch = [
      { id: 'x', name: 'X', parentId: 'nowhere' },
      { id: 'x', name: 'X again', parentId: null },
      { id: 'bad id', name: ' ', parentId: null },
    ];
    expect(checkCategoryBatch(stored, batch).map((p) => [p.field, p.code])).toEqual([
      ['/categories/1/id', 'duplicate_category'],
      ['/categories/2/id', 'invalid_value'],
      ['/categories/2/name', 'invalid_value'],
      ['/categories/0/parentId', 'unknown_parent'],
    ]);
  });
});
