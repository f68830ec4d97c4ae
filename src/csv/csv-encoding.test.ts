import { describe, expect, it } from 'vitest';
import { csvEncodingOfContentType, firstInvalidUtf8 } from './csv-encoding.ts';

describe('csvEncodingOfContentType', () => {
  it.each([
    [undefined, 'auto'],
    ['text/csv', 'auto'],
    ['text/csv; charset=utf-8', 'utf8'],
    ['text/csv;charset="UTF-8"', 'utf8'],
    ['text/csv; charset=windows-1251', 'win1251'],
    ['text/csv; header=present; charset=CP1251', 'win1251'],
  ])('reads %s as %s', (contentType, encoding) => {
    expect(csvEncodingOfContentType(contentType)).toBe(encoding);
  });

  it('refuses another charset with the field at fault', () => {
    expect(() => csvEncodingOfContentType('text/csv; charset=koi8-r')).toThrow(
      expect.objectContaining({
        code: 'unsupported_charset',
        field: 'Content-Type',
        message:
          'charset "koi8-r" is not supported; send utf-8 or windows-1251, or no charset to detect it',
      }),
    );
  });
});

describe('firstInvalidUtf8', () => {
  it.each([
    ['ascii', '414243', 3],
    ['two-byte letters', 'd09cd0be', 4],
    ['a 1251 letter after ASCII', '4142cc', 2],
    ['a lead byte followed by another lead', 'd09ccceeeb', 2],
    ['an overlong form', 'c0af', 0],
    ['a sequence cut short', 'e282', 0],
  ])('finds %s', (_, bytes, index) => {
    expect(firstInvalidUtf8(Buffer.from(bytes, 'hex'))).toBe(index);
  });
});
