import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSegmentServer } from '../../segments/segment-test-kit.ts';
import type { TestServer } from '../test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startSegmentServer();
  const anna = await server.call('POST', '/v1/customers', {
    body: { identifiers: [{ kind: 'email', value: 'анна@почта.рф' }] },
  });
  expect(anna.status).toBe(201);
  expect(
    (await server.call('POST', '/v1/segments', { body: { id: 'vip', name: 'VIP' } })).status,
  ).toBe(201);
});
afterAll(() => server.close());

const upload = async (bytes: Buffer, contentType: string) => {
  const response = await fetch(`${server.baseUrl}/v1/segments/vip/members.csv`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.keys.admin}`, 'content-type': contentType },
    body: bytes,
  });
  return { status: response.status, body: await response.json() };
};

// "kind;value", "email;АННА@почта.рф", "phone;8 (916) 00000-00" as Excel saves them in a
// Russian locale: Windows-1251, semicolons, CRLF, no byte order mark.
const file1251 = Buffer.from(
  '6b696e643b76616c75650d0a' +
    '656d61696c3bc0cdcdc040efeef7f2e02ef0f40d0a' +
    '70686f6e653b382028393136292030303030302d30300d0a',
  'hex',
);
const fileUtf8Bom = Buffer.from(
  '\uFEFFkind;value\r\nemail;АННА@почта.рф\r\nphone;8 (916) 00000-00\r\n',
);
const expected = {
  rows: 2,
  accepted: 1,
  rejected: 1,
  members: 1,
  problems: [
    { line: 3, code: 'customer_not_found', message: 'no customer with phone +79160000000' },
  ],
};

describe('static lists as people save them', () => {
  it.each([
    ['Windows-1251, detected', file1251, 'text/csv'],
    ['Windows-1251, named', file1251, 'text/csv; charset=windows-1251'],
    ['UTF-8 with a BOM', fileUtf8Bom, 'text/csv; charset=utf-8'],
    ['UTF-8 with a BOM, detected', fileUtf8Bom, 'text/csv'],
  ])('reads %s with semicolons', async (_, bytes, contentType) => {
    expect(await upload(bytes, contentType)).toEqual({ status: 200, body: expected });
  });

  it('refuses Windows-1251 bytes sent as UTF-8, with the line, and changes nothing', async () => {
    const answer = await upload(file1251, 'text/csv; charset=utf-8');
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      code: 'invalid_csv',
      detail:
        'line 2: the text is not valid UTF-8; if the file was saved as Windows-1251, say so (--encoding win1251 or charset=windows-1251)',
      line: 2,
    });
    const segment = await server.call('GET', '/v1/segments/vip');
    expect(segment.body).toMatchObject({ memberCount: 1 });
  });

  it('refuses a charset it does not read', async () => {
    const answer = await upload(file1251, 'text/csv; charset=koi8-r');
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'unsupported_charset', field: 'Content-Type' });
  });
});
