import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let dir: string;
const children: ChildProcess[] = [];
const port = 40_000 + (process.pid % 10_000);

/** `perk` on an embedded database of its own (never the DATABASE_URL of the test run). */
function perk(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PERK_DATA_DIR: join(dir, 'data') };
  delete env.DATABASE_URL;
  return new Promise((resolve) => {
    execFile('node', ['bin/perk.js', ...args], { env }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perk-customers-'));
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

// Vera has two lots on two rows; Pyotr repeats her phone; Olga names a tier the (absent)
// programme does not have and a lot that expired; Ivan is fine.
const customersCsv =
  'external_id;phone;card;first_name;birth_date;tier;points;valid_until;activates_on\r\n' +
  'C-1;8 912 345-67-89;2000 0001|2000 0002;Вера;01.04.1990;;1200;31.12.2030;\r\n' +
  'C-1;;;;;;250;never;01.06.2030\r\n' +
  'C-2;+79123456789;;Пётр;;;;;\r\n' +
  'C-3;;;Ольга;;gold;10;31.01.2020;\r\n' +
  'C-4;;2000 0004;Иван;;;500;;\r\n';

describe('perk import customers', () => {
  it('dry run lists every conflict and writes nothing; the run imports; a re-run changes nothing', async () => {
    const file = join(dir, 'customers.csv');
    await writeFile(file, customersCsv);
    const dry = await perk('import', 'customers', file, '--system', 'oldcrm', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(
      `${file} (UTF-8, ";"-delimited): 4 customers in 5 rows — 2 to import (dry run: nothing written), 0 already there, 1950 opening points, 2 rows rejected;`,
    );
    expect(dry.stdout).toContain('  line 4: phone: the same as line 2 (duplicate_identifier)');
    expect(dry.stdout).toContain(
      '  line 5: valid_until: these points expired before the import (lot_expired); tier: no tier programme is defined: "gold" (unknown_tier)',
    );
    expect(await readFile(`${file}.rejected.csv`, 'utf8')).toBe(
      'line;reason;external_id;phone;card;first_name;birth_date;tier;points;valid_until;activates_on\n' +
        '4;phone: the same as line 2 (duplicate_identifier);C-2;+79123456789;;Пётр;;;;;\n' +
        '5;"valid_until: these points expired before the import (lot_expired); tier: no tier programme is defined: ""gold"" (unknown_tier)";C-3;;;Ольга;;gold;10;31.01.2020;\n',
    );
    // Had the dry run written anything, these would be "already there".
    const run = await perk('import', 'customers', file, '--system', 'oldcrm');
    expect(run.stdout).toContain(
      '4 customers in 5 rows — 2 imported, 0 already there, 1950 opening points, 2 rows rejected;',
    );
    const again = await perk('import', 'customers', file, '--system', 'oldcrm');
    expect(again.stdout).toContain(
      '4 customers in 5 rows — 0 imported, 2 already there, 0 opening points, 2 rows rejected;',
    );
    const bad = await perk('import', 'customers', file, '--system', 'Old CRM');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('invalid_system');
  }, 240_000);

  it('goes through the running server, whose past checks then find the imported customer', async () => {
    const server = spawn('node', ['bin/perk.js', 'start'], {
      env: {
        ...process.env,
        PERK_DATA_DIR: join(dir, 'data'),
        DATABASE_URL: '',
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
      },
    });
    children.push(server);
    await untilReady(server);
    const created = await perk('keys', 'create', '--role', 'admin', '--name', 'import test');
    const key = created.stdout.trim().split('\n').at(-1) as string;
    const api = (method: string, path: string, body?: unknown) =>
      fetch(`http://127.0.0.1:${port}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, any> }));
    const store = {
      name: 'Tverskaya',
      region: 'Moscow',
      timeZone: 'Europe/Moscow',
      channel: 'pos',
    };
    expect((await api('PUT', '/v1/stores/msk', store)).status).toBeLessThan(300);
    const file = join(dir, 'more.csv');
    await writeFile(
      file,
      'external_id,email,points,valid_until\nC-5,anna@example.ru,700,2031-12-31\nC-4,,,\n',
    );
    const imported = await perk('import', 'customers', file, '--system', 'oldcrm');
    expect(imported.code).toBe(0);
    expect(imported.stderr).toContain('this command goes through its API');
    // C-4 comes again with other content (no card, no lot): refused, never overwritten.
    expect(imported.stdout).toContain(
      '2 customers in 2 rows — 1 imported, 0 already there, 700 opening points, 1 rows rejected;',
    );
    expect(imported.stdout).toContain('  line 3: external_id:');
    expect(imported.stdout).toContain('(import_changed)');
    const anna = await api('GET', '/v1/customers/lookup?external=oldcrm:C-5');
    expect(anna.body.identifiers).toEqual([
      { kind: 'email', value: 'anna@example.ru' },
      { kind: 'external', system: 'oldcrm', value: 'C-5' },
    ]);
    const points = await api('GET', `/v1/customers/${anna.body.id}/points`);
    expect(points.body).toMatchObject({ active: 700, pending: 0, debt: 0 });
    const lots = await api('GET', `/v1/customers/${anna.body.id}/points/lots`);
    // The last valid day 2031-12-31 in Moscow (UTC+3) ends at 21:00 UTC.
    expect(lots.body.items).toMatchObject([
      { source: 'opening_balance', amount: 700, expiresAt: '2031-12-31T21:00:00.000Z' },
    ]);
    const purchases = join(dir, 'purchases.csv');
    await writeFile(
      purchases,
      'check_id,time,store_id,customer_external,sku,quantity,price_minor,paid_minor\n' +
        'OLD-1,2024-03-01T14:05:00+03:00,msk,oldcrm:C-5,MILK,1,8990,8990\n',
    );
    const history = await perk('import', 'purchases', purchases, '--accrue');
    expect(history.stdout).toContain('1 checks in 1 rows — 1 imported');
    // 3% of 89.90 ₽ = 2.697 → 2 points, spendable long since.
    expect(history.stdout).toContain('  points: 2 accrued on 1 checks\n');
    const after = await api('GET', `/v1/customers/${anna.body.id}/points`);
    expect(after.body).toMatchObject({ active: 702, pending: 0, debt: 0 });
  }, 240_000);
});

async function untilReady(child: ChildProcess): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    const up = await fetch(`http://127.0.0.1:${port}/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the server did not become ready');
}
