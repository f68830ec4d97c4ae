import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Flex,
  Form,
  Input,
  Result,
  Select,
  Spin,
  Switch,
  Typography,
} from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/context';
import { dataOf } from '../api/problem';
import { type TierProgram, useTierProgram } from '../api/programme';
import { withoutEmpty } from '../forms/compact';
import { clearServerErrorsOnChange } from '../forms/server-errors';
import { UnitNumber } from '../forms/unit-number';
import { useFormSave } from '../forms/use-form-save';
import { can, useSession } from '../session';

const percent = { minimum: 0, maximum: 10_000 };

/** A programme to start from when none is defined: one entry tier, by money over a year. */
const firstProgram: TierProgram = {
  metric: 'spent_minor',
  period: { kind: 'rolling_days', days: 365 },
  comparison: 'at_least',
  autoTransition: true,
  downgradeAtPeriodEnd: false,
  tiers: [{ id: 'base', name: { ru: 'Базовый', en: 'Base' }, threshold: 0 }],
};

export default function TiersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { client } = useApi();
  const queries = useQueryClient();
  const session = useSession();
  const writes = can(session.data, 'tiers.write');
  const stored = useTierProgram();
  const [form] = Form.useForm<TierProgram>();
  const metric = Form.useWatch('metric', form);
  const periodKind = Form.useWatch(['period', 'kind'], form);

  useEffect(() => {
    if (stored.data !== undefined) form.setFieldsValue(stored.data?.program ?? firstProgram);
  }, [stored.data, form]);

  const { save, saving, problem } = useFormSave(form, async (values) => {
    const body = withoutEmpty(values) as TierProgram;
    const saved = dataOf(
      await client.PUT('/v1/tiers', {
        // The revision read (0 while none is defined): a concurrent edit is refused.
        params: { header: { 'if-match': String(stored.data?.revision ?? 0) } },
        body,
      }),
    );
    queries.setQueryData(['tiers'], saved);
    message.success(t('tiers.saved'));
  });

  if (stored.isPending) return <Spin />;
  if (stored.isError) return <Result status="warning" title={t('tiers.notLoaded')} />;
  const threshold =
    metric === 'purchase_count'
      ? { unit: 'pieces' as const, label: t('tiers.thresholdPurchases') }
      : { unit: 'money-minor' as const, label: t('tiers.thresholdMoney') };
  return (
    <>
      <Typography.Title level={2}>{t('tiers.title')}</Typography.Title>
      {stored.data === null && (
        <Alert
          type="info"
          title={writes ? t('tiers.noneYet') : t('tiers.noneDefined')}
          style={{ marginBottom: 16 }}
        />
      )}
      {!writes && <Alert type="info" title={t('tiers.readOnly')} style={{ marginBottom: 16 }} />}
      {problem && <Alert type="error" title={problem} style={{ marginBottom: 16 }} />}
      <Form<TierProgram>
        form={form}
        onFieldsChange={clearServerErrorsOnChange(form)}
        layout="vertical"
        disabled={!writes}
        style={{ maxWidth: 960 }}
        scrollToFirstError
      >
        <Card title={t('tiers.rules')} style={{ marginBottom: 16 }}>
          <Flex gap={16} wrap>
            <Form.Item name="metric" label={t('tiers.metric')}>
              <Select
                style={{ width: 240 }}
                options={['spent_minor', 'purchase_count'].map((value) => ({
                  value,
                  label: t(`tiers.metrics.${value}`),
                }))}
              />
            </Form.Item>
            <Form.Item name={['period', 'kind']} label={t('tiers.period')}>
              <Select
                style={{ width: 240 }}
                options={['rolling_days', 'calendar_year', 'all_time'].map((value) => ({
                  value,
                  label: t(`tiers.periods.${value}`),
                }))}
                onChange={(kind: string) =>
                  form.setFieldValue(
                    'period',
                    kind === 'rolling_days' ? { kind, days: 365 } : { kind },
                  )
                }
              />
            </Form.Item>
            {periodKind === 'rolling_days' && (
              <Form.Item name={['period', 'days']} label={t('tiers.periodDays')}>
                <UnitNumber unit="days" schema={{ minimum: 1, maximum: 3660 }} />
              </Form.Item>
            )}
            <Form.Item name="comparison" label={t('tiers.comparison')}>
              <Select
                style={{ width: 240 }}
                options={['at_least', 'more_than'].map((value) => ({
                  value,
                  label: t(`tiers.comparisons.${value}`),
                }))}
              />
            </Form.Item>
          </Flex>
          <Flex gap={32} wrap>
            <Form.Item
              name="autoTransition"
              label={t('tiers.autoTransition')}
              extra={t('tiers.autoTransitionHint')}
              valuePropName="checked"
            >
              <Switch />
            </Form.Item>
            <Form.Item
              name="downgradeAtPeriodEnd"
              label={t('tiers.downgrade')}
              extra={t('tiers.downgradeHint')}
              valuePropName="checked"
            >
              <Switch />
            </Form.Item>
          </Flex>
        </Card>
        <Card title={t('tiers.levels')} style={{ marginBottom: 16 }}>
          <Typography.Paragraph type="secondary">{t('tiers.levelsHint')}</Typography.Paragraph>
          <Form.List name="tiers">
            {(rows, { add, remove }) => (
              <>
                {rows.map((row, index) => (
                  <Card
                    key={row.key}
                    size="small"
                    style={{ marginBottom: 12 }}
                    title={t('tiers.level', { number: index + 1 })}
                    extra={
                      writes && (
                        <Button
                          size="small"
                          icon={<DeleteOutlined />}
                          aria-label={t('form.remove')}
                          onClick={() => remove(row.name)}
                        />
                      )
                    }
                  >
                    <Flex gap={16} wrap>
                      <Form.Item name={[row.name, 'id']} label={t('tiers.id')}>
                        <Input style={{ width: 140 }} />
                      </Form.Item>
                      <Form.Item name={[row.name, 'name', 'ru']} label={t('tiers.nameRu')}>
                        <Input style={{ width: 180 }} translate="no" />
                      </Form.Item>
                      <Form.Item name={[row.name, 'name', 'en']} label={t('tiers.nameEn')}>
                        <Input style={{ width: 180 }} translate="no" />
                      </Form.Item>
                      <Form.Item name={[row.name, 'threshold']} label={threshold.label}>
                        <UnitNumber unit={threshold.unit} schema={{ minimum: 0 }} />
                      </Form.Item>
                    </Flex>
                    <Flex gap={16} wrap>
                      <Form.Item
                        name={[row.name, 'accrualRateBp']}
                        label={t('tiers.accrual')}
                        extra={t('tiers.programmeRate')}
                      >
                        <UnitNumber unit="percent-bp" schema={percent} />
                      </Form.Item>
                      <Form.Item
                        name={[row.name, 'maxRedemptionShareBp']}
                        label={t('tiers.redemption')}
                        extra={t('tiers.programmeRate')}
                      >
                        <UnitNumber unit="percent-bp" schema={percent} />
                      </Form.Item>
                      <Form.Item
                        name={[row.name, 'discountBp']}
                        label={t('tiers.discount')}
                        extra={t('tiers.discountHint')}
                      >
                        <UnitNumber unit="percent-bp" schema={{ minimum: 1, maximum: 10_000 }} />
                      </Form.Item>
                      <Form.Item name={[row.name, 'welcomeBonusPoints']} label={t('tiers.welcome')}>
                        <UnitNumber unit="points" schema={{ minimum: 0 }} width={160} />
                      </Form.Item>
                    </Flex>
                  </Card>
                ))}
                {writes && (
                  <Button
                    icon={<PlusOutlined />}
                    onClick={() => add({ id: '', name: { ru: '', en: '' }, threshold: null })}
                  >
                    {t('tiers.addLevel')}
                  </Button>
                )}
              </>
            )}
          </Form.List>
        </Card>
        {writes && (
          <Button type="primary" onClick={save} loading={saving}>
            {t('tiers.save')}
          </Button>
        )}
      </Form>
    </>
  );
}
