import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, readCsvRecords } from './csv-records.ts';

async function read(text: string, chunkSize = text.length) {
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += chunkSize) chunks.push(text.slice(i, i + chunkSize));
  const records = [];
  for await (const r of readCsvRecords(Readable.from(chunks.map((c) => Buffer.from(c))))) {
    records.push(r);
  }
  return records;
}

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
    const records = await read(`\uFEFF${lines.join(end)}${end}`, 1);
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
});
