import { Card, Form, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { money } from '../../format';
import { ScopeField } from '../../forms/product-fields';
import { UnitNumber } from '../../forms/unit-number';
import type { Language } from '../../i18n';

// Each is a positive count or amount; the server holds their upper bounds.
const positive = { minimum: 1 };

/** What the cart must hold for the promotion to apply: a coupon, a subtotal, a quantity, a product. */
export function ConditionsFields({ language }: { language: Language }) {
  const { t } = useTranslation();
  const subtotal: number | null | undefined = Form.useWatch([
    'conditions',
    'minSubtotal',
    'amountMinor',
  ]);
  const wholeCart = t('promotionForm.wholeCart');
  return (
    <>
      <Form.Item
        name="couponRequired"
        label={t('promotionForm.couponRequired')}
        extra={t('promotionForm.couponRequiredHint')}
        valuePropName="checked"
      >
        <Switch />
      </Form.Item>
      <Card size="small" title={t('promotionForm.minSubtotal')} style={{ marginBottom: 16 }}>
        <Form.Item
          name={['conditions', 'minSubtotal', 'amountMinor']}
          label={t('promotionForm.amount')}
          extra={
            subtotal
              ? t('promotionForm.minSubtotalShown', { amount: money(subtotal, language) })
              : t('promotionForm.noCondition')
          }
        >
          <UnitNumber unit="money-minor" schema={positive} />
        </Form.Item>
        <Form.Item
          name={['conditions', 'minSubtotal', 'scope']}
          label={t('promotionForm.countedProducts')}
        >
          <ScopeField everything={wholeCart} />
        </Form.Item>
      </Card>
      <Card size="small" title={t('promotionForm.minQuantity')} style={{ marginBottom: 16 }}>
        <Form.Item
          name={['conditions', 'minQuantity', 'quantity']}
          label={t('promotionForm.quantity')}
          extra={t('promotionForm.noConditionIfEmpty')}
        >
          <UnitNumber unit="pieces" schema={positive} />
        </Form.Item>
        <Form.Item
          name={['conditions', 'minQuantity', 'scope']}
          label={t('promotionForm.countedProducts')}
        >
          <ScopeField everything={wholeCart} />
        </Form.Item>
      </Card>
      <Form.Item
        name={['conditions', 'mustContain']}
        label={t('promotionForm.mustContain')}
        extra={t('promotionForm.mustContainHint')}
      >
        <ScopeField everything={t('promotionForm.noCondition')} />
      </Form.Item>
    </>
  );
}
