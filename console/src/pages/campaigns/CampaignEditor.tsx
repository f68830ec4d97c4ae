import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Result,
  Select,
  Spin,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useApi } from '../../api/context';
import { dataOf, namePath } from '../../api/problem';
import { useSegments } from '../../api/programme';
import { withoutEmpty } from '../../forms/compact';
import { NameCodeFields } from '../../forms/name-code-fields';
import { clearServerErrorsOnChange } from '../../forms/server-errors';
import { UnitNumber } from '../../forms/unit-number';
import { useFormSave } from '../../forms/use-form-save';
import { can, useSession } from '../../session';
import { RewardFields, RuleFields } from './campaign-fields';
import {
  type CampaignDefinition,
  type CampaignReward,
  campaignsKey,
  type StoredCampaign,
  useCampaign,
} from './campaign-queries';

/** A reward as the form holds it: "none" is a choice of its own. */
type RewardForm = CampaignReward | { kind: 'none' };

interface CampaignForm {
  id: string;
  name: string;
  status: CampaignDefinition['status'];
  period: [Dayjs, Dayjs];
  segmentIds?: string[];
  rule: CampaignDefinition['rule'];
  reward: RewardForm;
  limits?: CampaignDefinition['limits'];
}

function formOf({ definition }: StoredCampaign): CampaignForm {
  return {
    id: definition.id,
    name: definition.name,
    status: definition.status,
    period: [dayjs(definition.period.from), dayjs(definition.period.to)],
    segmentIds: definition.audience?.segmentIds ?? [],
    rule: definition.rule,
    reward: definition.reward ?? { kind: 'none' },
    ...(definition.limits ? { limits: definition.limits } : {}),
  };
}

/** The definition to send; a points reward keeps what the form does not show (its expiry). */
function definitionOf(values: CampaignForm, stored: CampaignDefinition | undefined) {
  const { reward } = values;
  const kept = stored?.reward?.kind === reward.kind ? stored.reward : {};
  const limits = withoutEmpty(values.limits ?? {}) as CampaignDefinition['limits'];
  return {
    id: values.id,
    name: values.name,
    status: values.status,
    period: {
      from: values.period[0].format('YYYY-MM-DD'),
      to: values.period[1].format('YYYY-MM-DD'),
    },
    ...(values.segmentIds && values.segmentIds.length > 0
      ? { audience: { segmentIds: values.segmentIds } }
      : {}),
    rule: withoutEmpty(values.rule),
    reward: reward.kind === 'none' ? null : withoutEmpty({ ...kept, ...reward }),
    ...(limits && Object.keys(limits).length > 0 ? { limits } : {}),
  } as CampaignDefinition;
}

// The period and the audience are one control each; the rest have the definition's names.
function fieldOf(pointer: string): (string | number)[] {
  const name = namePath(pointer);
  if (name[0] === 'period') return ['period'];
  if (name[0] === 'audience') return ['segmentIds'];
  return name;
}

export default function CampaignEditor() {
  const { t } = useTranslation();
  const { id } = useParams();
  const creating = id === 'new';
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { client } = useApi();
  const queries = useQueryClient();
  const session = useSession();
  const writes = can(session.data, 'campaigns.write');
  const [form] = Form.useForm<CampaignForm>();
  const stored = useCampaign(creating ? null : (id ?? null));
  const segments = useSegments();

  useEffect(() => {
    if (stored.data) form.setFieldsValue(formOf(stored.data));
  }, [stored.data, form]);

  const initialValues = useMemo(
    (): Partial<CampaignForm> => ({
      id: `campaign-${Date.now().toString(36)}`,
      status: 'active',
      period: [dayjs().startOf('day'), dayjs().add(1, 'month').startOf('day')],
      rule: { kind: 'purchase_count', count: 3 },
      reward: { kind: 'points', points: 100 },
    }),
    [],
  );

  const { save, saving, problem } = useFormSave(
    form,
    async (values) => {
      const body = definitionOf(values, stored.data?.definition);
      if (creating) dataOf(await client.POST('/v1/campaigns', { body }));
      else {
        dataOf(await client.PUT('/v1/campaigns/{id}', { params: { path: { id: body.id } }, body }));
      }
      await queries.invalidateQueries({ queryKey: campaignsKey });
      message.success(t('campaigns.saved'));
      navigate('/campaigns');
    },
    fieldOf,
  );

  if (!creating && stored.isPending) return <Spin />;
  if (stored.isError) return <Result status="warning" title={t('campaigns.notLoaded')} />;
  return (
    <>
      <Typography.Title level={2}>
        {creating ? t('campaigns.newTitle') : t('campaigns.editTitle')}
      </Typography.Title>
      {!writes && (
        <Alert type="info" title={t('campaigns.readOnly')} style={{ marginBottom: 16 }} />
      )}
      {problem && <Alert type="error" title={problem} style={{ marginBottom: 16 }} />}
      <Form<CampaignForm>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        disabled={!writes}
        onFieldsChange={clearServerErrorsOnChange(form)}
        style={{ maxWidth: 760 }}
        scrollToFirstError
      >
        <Card title={t('campaigns.about')} style={{ marginBottom: 16 }}>
          <NameCodeFields
            creating={creating}
            labels={{
              name: t('campaigns.name'),
              code: t('campaigns.id'),
              codeHint: t('campaigns.idHint'),
            }}
          />
          <Form.Item name="status" label={t('campaigns.status')}>
            <Select
              style={{ maxWidth: 240 }}
              options={(['active', 'paused', 'archived'] as const).map((value) => ({
                value,
                label: t(`campaigns.statuses.${value}`),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="period"
            label={t('campaigns.period')}
            extra={t('campaigns.periodHint')}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <DatePicker.RangePicker />
          </Form.Item>
          <Form.Item
            name="segmentIds"
            label={t('campaigns.audience')}
            extra={t('campaigns.audienceHint')}
          >
            <Select
              mode="multiple"
              placeholder={t('campaigns.everyone')}
              loading={segments.isPending}
              options={(segments.data ?? []).map((segment) => ({
                value: segment.id,
                label: <span translate="no">{segment.name}</span>,
              }))}
            />
          </Form.Item>
        </Card>
        <Card title={t('campaigns.rule')} style={{ marginBottom: 16 }}>
          <RuleFields form={form} fixedKind={!creating} />
        </Card>
        <Card title={t('campaigns.reward')} style={{ marginBottom: 16 }}>
          <RewardFields form={form} />
        </Card>
        <Card title={t('campaigns.limits')} style={{ marginBottom: 16 }}>
          <Flex gap={16} wrap>
            <Form.Item name={['limits', 'perCustomer']} label={t('campaigns.perCustomer')}>
              <UnitNumber schema={{ minimum: 1 }} />
            </Form.Item>
            <Form.Item name={['limits', 'total']} label={t('campaigns.total')}>
              <UnitNumber schema={{ minimum: 1 }} />
            </Form.Item>
          </Flex>
        </Card>
        {writes && (
          <Flex gap={8}>
            <Button type="primary" onClick={() => save()} loading={saving}>
              {t('campaigns.save')}
            </Button>
            <Button onClick={() => navigate('/campaigns')}>{t('campaigns.cancel')}</Button>
          </Flex>
        )}
      </Form>
    </>
  );
}
