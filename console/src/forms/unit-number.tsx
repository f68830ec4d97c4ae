import { InputNumber } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { decimalSeparator, numberInput } from '../format';
import { languageOf } from '../i18n';

export type Unit =
  | 'percent-bp'
  | 'multiplier-bp'
  | 'money-minor'
  | 'pieces'
  | 'points'
  | 'days'
  | 'years';

/** A stored integer shown in the operator's unit: 1500 basis points as 15 %, 9900 kopecks as 99 ₽. */
const units: Record<Unit, { factor: number; suffix: string; precision: number }> = {
  'percent-bp': { factor: 100, suffix: '%', precision: 2 },
  'multiplier-bp': { factor: 10_000, suffix: '×', precision: 4 },
  'money-minor': { factor: 100, suffix: '₽', precision: 2 },
  pieces: { factor: 1, suffix: 'units.pieces', precision: 0 },
  points: { factor: 1, suffix: 'units.points', precision: 0 },
  days: { factor: 1, suffix: 'units.days', precision: 0 },
  years: { factor: 1, suffix: 'units.years', precision: 0 },
};

/** Bounds of the stored integer (basis points, kopecks), as a schema gives them. */
export interface Bounds {
  minimum?: number;
  maximum?: number;
}

/**
 * The console's one number input: a stored integer edited in the operator's unit (percent for
 * basis points, roubles for kopecks; a plain whole number without a unit), with the language's
 * decimal mark ('1234,50 ₽' in Russian; a dot typed is read too, a pasted '1 234,50' as well).
 */
export function UnitNumber({
  unit,
  schema = {},
  value,
  onChange,
  id,
  width = 200,
  step,
  'aria-label': ariaLabel,
}: {
  unit?: Unit;
  schema?: Bounds;
  value?: number | null;
  onChange?: (value: number | null) => void;
  id?: string;
  /** Narrower in a table's cells. */
  width?: number;
  /** What the arrows add, in the stored unit (kopecks). */
  step?: number;
  'aria-label'?: string;
}) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const shown = unit ? units[unit] : { factor: 1, suffix: '', precision: 0 };
  const suffix = shown.suffix.startsWith('units.') ? t(shown.suffix) : shown.suffix;
  const { formatter, parser } = useMemo(
    () => numberInput(language, shown.precision),
    [language, shown.precision],
  );
  return (
    <InputNumber
      // Drawn again on a new language: the input keeps its text until its value changes.
      key={language}
      id={id}
      aria-label={ariaLabel}
      style={{ width }}
      value={value == null ? null : value / shown.factor}
      precision={shown.precision}
      decimalSeparator={decimalSeparator(language)}
      formatter={formatter}
      parser={parser}
      step={step === undefined ? undefined : step / shown.factor}
      min={schema.minimum === undefined ? undefined : schema.minimum / shown.factor}
      max={schema.maximum === undefined ? undefined : schema.maximum / shown.factor}
      suffix={suffix || undefined}
      onChange={(next) => onChange?.(next == null ? null : Math.round(Number(next) * shown.factor))}
    />
  );
}
