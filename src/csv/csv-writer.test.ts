import { describe, expect, it } from 'vitest';
import { readCsvRecords } from './csv-records.ts';
import { csvField, writeCsv } from './csv-writer.ts';

describe('csvField', () => {
  it.each([
    ['plain', ',', 'plain'],
    [12_345, ',', '12345'],
    [null, ',', ''],
    [true, ',', 'true'],
    ['a,b', ',', '"a,b"'],
    ['a,b', ';', 'a,b'],
    ['a;b', ';', '"a;b"'],
    ['say "hi"', ',', '"say ""hi"""'],
    ['two\nlines', ',', '"two\nlines"'],
    ['cr\r', ',', '"cr\r"'],
    [' padded ', ',', '" padded "'],
    ['Молоко', ';', 'Молоко'],
  ] as const)('writes %j with %s as %j', (value, delimiter, field) => {
    expect(csvField(value, delimiter)).toBe(field);
  });
});

describe('writeCsv', () => {
  it('writes a BOM, the header and CRLF-ended records', () => {
    expect(
      writeCsv(
        ['a', 'b'],
        [
          [1, 'x,y'],
          [null, 'z'],
        ],
      ),
    ).toBe('\uFEFFa,b\r\n1,"x,y"\r\n,z\r\n');
  });

  it('writes semicolons without a BOM when asked', () => {
    expect(writeCsv(['a', 'b'], [[1, 'x;y']], { delimiter: ';', bom: false })).toBe(
      'a;b\r\n1;"x;y"\r\n',
    );
  });

  it('is read back to the same values by the reader', async () => {
    const values = [
      ['месяц', 'клиенты; всего', 'note'],
      ['2026-11', '3', 'he said "no"\nthen left'],
    ];
    for (const delimiter of [',', ';'] as const) {
      const text = writeCsv(values[0] as string[], values.slice(1), { delimiter });
      const read = [];
      for await (const record of readCsvRecords([Buffer.from(text)])) read.push(record.values);
      expect(read).toEqual(values);
    }
  });
});
