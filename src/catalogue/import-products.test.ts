import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandLineActor } from '../access/actor.ts';
import { encodeCsvText } from '../csv/csv-encoding.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { type CatalogueWriter, directCatalogue } from './catalogue-writer.ts';
import { importCategories } from './import-categories.ts';
import { importProducts } from './import-products.ts';
import { rejectedRowsCsv } from './import-report.ts';
import { getProduct } from './products.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());
const writer = () => directCatalogue(database.db, commandLineActor);

const csv = (...lines: string[]) => Readable.from([Buffer.from(`${lines.join('\r\n')}\r\n`)]);

describe('importCategories', () => {
  it('stores good rows with parents in any order and rejects the rest by line', async () => {
    const report = await importCategories(
      writer(),
      csv(
        'id,name,parent_id',
        'olive,Olive oil,oils',
        'oils,Oils,food',
        'food,Food,',
        'loop-a,A,loop-b',
        'loop-b,B,loop-a',
        'orphan,Orphan,nowhere',
        'grandchild,Below orphan,orphan',
        'food,Food again,',
      ),
    );
    expect(report.accepted).toBe(3);
    expect(report.rejected.map((r) => [r.line, r.code, r.reason])).toEqual([
      [5, 'category_cycle', 'parent_id: "loop-a" would be its own ancestor'],
      [6, 'category_cycle', 'parent_id: "loop-b" would be its own ancestor'],
      [7, 'unknown_parent', 'parent_id: no category "nowhere"'],
      [8, 'unknown_parent', 'parent_id: no category "orphan"'],
      [9, 'duplicate_category', 'id: "food" is already given at /categories/2'],
    ]);
  });

  it('refuses a wrong header', async () => {
    await expect(importCategories(writer(), csv('id,title,parent_id'))).rejects.toMatchObject({
      code: 'bad_header',
    });
  });
});

describe('importProducts', () => {
  it('imports good rows and reports each bad one with its line', async () => {
    const report = await importProducts(
      writer(),
      csv(
        'sku,name,category_id,brand,min_price_minor,no_discount,no_points_payment,no_accrual,tags,attr:volume_ml:number,attr:colour',
        'OIL-1,"Olive oil, extra virgin",olive,Borges,39900,no,yes,0,premium|imported,500,green',
        'OIL-2,"Olive oil',
        'two lines",olive,,12.50,,,,,,',
        ',No SKU,,,,,,,,,',
        'OIL-3,Unknown category,sauces,,,,,,,,',
        'OIL-4,Bad flag,olive,,,maybe,,,,,',
        'OIL-1,Repeated SKU,olive,,,,,,,,',
        'OIL-5,Plain,,,,,,,,,',
      ),
    );
    expect(report).toMatchObject({ accepted: 2, created: 2, updated: 0, unchanged: 0 });
    expect(report.rejected.map((r) => [r.line, r.code, r.reason])).toEqual([
      [
        3,
        'invalid_value',
        'min_price_minor: "12.50" is not a whole number of kopecks (write 12990 for 129.90)',
      ],
      [5, 'invalid_value', 'sku: is empty'],
      [6, 'unknown_category', 'category_id: no category "sauces"'],
      [7, 'invalid_value', 'no_discount: "maybe" is not true/false, 1/0 or yes/no'],
      [8, 'repeated_sku', 'sku: "OIL-1" repeats line 2'],
    ]);
    expect(await getProduct(database.db, 'OIL-1')).toEqual({
      sku: 'OIL-1',
      name: 'Olive oil, extra virgin',
      categoryId: 'olive',
      brand: 'Borges',
      attributes: { volume_ml: 500, colour: 'green' },
      tags: ['premium', 'imported'],
      minPriceMinor: 39900,
      noDiscount: false,
      noPointsPayment: true,
      noAccrual: false,
    });
    expect(rejectedRowsCsv(report).split('\n').slice(0, 3)).toEqual([
      'line,reason,sku,name,category_id,brand,min_price_minor,no_discount,no_points_payment,no_accrual,tags,attr:volume_ml:number,attr:colour',
      '3,"min_price_minor: ""12.50"" is not a whole number of kopecks (write 12990 for 129.90)",OIL-2,"Olive oil',
      'two lines",olive,,12.50,,,,,,',
    ]);
  });

  it('stores more than one chunk and counts unchanged rows on a second import', async () => {
    const rows = Array.from(
      { length: 2500 },
      (_, i) => `BULK-${String(i).padStart(4, '0')},Item ${i},food`,
    );
    const first = await importProducts(writer(), csv('sku,name,category_id', ...rows));
    expect(first).toMatchObject({ accepted: 2500, created: 2500, rejected: [] });
    const again = await importProducts(writer(), csv('sku,name,category_id', ...rows));
    expect(again).toMatchObject({ accepted: 2500, created: 0, updated: 0, unchanged: 2500 });
  });

  it.each([
    ['a missing name column', 'sku,category_id'],
    ['an unknown column', 'sku,name,colour'],
    ['a repeated column', 'sku,name,sku'],
    ['a bad attribute type', 'sku,name,attr:size:date'],
  ])('refuses %s in the header', async (_, header) => {
    await expect(importProducts(writer(), csv(header, 'X,Y,Z'))).rejects.toMatchObject({
      code: 'bad_header',
    });
  });
});

describe('imports as people have them', () => {
  it('imports a products file saved by Russian Excel and writes its rejected rows back alike', async () => {
    // sku;name;category_id;brand, then two rows, in Windows-1251 with CRLF and no BOM:
    // "МОЛ-1;Молоко 3,2%;food;Простоквашино" is refused (a SKU is Latin), "KEFIR;Кефир;food;"
    // is stored.
    const file = Buffer.from(
      [
        '736b753b6e616d653b63617465676f72795f69643b6272616e64',
        'cccecb2d313bcceeebeeeaee20332c32253b666f6f643bcff0eef1f2eeeae2e0f8e8edee',
        '4b454649523bcae5f4e8f03b666f6f643b',
        '',
      ]
        .map((line) => (line ? `${line}0d0a` : ''))
        .join(''),
      'hex',
    );
    const progress: { bytesRead: number; rows: number }[] = [];
    const report = await importProducts(writer(), Readable.from([file]), {
      onProgress: (p) => progress.push(p),
    });
    expect(report).toMatchObject({
      format: { delimiter: ';', encoding: 'win1251', bom: false },
      rows: 2,
      accepted: 1,
    });
    expect(progress).toEqual([
      { bytesRead: file.length, rows: 1 },
      { bytesRead: file.length, rows: 2 },
    ]);
    expect(await getProduct(database.db, 'KEFIR')).toMatchObject({ name: 'Кефир', brand: null });
    const rejected = rejectedRowsCsv(report);
    expect(rejected).toBe(
      'line;reason;sku;name;category_id;brand\n' +
        '2;"sku: must be 1–100 characters of A–Z, a–z, 0–9, ""."", ""_"", "":"" or ""-""";МОЛ-1;Молоко 3,2%;food;Простоквашино\n',
    );
    // ";Простоквашино" and the line end, in Windows-1251 as the file came.
    expect(encodeCsvText(rejected, report.format).subarray(-15).toString('hex')).toBe(
      '3bcff0eef1f2eeeae2e0f8e8edee0a',
    );
  });

  it('reports rows the writer refuses and stores the rest of their chunk', async () => {
    // The category "ghost" passes the file's check but is gone when the rows are written.
    const direct = writer();
    const vanishing: CatalogueWriter = {
      ...direct,
      categoryLinks: async () => [
        ...(await direct.categoryLinks()),
        { id: 'ghost', parentId: null },
      ],
    };
    const report = await importProducts(
      vanishing,
      csv('sku,name,category_id', 'G-1,Gone,ghost', 'G-2,Here,food', 'G-3,Gone too,ghost'),
    );
    expect(report).toMatchObject({ rows: 3, accepted: 1, created: 1 });
    // The writer's own code, as the API refused the rows.
    expect(report.rejected.map((r) => [r.line, r.code, r.reason])).toEqual([
      [2, 'unknown_category', 'category_id: no category "ghost"'],
      [4, 'unknown_category', 'category_id: no category "ghost"'],
    ]);
    expect(await getProduct(database.db, 'G-2')).toMatchObject({ categoryId: 'food' });
  });
});
