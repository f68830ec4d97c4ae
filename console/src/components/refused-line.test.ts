import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n';
import { refusedLineText } from './refused-line';

const reasons = 'catalogue.import.rowProblems';
const line = (code: string, columns?: string[]) => ({
  line: 7,
  code,
  message: 'min_price_minor: "449,00" is not a whole number of kopecks',
  ...(columns ? { columns } : {}),
});

describe('why a line of an uploaded file was refused', () => {
  it('names the columns at fault, in Russian', async () => {
    const { t } = await createI18n('ru');
    expect(refusedLineText(line('invalid_value', ['min_price_minor']), reasons, t)).toBe(
      'Недопустимое значение: столбец min_price_minor',
    );
    expect(refusedLineText(line('invalid_value', ['sku', 'name']), reasons, t)).toBe(
      'Недопустимое значение: столбцы sku, name',
    );
    expect(refusedLineText(line('field_count', []), reasons, t)).toBe('Неверное число полей');
  });

  it('and in English; a code the console does not know keeps the server’s words', async () => {
    const { t } = await createI18n('en');
    expect(refusedLineText(line('unknown_category', ['category_id']), reasons, t)).toBe(
      'No such category: column category_id',
    );
    expect(refusedLineText(line('brand_new'), reasons, t)).toBe(
      'min_price_minor: "449,00" is not a whole number of kopecks',
    );
  });
});
