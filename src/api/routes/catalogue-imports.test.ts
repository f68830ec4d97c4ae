import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const upload = (what: 'categories' | 'products', csv: string | Buffer, contentType = 'text/csv') =>
  fetch(`${server.baseUrl}/v1/imports/${what}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.keys.admin}`, 'content-type': contentType },
    body: csv,
  }).then(async (response) => ({
    status: response.status,
    body: (await response.json()) as any,
  }));

const utf8 = { encoding: 'utf8', bom: false, delimiter: ',' };

describe('POST /v1/imports/categories', () => {
  it('stores the good rows, children before parents, and lists the refused ones by line', async () => {
    const answer = await upload(
      'categories',
      'id,name,parent_id\n' +
        'olive-oil,Olive oil,oils\n' +
        'oils,Oils,grocery\n' +
        'grocery,Grocery,\n' +
        'orphan,Orphan,nowhere\n' +
        'toys,Toys,\n',
    );
    expect(answer).toEqual({
      status: 200,
      body: {
        format: utf8,
        rows: 5,
        accepted: 4,
        created: 4,
        updated: 0,
        unchanged: 0,
        rejected: 1,
        problems: [
          {
            line: 5,
            code: 'unknown_parent',
            message: 'parent_id: no category "nowhere"',
            columns: ['parent_id'],
          },
        ],
      },
    });
    const tree = await server.call('GET', '/v1/categories');
    expect(tree.body.items.map((c: { id: string }) => c.id)).toEqual([
      'grocery',
      'oils',
      'olive-oil',
      'toys',
    ]);
  });

  it('refuses a wrong header and stores nothing', async () => {
    const answer = await upload('categories', 'id,title,parent_id\nx,X,\n');
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'bad_header' });
    expect((await server.call('GET', '/v1/categories')).body.items).toHaveLength(4);
  });
});

describe('POST /v1/imports/products', () => {
  const file =
    'sku,name,category_id,brand,min_price_minor,tags,attr:volume_ml:number\n' +
    'OIL-1,"Olive oil, extra virgin",olive-oil,Borges,39900,premium|imported,500\n' +
    'OIL-2,Sunflower oil,oils,,12.50,,\n' +
    'TOY-1,Toy car,toys,Acme,,,\n' +
    'OIL-3,Rapeseed oil,oils,,,,\n';

  it('stores the good rows and names each bad line with its code', async () => {
    const answer = await upload('products', file);
    expect(answer).toEqual({
      status: 200,
      body: {
        format: utf8,
        rows: 4,
        accepted: 3,
        created: 3,
        updated: 0,
        unchanged: 0,
        rejected: 1,
        problems: [
          {
            line: 3,
            code: 'invalid_value',
            message:
              'min_price_minor: "12.50" is not a whole number of kopecks (write 12990 for 129.90)',
            columns: ['min_price_minor'],
          },
        ],
      },
    });
    expect((await server.call('GET', '/v1/products/OIL-1')).body).toEqual({
      sku: 'OIL-1',
      name: 'Olive oil, extra virgin',
      categoryId: 'olive-oil',
      brand: 'Borges',
      attributes: { volume_ml: 500 },
      tags: ['premium', 'imported'],
      minPriceMinor: 39900,
      noDiscount: false,
      noPointsPayment: false,
      noAccrual: false,
    });
  });

  it('changes nothing when the same file comes again, and updates a changed row', async () => {
    expect((await upload('products', file)).body).toMatchObject({
      accepted: 3,
      created: 0,
      updated: 0,
      unchanged: 3,
      rejected: 1,
    });
    const fixed = file.replace('12.50', '1250').replace('Toy car', 'Toy racing car');
    expect((await upload('products', fixed)).body).toMatchObject({
      accepted: 4,
      created: 1,
      updated: 1,
      unchanged: 2,
      rejected: 0,
      problems: [],
    });
  });

  it('reads a file Russian Excel saved: Windows-1251, semicolons, CRLF', async () => {
    // "sku;name;category_id", "KEFIR;Кефир;;", "ЙОГ-1;Йогурт;toys" in Windows-1251.
    const bytes = Buffer.concat([
      Buffer.from('sku;name;category_id\r\nKEFIR;'),
      Buffer.from('cae5f4e8f0', 'hex'),
      Buffer.from(';\r\n'),
      Buffer.from('c9cec3', 'hex'),
      Buffer.from('-1;'),
      Buffer.from('c9eef3e3f3f0f2', 'hex'),
      Buffer.from(';toys\r\n'),
    ]);
    const answer = await upload('products', bytes);
    expect(answer.body).toMatchObject({
      format: { encoding: 'win1251', bom: false, delimiter: ';' },
      rows: 2,
      created: 1,
      rejected: 1,
      problems: [{ line: 3, code: 'invalid_value' }],
    });
    expect((await server.call('GET', '/v1/products/KEFIR')).body.name).toBe('Кефир');
  });

  it('reads a file of several 64 KiB pieces with a letter split between two of them', async () => {
    const file = (pad: string) =>
      Buffer.from(
        `sku,name\nRU-0,${pad}Молоко деревенское 0\n${Array.from({ length: 1999 }, (_, i) => `RU-${i + 1},Молоко деревенское ${i + 1}\n`).join('')}`,
      );
    // Latin letters before the first name move the byte at 64 KiB into the middle of a Cyrillic one.
    const bytes = Array.from({ length: 40 }, (_, n) => file('x'.repeat(n))).find(
      (b) => ((b[65536] as number) & 0xc0) === 0x80,
    );
    expect(bytes).toBeDefined();
    const answer = await upload('products', bytes as Buffer);
    expect(answer.body).toMatchObject({ rows: 2000, created: 2000, rejected: 0 });
    const names = await server.call('GET', '/v1/products?q=RU-1999');
    expect(names.body.items.map((p: { name: string }) => p.name)).toEqual([
      'Молоко деревенское 1999',
    ]);
  });

  it('counts every refused row and lists the first 1 000', async () => {
    const rows = Array.from({ length: 1200 }, (_, i) => `BAD-${i},Bad ${i},no-such-category\n`);
    const answer = await upload('products', `sku,name,category_id\n${rows.join('')}`);
    expect(answer.body).toMatchObject({ rows: 1200, accepted: 0, rejected: 1200 });
    expect(answer.body.problems).toHaveLength(1000);
    expect(answer.body.problems[999]).toEqual({
      line: 1001,
      code: 'unknown_category',
      message: 'category_id: no category "no-such-category"',
      columns: ['category_id'],
    });
  });

  it.each([
    ['a header without sku', 'name,brand\nMilk,Acme\n', 'text/csv', 'bad_header'],
    ['an empty file', '', 'text/csv', 'bad_header'],
    ['a quote left open', 'sku,name\nA,"Milk\n', 'text/csv', 'invalid_csv'],
    ['a charset it does not read', 'sku,name\n', 'text/csv; charset=koi8-r', 'unsupported_charset'],
  ])('refuses %s with 400', async (_, csv, contentType, code) => {
    const answer = await upload('products', csv, contentType);
    expect([answer.status, answer.body.code]).toEqual([400, code]);
  });

  it('is refused to an analyst key, and then changes nothing', async () => {
    const answer = await fetch(`${server.baseUrl}/v1/imports/products`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.keys.analyst}`, 'content-type': 'text/csv' },
      body: file,
    });
    expect(answer.status).toBe(403);
    expect((await server.call('GET', '/v1/products/TOY-1')).body.name).toBe('Toy racing car');
  });
});

describe('GET /v1/categories/product-counts', () => {
  it('counts each category itself and with its subcategories', async () => {
    // OIL-1 in olive-oil; OIL-2, OIL-3 in oils; TOY-1 in toys; KEFIR and RU-0…RU-1999 in none.
    const answer = await server.call('GET', '/v1/categories/product-counts', {
      key: server.keys.pos,
    });
    expect(answer.body).toEqual({
      items: [
        { categoryId: 'grocery', products: 0, withSubcategories: 3 },
        { categoryId: 'oils', products: 2, withSubcategories: 3 },
        { categoryId: 'olive-oil', products: 1, withSubcategories: 1 },
        { categoryId: 'toys', products: 1, withSubcategories: 1 },
      ],
      total: 2005,
      uncategorised: 2001,
    });
  });
});

describe('GET /v1/products?q', () => {
  it('finds by a part of the SKU as well as of the name', async () => {
    const skus = async (q: string) =>
      (await server.call('GET', `/v1/products?q=${q}`)).body.items.map(
        (p: { sku: string }) => p.sku,
      );
    expect(await skus('oil-')).toEqual(['OIL-1', 'OIL-2', 'OIL-3']);
    expect(await skus('rapeseed')).toEqual(['OIL-3']);
  });
});
