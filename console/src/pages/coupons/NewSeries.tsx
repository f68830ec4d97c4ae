import { Alert, App, Button, Card, DatePicker, Flex, Form, Input, Select, Switch } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/context';
import { dataOf, namePath } from '../../api/problem';
import { usePromotions } from '../../api/queries';
import { withoutEmpty } from '../../forms/compact';
import { NameCodeFields } from '../../forms/name-code-fields';
import { clearServerErrorsOnChange } from '../../forms/server-errors';
import { StoreSelect } from '../../forms/store-select';
import { UnitNumber } from '../../forms/unit-number';
import { useFormSave } from '../../forms/use-form-save';
import type { CouponSeriesInput } from './coupon-queries';

type SeriesForm = Omit<CouponSeriesInput, 'validFrom' | 'validTo'> & {
  validity?: [Dayjs | null, Dayjs | null] | null;
};

// Validity is one control for two fields of the series.
function fieldOf(pointer: string): (string | number)[] {
  const name = namePath(pointer);
  return name[0] === 'validFrom' || name[0] === 'validTo' ? ['validity'] : name;
}

/** A new series: unique codes generated later, or one shared promo code made at once. */
export function NewSeries({ onCreated }: { onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { client } = useApi();
  const promotions = usePromotions();
  const [form] = Form.useForm<SeriesForm>();
  const kind = Form.useWatch('kind', form);
  const { save, saving, problem } = useFormSave(
    form,
    async (values) => {
      const { validity, ...rest } = values;
      const [from, to] = validity ?? [null, null];
      const body = withoutEmpty({
        ...rest,
        storeIds: rest.storeIds && rest.storeIds.length > 0 ? rest.storeIds : undefined,
        validFrom: from?.startOf('day').toISOString(),
        validTo: to?.add(1, 'day').startOf('day').toISOString(),
      }) as CouponSeriesInput;
      const created = dataOf(await client.POST('/v1/coupon-series', { body }));
      message.success(t('coupons.created'));
      form.resetFields();
      onCreated(created.id);
    },
    fieldOf,
  );
  return (
    <Card title={t('coupons.newTitle')}>
      {problem && <Alert type="error" title={problem} style={{ marginBottom: 16 }} />}
      <Form<SeriesForm>
        form={form}
        layout="vertical"
        style={{ maxWidth: 760 }}
        initialValues={{ kind: 'unique', randomLength: 8, usesPerCode: 1, releaseOnCancel: true }}
        onFieldsChange={clearServerErrorsOnChange(form)}
      >
        <NameCodeFields
          creating={true}
          labels={{ name: t('coupons.name'), code: t('coupons.id'), codeHint: t('coupons.idHint') }}
        />
        <Form.Item
          name="promotionId"
          label={t('coupons.promotion')}
          extra={t('coupons.promotionHint')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'title' }}
            loading={promotions.isPending}
            style={{ maxWidth: 520 }}
            options={(promotions.data ?? []).map((promotion) => ({
              value: promotion.id,
              title: promotion.definition.name,
              label: <span translate="no">{promotion.definition.name}</span>,
            }))}
          />
        </Form.Item>
        <Form.Item name="kind" label={t('coupons.kind')}>
          <Select
            style={{ maxWidth: 520 }}
            options={(['unique', 'shared'] as const).map((value) => ({
              value,
              label: t(`coupons.kindHints.${value}`),
            }))}
          />
        </Form.Item>
        <Flex gap={16} wrap>
          <Form.Item name="prefix" label={t('coupons.prefix')} extra={t('coupons.prefixHint')}>
            <Input maxLength={29} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item
            name="randomLength"
            label={t('coupons.randomLength')}
            extra={kind === 'shared' ? t('coupons.randomLengthShared') : undefined}
          >
            <UnitNumber schema={{ minimum: 0, maximum: 29 }} width={160} />
          </Form.Item>
        </Flex>
        <Flex gap={16} wrap>
          <Form.Item name="usesPerCode" label={t('coupons.usesPerCode')}>
            <UnitNumber schema={{ minimum: 1 }} width={160} />
          </Form.Item>
          <Form.Item name="perCustomerUses" label={t('coupons.perCustomerUses')}>
            <UnitNumber schema={{ minimum: 1 }} width={160} />
          </Form.Item>
          <Form.Item name="totalUses" label={t('coupons.totalUses')}>
            <UnitNumber schema={{ minimum: 1 }} width={160} />
          </Form.Item>
        </Flex>
        <Form.Item name="validity" label={t('coupons.validity')} extra={t('coupons.validityHint')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
        <Form.Item name="storeIds" label={t('coupons.stores')}>
          <StoreSelect mode="multiple" placeholder={t('coupons.allStores')} />
        </Form.Item>
        <Form.Item
          name="releaseOnCancel"
          label={t('coupons.releaseOnCancel')}
          extra={t('coupons.releaseOnCancelHint')}
          valuePropName="checked"
        >
          <Switch />
        </Form.Item>
        <Button type="primary" onClick={() => save()} loading={saving}>
          {t('coupons.create')}
        </Button>
      </Form>
    </Card>
  );
}
