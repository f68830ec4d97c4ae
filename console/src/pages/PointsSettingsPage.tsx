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
import { type ProgramSettings, usePointsSettings } from '../api/programme';
import { clearServerErrorsOnChange } from '../forms/server-errors';
import { UnitNumber } from '../forms/unit-number';
import { useFormSave } from '../forms/use-form-save';
import { can, useSession } from '../session';
import { TierRatesCard } from './TierRatesCard';

type Expiry = NonNullable<ProgramSettings['expiry']>;

/** The settings as the form holds them: whether points expire is a switch of its own. */
type SettingsForm = Omit<ProgramSettings, 'expiry'> & { expires: boolean; expiry?: Expiry };

const percent = { minimum: 0, maximum: 10_000 };

function formOf(settings: ProgramSettings): SettingsForm {
  const { expiry, ...rest } = settings;
  return { ...rest, expires: expiry !== null, ...(expiry ? { expiry } : {}) };
}

export default function PointsSettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { client } = useApi();
  const queries = useQueryClient();
  const session = useSession();
  const writes = can(session.data, 'settings.write');
  const stored = usePointsSettings();
  const [form] = Form.useForm<SettingsForm>();
  const expires = Form.useWatch('expires', form);

  useEffect(() => {
    if (stored.data) form.setFieldsValue(formOf(stored.data.settings));
  }, [stored.data, form]);

  const { save, saving, problem } = useFormSave(form, async (values) => {
    if (!stored.data) return;
    const { expires: _shown, expiry, ...rest } = values;
    // What the form does not show (rates per tier, exclusions) goes back as it was read.
    const body: ProgramSettings = {
      ...stored.data.settings,
      ...rest,
      expiry: expires && expiry ? expiry : null,
    };
    const answer = await client.PUT('/v1/points/settings', {
      params: { header: { 'if-match': stored.data.revision } },
      body,
    });
    const settings = dataOf(answer);
    queries.setQueryData(['points-settings'], {
      settings,
      revision: answer.response.headers.get('etag') ?? '',
    });
    message.success(t('settings.saved'));
  });

  if (stored.isPending) return <Spin />;
  if (stored.isError) return <Result status="warning" title={t('settings.notLoaded')} />;
  return (
    <>
      <Typography.Title level={2}>{t('settings.title')}</Typography.Title>
      {!writes && <Alert type="info" title={t('settings.readOnly')} style={{ marginBottom: 16 }} />}
      {problem && <Alert type="error" title={problem} style={{ marginBottom: 16 }} />}
      <Form<SettingsForm>
        form={form}
        onFieldsChange={clearServerErrorsOnChange(form)}
        layout="vertical"
        disabled={!writes}
        style={{ maxWidth: 860 }}
        scrollToFirstError
      >
        <Card title={t('settings.accrual')} style={{ marginBottom: 16 }}>
          <Flex gap={16} wrap>
            <Form.Item
              name="accrualRateBp"
              label={t('settings.accrualRate')}
              extra={t('settings.accrualRateHint')}
            >
              <UnitNumber unit="percent-bp" schema={percent} />
            </Form.Item>
            <Form.Item name="accrualRounding" label={t('settings.rounding')}>
              <Select
                style={{ width: 220 }}
                options={['down', 'half_up'].map((value) => ({
                  value,
                  label: t(`settings.roundings.${value}`),
                }))}
              />
            </Form.Item>
            <Form.Item
              name="pendingDays"
              label={t('settings.pendingDays')}
              extra={t('settings.pendingDaysHint')}
            >
              <UnitNumber unit="days" schema={{ minimum: 0, maximum: 3650 }} />
            </Form.Item>
          </Flex>
        </Card>
        <Card title={t('settings.redemption')} style={{ marginBottom: 16 }}>
          <Flex gap={16} wrap>
            <Form.Item
              name="pointValueMinor"
              label={t('settings.pointValue')}
              extra={t('settings.pointValueHint')}
            >
              <UnitNumber unit="money-minor" schema={{ minimum: 1 }} />
            </Form.Item>
            <Form.Item
              name="maxRedemptionShareBp"
              label={t('settings.maxShare')}
              extra={t('settings.maxShareHint')}
            >
              <UnitNumber unit="percent-bp" schema={percent} />
            </Form.Item>
            <Form.Item
              name="minMoneyPaidMinor"
              label={t('settings.minPaid')}
              extra={t('settings.minPaidHint')}
            >
              <UnitNumber unit="money-minor" schema={{ minimum: 0 }} />
            </Form.Item>
            <Form.Item name="returnPolicyWhenSpent" label={t('settings.returnPolicy')}>
              <Select
                style={{ width: 380 }}
                options={['negative_balance', 'deduct_available'].map((value) => ({
                  value,
                  label: t(`settings.returnPolicies.${value}`),
                }))}
              />
            </Form.Item>
          </Flex>
        </Card>
        <TierRatesCard settings={stored.data.settings} />
        <Card title={t('settings.expiry')} style={{ marginBottom: 16 }}>
          <Flex gap={16} wrap align="flex-start">
            <Form.Item name="expires" label={t('settings.expires')} valuePropName="checked">
              <Switch />
            </Form.Item>
            {expires && (
              <>
                <Form.Item
                  name={['expiry', 'count']}
                  label={t('settings.expiryCount')}
                  rules={[{ required: true, message: t('form.required') }]}
                >
                  <UnitNumber unit={undefined} schema={{ minimum: 1, maximum: 1200 }} />
                </Form.Item>
                <Form.Item
                  name={['expiry', 'unit']}
                  label={t('settings.expiryUnit')}
                  rules={[{ required: true, message: t('form.required') }]}
                >
                  <Select
                    style={{ width: 160 }}
                    options={['days', 'months'].map((value) => ({
                      value,
                      label: t(`settings.expiryUnits.${value}`),
                    }))}
                  />
                </Form.Item>
              </>
            )}
          </Flex>
        </Card>
        <Card title={t('settings.general')} style={{ marginBottom: 16 }}>
          <Flex gap={16} wrap>
            <Form.Item name="currency" label={t('settings.currency')}>
              <Input style={{ width: 120 }} translate="no" />
            </Form.Item>
            <Form.Item name="timeZone" label={t('settings.timeZone')}>
              <Input style={{ width: 240 }} translate="no" />
            </Form.Item>
          </Flex>
        </Card>
        {writes && (
          <Button type="primary" onClick={save} loading={saving}>
            {t('settings.save')}
          </Button>
        )}
      </Form>
    </>
  );
}
