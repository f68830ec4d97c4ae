import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
let dir: string;

/** Runs `perk` on an embedded database of its own (never the DATABASE_URL of the test run). */
async function perk(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, PERK_DATA_DIR: join(dir, 'data') };
  delete env.DATABASE_URL;
  return run('node', ['bin/perk.js', ...args], { env }).then(
    (out) => ({ code: 0, ...out }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perk-import-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('perk import', () => {
  it('imports a file with rejected rows, exits 0 and writes the rejected rows', async () => {
    await writeFile(join(dir, 'categories.csv'), 'id,name,parent_id\nfood,Food,\n');
    expect((await perk('import', 'categories', join(dir, 'categories.csv'))).code).toBe(0);
    const file = join(dir, 'products.csv');
    await writeFile(file, 'sku,name,category_id\nA,Apple,food\nB,Bread,bakery\n');
    const result = await perk('import', 'products', file);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      '1 products accepted (1 created, 0 updated, 0 unchanged), 1 rows rejected',
    );
    expect(result.stdout).toContain('  line 3: category_id: no category "bakery"');
    expect(await readFile(`${file}.rejected.csv`, 'utf8')).toBe(
      'line,reason,sku,name,category_id\n3,"category_id: no category ""bakery""",B,Bread,bakery\n',
    );
  }, 180_000);

  it('imports past checks: a check with an unknown store is rejected whole, rows written back', async () => {
    const file = join(dir, 'purchases.csv');
    await writeFile(
      file,
      'check_id;time;store_id;sku;quantity;price_minor;paid_minor\r\n' +
        'K1;01.03.2024 10:00;nowhere;MILK;2;8990;17980\r\n' +
        'K1;01.03.2024 10:00;nowhere;CHEESE;0,474;99900;47353\r\n',
    );
    const result = await perk('import', 'purchases', file, '--outlier-quantity', '50');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `${file} (UTF-8, ";"-delimited): 1 checks in 2 rows — 0 imported, 0 already there, 0 outliers flagged, 2 rows rejected;`,
    );
    expect(result.stdout).toContain('  line 2: store_id: no store "nowhere" (unknown_store)');
    expect(result.stdout).toContain('  line 3: check K1 is rejected for line 2');
    expect(await readFile(`${file}.rejected.csv`, 'utf8')).toBe(
      'line;reason;check_id;time;store_id;sku;quantity;price_minor;paid_minor\n' +
        '2;"store_id: no store ""nowhere"" (unknown_store)";K1;01.03.2024 10:00;nowhere;MILK;2;8990;17980\n' +
        '3;check K1 is rejected for line 2;K1;01.03.2024 10:00;nowhere;CHEESE;0,474;99900;47353\n',
    );
    const wrong = await perk('import', 'purchases', file, '--outlier-quantity', 'many');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('must be a whole number');
  }, 180_000);

  it('exits 1 for a missing file or a wrong header', async () => {
    const missing = await perk('import', 'products', join(dir, 'none.csv'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Cannot read');
    await writeFile(join(dir, 'bad.csv'), 'sku,title\n');
    const bad = await perk('import', 'products', join(dir, 'bad.csv'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('unknown column "title"');
  }, 180_000);

  it('reads the encoding --encoding names, and says where a file is not in it', async () => {
    const file = join(dir, 'excel.csv');
    // "sku;name", "KEFIR;Кефир" in Windows-1251.
    await writeFile(
      file,
      Buffer.concat([
        Buffer.from('sku;name\r\nKEFIR;'),
        Buffer.from('cae5f4e8f0', 'hex'),
        Buffer.from('\r\n'),
      ]),
    );
    const wrong = await perk('import', 'products', file, '--encoding', 'utf8');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe(
      `${file} line 2: not valid CSV (the text is not valid UTF-8; if the file was saved as Windows-1251, say so (--encoding win1251 or charset=windows-1251)); rows before it were imported\n`,
    );
    const right = await perk('import', 'products', file, '--encoding', 'win1251');
    expect(right.code).toBe(0);
    expect(right.stdout).toContain(`${file} (Windows-1251, ";"-delimited): 1 products accepted`);
    const unknown = await perk('import', 'products', file, '--encoding', 'koi8r');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(
      "error: option '--encoding <encoding>' argument 'koi8r' is invalid. Allowed choices are auto, utf8, win1251.",
    );
  }, 180_000);
});
