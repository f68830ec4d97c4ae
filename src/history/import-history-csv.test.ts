import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandLineActor } from '../access/actor.ts';
import { startTestServer, type TestServer } from '../api/test-server.ts';
import { defaultOutlierThresholds } from './history-checks.ts';
import { directHistory } from './history-writer.ts';
import { importHistoryCsv } from './import-history-csv.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await server.call('PUT', '/v1/stores/msk', {
    body: { name: 'Tverskaya', region: 'Moscow', timeZone: 'Europe/Moscow', channel: 'pos' },
  });
  await server.call('POST', '/v1/customers', {
    body: { identifiers: [{ kind: 'phone', value: '+79161112233' }] },
  });
});
afterAll(() => server.close());

const run = (text: string, outliers = defaultOutlierThresholds, accrue = false) =>
  importHistoryCsv(directHistory(server.db, commandLineActor, 'RU'), Readable.from([text]), {
    outliers,
    accrue,
  });

// As Excel saves it in a Russian locale: semicolons, decimal commas, local times.
const file = [
  'check_id;time;store_id;customer_phone;sku;quantity;price_minor;discount_minor;paid_minor',
  'K1;01.03.2024 10:00;msk;8 916 111-22-33;MILK;2;8990;;17980',
  'K1;01.03.2024 10:00;msk;8 916 111-22-33;CHEESE;0,474;99900;;47353',
  'K2;01.03.2024 10:05;msk;;BREAD;1;4990;500;4490',
  'K3;01.03.2024 10:07;nowhere;;BREAD;1;4990;;4990',
  'K4;01.03.2024 10:09;msk;;BREAD;x;4990;;4990',
  'K4;01.03.2024 10:09;msk;;MILK;1;8990;;8990',
  'K5;01.03.2024 11:00;msk;;PALLET;300;1000;;300000',
  'K2;01.03.2024 10:05;msk;;BREAD;1;4990;500;4490',
  '',
].join('\r\n');

describe('importHistoryCsv', () => {
  it('stores whole checks, rejects whole checks with every row listed, flags outliers', async () => {
    const report = await run(file);
    expect(report.format).toEqual({ delimiter: ';', encoding: 'utf8', bom: false });
    expect({ ...report, format: undefined, header: undefined }).toEqual({
      format: undefined,
      header: undefined,
      rows: 8,
      checks: 6,
      created: 3,
      alreadyStored: 0,
      outliers: [
        {
          line: 8,
          checkId: 'K5',
          paidMinor: 300_000,
          quantityMilli: 300_000,
          reasons: ['quantity'],
        },
      ],
      accruedChecks: 0,
      accruedPoints: 0,
      expiredPoints: 0,
      rejected: [
        {
          line: 5,
          reason: 'store_id: no store "nowhere" (unknown_store)',
          values: ['K3', '01.03.2024 10:07', 'nowhere', '', 'BREAD', '1', '4990', '', '4990'],
        },
        {
          line: 6,
          reason: 'quantity: must be a number with up to 3 decimals, e.g. 2 or 2,474',
          values: ['K4', '01.03.2024 10:09', 'msk', '', 'BREAD', 'x', '4990', '', '4990'],
        },
        {
          line: 7,
          reason: 'check K4 is rejected for line 6',
          values: ['K4', '01.03.2024 10:09', 'msk', '', 'MILK', '1', '8990', '', '8990'],
        },
        {
          line: 9,
          reason: 'check_id: check K2 began at line 4; the rows of a check must be consecutive',
          values: ['K2', '01.03.2024 10:05', 'msk', '', 'BREAD', '1', '4990', '500', '4490'],
        },
      ],
    });
    const k1 = await server.db
      .selectFrom('history_check_lines')
      .select(['line_no', 'sku', 'quantity_milli', 'price_minor', 'paid_minor'])
      .where('check_id', '=', 'K1')
      .orderBy('line_no')
      .execute();
    expect(k1).toEqual([
      { line_no: 1, sku: 'MILK', quantity_milli: 2000, price_minor: 8990, paid_minor: 17_980 },
      { line_no: 2, sku: 'CHEESE', quantity_milli: 474, price_minor: 99_900, paid_minor: 47_353 },
    ]);
  });

  it('a re-run stores nothing new; a changed check is a conflict, listed with its rows', async () => {
    const again = await run(file);
    expect([again.created, again.alreadyStored, again.outliers, again.rejected.length]).toEqual([
      0,
      3,
      [],
      4,
    ]);
    const changed = await run(
      [
        'check_id,time,store_id,sku,quantity,price_minor,paid_minor',
        'K2,2024-03-01 10:05,msk,BREAD,2,4990,9980',
        'K6,2024-03-01 12:00,msk,BREAD,1,4990,4990',
      ].join('\n'),
    );
    expect(changed.created).toBe(1);
    expect(changed.rejected).toEqual([
      {
        line: 2,
        reason: 'check_id: check K2 is stored with other content (check_conflict)',
        values: ['K2', '2024-03-01 10:05', 'msk', 'BREAD', '2', '4990', '9980'],
      },
    ]);
  });

  it('with accrue, a re-run accrues the checks of a customer stored without points, once', async () => {
    // K1 alone has a customer: 3% of 653.33 ₽ = 19.5999 → 19 points, never expiring.
    const accrued = await run(file, defaultOutlierThresholds, true);
    expect([accrued.created, accrued.accruedChecks, accrued.accruedPoints]).toEqual([0, 1, 19]);
    expect(accrued.expiredPoints).toBe(0);
    const again = await run(file, defaultOutlierThresholds, true);
    expect([again.accruedChecks, again.accruedPoints]).toEqual([0, 0]);
  });

  it('refuses a header without the required columns', async () => {
    await expect(run('check_id,sku\nA,B\n')).rejects.toThrow(
      'the header needs the columns time, store_id, quantity, price_minor, paid_minor',
    );
  });
});
