import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CsvEncoding } from './csv-encoding.ts';
import { type CsvFormat, CsvSyntaxError, detectDelimiter, readCsvRecords } from './csv-records.ts';

/** Reads the bytes in chunks of `chunkSize`, so joins across chunks are tested too. */
async function read(bytes: Buffer | string, chunkSize = bytes.length, encoding?: CsvEncoding) {
  const data = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
  const chunks: Buffer[] = [];
  for (let i = 0; i < data.length; i += chunkSize) chunks.push(data.subarray(i, i + chunkSize));
  const records = [];
  let format: CsvFormat | undefined;
  const options = {
    ...(encoding ? { encoding } : {}),
    onFormat: (f: CsvFormat) => {
      format = f;
    },
  };
  for await (const r of readCsvRecords(Readable.from(chunks), options)) records.push(r);
  return { records, format };
}

const hex = (text: string) => Buffer.from(text.replaceAll(' ', ''), 'hex');
const crlf = Buffer.from('\r\n');

// "Артикул;Наименование;Бренд" and "МОЛ-1;Молоко 3,2%;Простоквашино" as Excel saves them in
// a Russian locale: Windows-1251, semicolons, CRLF, no byte order mark.
const header1251 = hex('c0f0f2e8eaf3eb 3b cde0e8ece5edeee2e0ede8e5 3b c1f0e5ede4');
const milk1251 = hex('cccecb2d31 3b cceeebeeeaee20332c3225 3b cff0eef1f2eeeae2e0f8e8edee');
const headerUtf8 = hex(
  'd090d180d182d0b8d0bad183d0bb 3b d09dd0b0d0b8d0bcd0b5d0bdd0bed0b2d0b0d0bdd0b8d0b5 3b d091d180d0b5d0bdd0b4',
);
const milkUtf8 = hex(
  'd09cd09ed09b2d31 3b d09cd0bed0bbd0bed0bad0be20332c3225 3b d09fd180d0bed181d182d0bed0bad0b2d0b0d188d0b8d0bdd0be',
);
const russianRecords = [
  { line: 1, values: ['Артикул', 'Наименование', 'Бренд'] },
  { line: 2, values: ['МОЛ-1', 'Молоко 3,2%', 'Простоквашино'] },
];

const lines = [
  'sku,name',
  'A,"two',
  'lines"',
  '',
  'B,"say ""hi"""',
  'C,"three',
  '',
  'lines"',
  'D,d',
];

describe('readCsvRecords', () => {
  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ])('numbers records by the line they start on, with %s line ends', async (_, end) => {
    // One-byte chunks split every CRLF, so the join across chunks is tested too.
    const { records } = await read(`\uFEFF${lines.join(end)}${end}`, 1);
    expect(records).toEqual([
      { line: 1, values: ['sku', 'name'] },
      { line: 2, values: ['A', 'two\nlines'] },
      { line: 5, values: ['B', 'say "hi"'] },
      { line: 6, values: ['C', 'three\n\nlines'] },
      { line: 9, values: ['D', 'd'] },
    ]);
  });

  it('stops at malformed CSV with the line at fault', async () => {
    const error = await read('sku,name\nA,a\nB,"bad"x\nC,c\n').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect((error as CsvSyntaxError).line).toBe(3);
  });

  it.each([1, 7, 4096])(
    'reads a file saved by Russian Excel (1251, semicolons, CRLF, no BOM) in chunks of %i',
    async (chunkSize) => {
      const file = Buffer.concat([header1251, crlf, milk1251, crlf]);
      expect(await read(file, chunkSize)).toEqual({
        records: russianRecords,
        format: { encoding: 'win1251', bom: false, delimiter: ';' },
      });
    },
  );

  it.each([
    ['with a BOM', true],
    ['without a BOM', false],
  ])('reads UTF-8 %s, multi-byte letters split over one-byte chunks', async (_, bom) => {
    const file = Buffer.concat([
      bom ? hex('efbbbf') : Buffer.alloc(0),
      headerUtf8,
      crlf,
      milkUtf8,
      crlf,
    ]);
    expect(await read(file, 1)).toEqual({
      records: russianRecords,
      format: { encoding: 'utf8', bom, delimiter: ';' },
    });
  });

  it('tells the encoding by letters that come only after 100 000 bytes of ASCII', async () => {
    const ascii = Array.from({ length: 10_000 }, (_, i) => `A-${String(i).padStart(5, '0')};x`);
    const filler = Buffer.from(`sku;name\n${ascii.join('\n')}\n`);
    expect(filler.length).toBeGreaterThan(100_000);
    for (const [name, encoding] of [
      [milk1251, 'win1251'],
      [milkUtf8, 'utf8'],
    ] as const) {
      const { records, format } = await read(Buffer.concat([filler, name, crlf]), 1000);
      expect(records.at(-1)).toEqual({ line: 10_002, values: russianRecords[1]?.values });
      expect(format).toEqual({ encoding, bom: false, delimiter: ';' });
    }
  });

  it('reads what --encoding names even when the bytes would pass for the other', async () => {
    // D0 B0 is "а" in UTF-8 and "Р°" in Windows-1251.
    const file = Buffer.concat([Buffer.from('sku,name\nA,'), hex('d0b0'), crlf]);
    expect((await read(file)).records[1]?.values).toEqual(['A', 'а']);
    expect((await read(file, file.length, 'win1251')).records[1]?.values).toEqual(['A', 'Р°']);
  });

  it('refuses bytes that are not UTF-8 when UTF-8 is named, with the line', async () => {
    const file = Buffer.concat([Buffer.from('sku;name\r\nA;a\r\n'), milk1251, crlf]);
    const error = await read(file, 5, 'utf8').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect(error).toMatchObject({
      line: 3,
      message:
        'the text is not valid UTF-8; if the file was saved as Windows-1251, say so (--encoding win1251 or charset=windows-1251)',
    });
  });

  it('refuses UTF-16 with what to save instead', async () => {
    const error = await read(hex('fffe 7300 6b00 7500')).catch((e: unknown) => e);
    expect(error).toMatchObject({
      line: 1,
      message: 'the file is UTF-16 text; save it as "CSV UTF-8" or "CSV (delimited)" instead',
    });
  });

  it('skips rows whose every field is empty, as spreadsheets save them', async () => {
    const { records } = await read('sku;name\n;\nA;a\n;;\n\n');
    expect(records).toEqual([
      { line: 1, values: ['sku', 'name'] },
      { line: 3, values: ['A', 'a'] },
    ]);
  });

  it('reads an empty file and a file of one line without its line end', async () => {
    expect(await read('')).toEqual({
      records: [],
      format: { encoding: 'utf8', bom: false, delimiter: ',' },
    });
    expect((await read('sku;name')).records).toEqual([{ line: 1, values: ['sku', 'name'] }]);
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['sku,name,brand', ','],
    ['sku;name;brand', ';'],
    ['sku', ','],
    ['"a;b;c",d', ','],
    ['"a,b,c";d', ';'],
    ['phone;8 (916) 123-45-67', ';'],
  ])('reads %s as delimited by "%s"', (line, delimiter) => {
    expect(detectDelimiter(line)).toBe(delimiter);
  });
});
