import { Flex, Form, type FormInstance, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useTierProgram } from '../../api/programme';
import { UnitNumber } from '../../forms/unit-number';
import { languageOf } from '../../i18n';
import { type CampaignRule, ruleKinds } from './campaign-queries';

// What the inputs offer; the server's schema (campaign-schema.ts) is what judges the values.
const count = { minimum: 1, maximum: 1_000_000 };
const amount = { minimum: 1 };

/** A new rule of a kind starts from values a marketer would most often pick. */
const firstRules: Record<CampaignRule['kind'], CampaignRule> = {
  purchase_count: { kind: 'purchase_count', count: 3 },
  first_purchase: { kind: 'first_purchase' },
  registration: { kind: 'registration' },
  birthday: { kind: 'birthday', validDays: 7 },
  referral: { kind: 'referral' },
  action: { kind: 'action', actionType: '', capPerPeriod: 1, capPeriod: 'campaign' },
  abandoned_cart: { kind: 'abandoned_cart', hours: 24 },
};

/** What the customer must do: the rule's kind (fixed once saved), then its own fields. */
export function RuleFields({ form, fixedKind }: { form: FormInstance; fixedKind: boolean }) {
  const { t } = useTranslation();
  const kind = Form.useWatch(['rule', 'kind'], form) as CampaignRule['kind'] | undefined;
  const minAmount = (
    <Form.Item
      name={['rule', 'minAmountMinor']}
      label={t('campaigns.minAmount')}
      extra={t('campaigns.minAmountHint')}
    >
      <UnitNumber unit="money-minor" schema={amount} />
    </Form.Item>
  );
  return (
    <>
      <Form.Item
        name={['rule', 'kind']}
        label={t('campaigns.kind')}
        extra={fixedKind ? t('campaigns.kindFixed') : undefined}
      >
        <Select
          disabled={fixedKind}
          style={{ maxWidth: 420 }}
          options={ruleKinds.map((value) => ({ value, label: t(`campaigns.kinds.${value}`) }))}
          onChange={(next: CampaignRule['kind']) => form.setFieldValue('rule', firstRules[next])}
        />
      </Form.Item>
      <Flex gap={16} wrap>
        {kind === 'purchase_count' && (
          <>
            <Form.Item
              name={['rule', 'count']}
              label={t('campaigns.count')}
              rules={[{ required: true, message: t('form.required') }]}
            >
              <UnitNumber unit="pieces" schema={count} />
            </Form.Item>
            {minAmount}
          </>
        )}
        {(kind === 'first_purchase' || kind === 'referral') && minAmount}
        {kind === 'birthday' && (
          <Form.Item
            name={['rule', 'validDays']}
            label={t('campaigns.validDays')}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <UnitNumber unit="days" schema={{ minimum: 1, maximum: 366 }} />
          </Form.Item>
        )}
        {kind === 'action' && (
          <>
            <Form.Item
              name={['rule', 'actionType']}
              label={t('campaigns.actionType')}
              extra={t('campaigns.actionTypeHint')}
              rules={[{ required: true, message: t('form.required') }]}
            >
              <Input maxLength={100} style={{ width: 240 }} />
            </Form.Item>
            <Form.Item name={['rule', 'capPerPeriod']} label={t('campaigns.capPerPeriod')}>
              <UnitNumber unit="pieces" schema={count} />
            </Form.Item>
            <Form.Item name={['rule', 'capPeriod']} label={t('campaigns.capPeriod')}>
              <Select
                style={{ width: 200 }}
                options={['day', 'week', 'month', 'campaign'].map((value) => ({
                  value,
                  label: t(`campaigns.capPeriods.${value}`),
                }))}
              />
            </Form.Item>
          </>
        )}
        {kind === 'abandoned_cart' && (
          <Form.Item
            name={['rule', 'hours']}
            label={t('campaigns.hours')}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <UnitNumber schema={{ minimum: 1, maximum: 720 }} />
          </Form.Item>
        )}
      </Flex>
    </>
  );
}

const rewardKinds = ['none', 'points', 'coupon', 'tier'] as const;

/** What completing gives: points, a coupon of a series, a tier, or nothing. */
export function RewardFields({ form }: { form: FormInstance }) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const kind = Form.useWatch(['reward', 'kind'], form) as (typeof rewardKinds)[number] | undefined;
  const tiers = useTierProgram();
  return (
    <Flex gap={16} wrap>
      <Form.Item name={['reward', 'kind']} label={t('campaigns.rewardKind')}>
        <Select
          style={{ width: 240 }}
          options={rewardKinds.map((value) => ({
            value,
            label: t(`campaigns.rewards.${value}`),
          }))}
          onChange={(next: string) => form.setFieldValue('reward', { kind: next })}
        />
      </Form.Item>
      {kind === 'points' && (
        <>
          <Form.Item
            name={['reward', 'points']}
            label={t('campaigns.points')}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <UnitNumber unit="points" schema={count} />
          </Form.Item>
          <Form.Item
            name={['reward', 'pendingDays']}
            label={t('campaigns.pendingDays')}
            extra={t('campaigns.pendingDaysHint')}
          >
            <UnitNumber unit="days" schema={{ minimum: 0, maximum: 365 }} />
          </Form.Item>
        </>
      )}
      {kind === 'coupon' && (
        <Form.Item
          name={['reward', 'seriesId']}
          label={t('campaigns.seriesId')}
          extra={t('campaigns.seriesIdHint')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Input maxLength={100} style={{ width: 240 }} />
        </Form.Item>
      )}
      {kind === 'tier' && (
        <Form.Item
          name={['reward', 'tierId']}
          label={t('campaigns.tier')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Select
            style={{ width: 240 }}
            loading={tiers.isPending}
            options={(tiers.data?.program.tiers ?? []).map((tier) => ({
              value: tier.id,
              label: tier.name[language],
            }))}
          />
        </Form.Item>
      )}
    </Flex>
  );
}
