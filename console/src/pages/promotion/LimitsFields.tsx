import { Flex, Form } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PromotionDefinition } from '../../api/queries';
import { type Unit, UnitNumber } from '../../forms/unit-number';

type Limit = keyof NonNullable<PromotionDefinition['limits']>;

// Counts start at 1 and budgets at 0, as the API takes them; the server holds the upper bounds.
// Repeats and uses are counts of times, with no unit to show.
const limits: { key: Limit; unit: Unit | undefined; minimum: number }[] = [
  { key: 'maxUnitsPerCheck', unit: 'pieces', minimum: 1 },
  { key: 'maxRepeats', unit: undefined, minimum: 1 },
  { key: 'perCustomerUses', unit: undefined, minimum: 1 },
  { key: 'totalUses', unit: undefined, minimum: 1 },
  { key: 'budgetMinor', unit: 'money-minor', minimum: 0 },
  { key: 'budgetPoints', unit: 'points', minimum: 0 },
];

/** How far the promotion goes: per check, per customer, in all, and its budgets. Empty: no limit. */
export function LimitsFields() {
  const { t } = useTranslation();
  return (
    <Flex wrap gap="0 24px">
      {limits.map(({ key, unit, minimum }) => (
        <Form.Item
          key={key}
          name={['limits', key]}
          label={t(`promotionForm.limits.${key}`)}
          extra={t(`promotionForm.limits.${key}Hint`)}
          style={{ width: 320 }}
        >
          <UnitNumber unit={unit} schema={{ minimum }} width={220} />
        </Form.Item>
      ))}
    </Flex>
  );
}
