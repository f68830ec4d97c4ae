import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Flex,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/context';
import type { components } from '../../api/perk-api';
import { dataOf, ProblemError } from '../../api/problem';
import { dateTime } from '../../format';
import { showServerErrors } from '../../forms/server-errors';
import { UnitNumber } from '../../forms/unit-number';
import { languageOf } from '../../i18n';
import { can, useSession } from '../../session';
import { alertHistoryQuery, alertKindsQuery, alertRulesQuery } from './watch-queries';

type AlertKind = components['schemas']['AlertKind'];
type AlertRule = components['schemas']['AlertRule'];
type AlertIncident = components['schemas']['AlertIncident'];
type RuleInput = components['schemas']['AlertRuleInput'];

/** The form's values: the webhook as two plain fields, empty when there is none. */
interface RuleForm {
  name: string;
  kind: string;
  params: Record<string, number | string>;
  emails: string[];
  webhookUrl?: string;
  webhookSecret?: string;
  language: 'ru' | 'en';
  throttleMinutes: number;
  active: boolean;
}

const deliveryColors = { pending: 'blue', sent: 'green', dead: 'red' } as const;

/**
 * Alert rules (what to watch, whom to tell) and their history: incidents newest first with the
 * notices sent for each. Marketers read; admins and analysts change rules; an admin may run the
 * check now.
 */
export default function AlertsPanel() {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const session = useSession();
  const api = useApi();
  const { client } = api;
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<AlertRule | 'new' | null>(null);
  const writes = can(session.data, 'watch.alerts.write');
  const runs = can(session.data, 'jobs');
  const kinds = useQuery(alertKindsQuery(api));
  const rules = useQuery(alertRulesQuery(api));
  const history = useQuery(alertHistoryQuery(api));
  const checkNow = useMutation({
    mutationFn: async () =>
      dataOf(
        await client.POST('/v1/jobs/{name}/run', {
          params: { path: { name: 'alerts' } },
          body: {},
        }),
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['alert-history'] }),
    onError: (error) =>
      message.error(
        error instanceof ProblemError
          ? t(`problems.${error.problem.code}`, { defaultValue: error.problem.detail })
          : t('errors.network'),
      ),
  });
  const kindOf = (name: string) => kinds.data?.find((kind) => kind.kind === name);

  return (
    <section data-panel="alerts" style={{ marginTop: 32 }}>
      <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('alerts.title')}
        </Typography.Title>
        <Space>
          {runs && (
            <Button loading={checkNow.isPending} onClick={() => checkNow.mutate()}>
              {t('alerts.checkNow')}
            </Button>
          )}
          {writes && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              {t('alerts.newRule')}
            </Button>
          )}
        </Space>
      </Flex>
      <Table<AlertRule>
        rowKey="id"
        data-table="alert-rules"
        loading={rules.isPending}
        dataSource={rules.data ?? []}
        locale={{ emptyText: t('alerts.noRules') }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          {
            title: t('alerts.name'),
            key: 'name',
            render: (_value, rule) => <span translate="no">{rule.name}</span>,
          },
          {
            title: t('alerts.kind'),
            key: 'kind',
            render: (_value, rule) => kindOf(rule.kind)?.title[language] ?? rule.kind,
          },
          {
            title: t('alerts.params'),
            key: 'params',
            render: (_value, rule) =>
              (kindOf(rule.kind)?.params ?? [])
                .map((param) => {
                  const value = String(rule.params[param.name]);
                  const shown = param.type === 'choice' ? choiceLabel(t, value) : value;
                  return `${param.label[language]}: ${shown}`;
                })
                .join('; '),
          },
          {
            title: t('alerts.channels'),
            key: 'channels',
            render: (_value, rule) => (
              <Space size={4} wrap>
                {rule.emails.length > 0 && (
                  <Tag>{t('alerts.emailCount', { count: rule.emails.length })}</Tag>
                )}
                {rule.webhook && <Tag>{t('alerts.webhook')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('alerts.state'),
            key: 'active',
            render: (_value, rule) =>
              rule.active ? (
                <Tag color="green">{t('alerts.on')}</Tag>
              ) : (
                <Tag>{t('alerts.off')}</Tag>
              ),
          },
          {
            title: '',
            key: 'edit',
            render: (_value, rule) =>
              writes && (
                <Button size="small" onClick={() => setEditing(rule)}>
                  {t('alerts.edit')}
                </Button>
              ),
          },
        ]}
      />
      <Typography.Title level={4}>{t('alerts.history')}</Typography.Title>
      <Table<AlertIncident>
        rowKey="id"
        data-table="alert-history"
        loading={history.isPending}
        dataSource={history.data ?? []}
        locale={{ emptyText: t('alerts.noIncidents') }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          {
            title: t('alerts.opened'),
            key: 'opened',
            render: (_value, incident) => dateTime(incident.openedAt, language),
          },
          {
            title: t('alerts.rule'),
            key: 'rule',
            render: (_value, incident) => <span translate="no">{incident.ruleName}</span>,
          },
          {
            title: t('alerts.what'),
            key: 'text',
            render: (_value, incident) => (
              <span data-incident={incident.kind}>{incident.text[language]}</span>
            ),
          },
          {
            title: t('alerts.state'),
            key: 'state',
            render: (_value, incident) =>
              incident.closedAt ? (
                <Tag>{t('alerts.closedAt', { at: dateTime(incident.closedAt, language) })}</Tag>
              ) : (
                <Tag color="red">{t('alerts.open')}</Tag>
              ),
          },
          {
            title: t('alerts.notices'),
            key: 'deliveries',
            render: (_value, incident) => (
              <Space size={4} wrap>
                {incident.deliveries.map((delivery) => (
                  <Tag
                    key={delivery.id}
                    color={deliveryColors[delivery.status]}
                    title={delivery.lastError ?? undefined}
                  >
                    {t(`alerts.channelNames.${delivery.channel}`)}:{' '}
                    {t(`alerts.deliveryStatus.${delivery.status}`)}
                  </Tag>
                ))}
              </Space>
            ),
          },
        ]}
      />
      {editing && (
        <RuleModal
          rule={editing === 'new' ? null : editing}
          kinds={kinds.data ?? []}
          onClose={() => setEditing(null)}
        />
      )}
    </section>
  );
}

function toForm(rule: AlertRule | null): RuleForm {
  if (!rule) {
    return {
      name: '',
      kind: 'integration_failures',
      params: {},
      emails: [],
      language: 'ru',
      throttleMinutes: 60,
      active: true,
    };
  }
  return {
    name: rule.name,
    kind: rule.kind,
    params: rule.params,
    emails: rule.emails,
    ...(rule.webhook ? { webhookUrl: rule.webhook.url } : {}),
    language: rule.language,
    throttleMinutes: rule.throttleMinutes,
    active: rule.active,
  };
}

function toInput(values: RuleForm): RuleInput {
  const url = values.webhookUrl?.trim();
  const secret = values.webhookSecret?.trim();
  return {
    name: values.name,
    kind: values.kind as RuleInput['kind'],
    params: values.params ?? {},
    emails: values.emails ?? [],
    webhook: url ? { url, ...(secret ? { secret } : {}) } : null,
    language: values.language,
    throttleMinutes: values.throttleMinutes,
    active: values.active,
  };
}

/** Creates a rule, or replaces one at the revision it was read at. */
function RuleModal({
  rule,
  kinds,
  onClose,
}: {
  rule: AlertRule | null;
  kinds: AlertKind[];
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const { client } = useApi();
  const queries = useQueryClient();
  const [form] = Form.useForm<RuleForm>();
  const [problem, setProblem] = useState<string | null>(null);
  const kindName = Form.useWatch('kind', form) ?? rule?.kind ?? 'integration_failures';
  const kind = kinds.find((candidate) => candidate.kind === kindName);
  const fieldOf = (pointer: string) => {
    if (pointer.startsWith('/webhook/url')) return ['webhookUrl'];
    if (pointer.startsWith('/webhook/secret')) return ['webhookSecret'];
    if (pointer.startsWith('/emails')) return ['emails'];
    return pointer.split('/').filter((part) => part !== '');
  };
  const save = useMutation({
    mutationFn: async (body: RuleInput) =>
      rule
        ? dataOf(
            await client.PUT('/v1/watch/alerts/rules/{id}', {
              params: { path: { id: rule.id }, header: { 'if-match': `"${rule.revision}"` } },
              body,
            }),
          )
        : dataOf(await client.POST('/v1/watch/alerts/rules', { body })),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ['alert-rules'] });
      onClose();
    },
    onError: (error) => setProblem(showServerErrors(form, error, t, fieldOf)),
  });
  return (
    <Modal
      title={rule ? t('alerts.editRule') : t('alerts.newRule')}
      open
      okText={t('alerts.save')}
      cancelText={t('editor.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={640}
    >
      {problem && <Alert type="error" title={problem} style={{ marginBottom: 16 }} />}
      <Form<RuleForm>
        // Its own name prefixes its fields' ids: the backtest form on the same page has a `name` too.
        name="alertRule"
        form={form}
        layout="vertical"
        initialValues={toForm(rule)}
        onFinish={(values) => {
          setProblem(null);
          save.mutate(toInput(values));
        }}
      >
        <Form.Item
          name="name"
          label={t('alerts.name')}
          rules={[{ required: true, whitespace: true, message: t('form.required') }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="kind" label={t('alerts.kind')} extra={kind?.description[language]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={kinds.map((candidate) => ({
              value: candidate.kind,
              label: candidate.title[language],
            }))}
            onChange={() => form.setFieldValue('params', {})}
          />
        </Form.Item>
        <Flex gap={16} wrap>
          {(kind?.params ?? []).map((param) => (
            <Form.Item
              key={`${kindName}.${param.name}`}
              name={['params', param.name]}
              label={param.label[language]}
              initialValue={param.default}
            >
              {param.type === 'integer' ? (
                <UnitNumber
                  schema={{ minimum: param.minimum, maximum: param.maximum }}
                  width={140}
                />
              ) : (
                <Select
                  style={{ minWidth: 140 }}
                  showSearch={{ optionFilterProp: 'label' }}
                  options={(param.choices ?? []).map((choice) => ({
                    value: choice,
                    label: choiceLabel(t, choice),
                  }))}
                />
              )}
            </Form.Item>
          ))}
        </Flex>
        <Form.Item name="emails" label={t('alerts.emails')} extra={t('alerts.emailsHint')}>
          <Select mode="tags" tokenSeparators={[',', ' ']} open={false} />
        </Form.Item>
        <Form.Item name="webhookUrl" label={t('alerts.webhookUrl')}>
          <Input placeholder="https://" />
        </Form.Item>
        <Form.Item
          name="webhookSecret"
          label={t('alerts.webhookSecret')}
          extra={rule?.webhook?.hasSecret ? t('alerts.secretKept') : t('alerts.secretHint')}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Flex gap={16} wrap>
          <Form.Item name="language" label={t('alerts.language')}>
            <Select
              style={{ minWidth: 140 }}
              options={[
                { value: 'ru', label: 'Русский' },
                { value: 'en', label: 'English' },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="throttleMinutes"
            label={t('alerts.throttle')}
            extra={t('alerts.throttleHint')}
          >
            <UnitNumber schema={{ minimum: 1, maximum: 10_080 }} width={140} />
          </Form.Item>
          <Form.Item name="active" label={t('alerts.state')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Flex>
      </Form>
    </Modal>
  );
}

/** The one choice kind today is a finding's severity, named as the watch names it. */
function choiceLabel(t: TFunction, choice: string): string {
  return t(`watch.severities.${choice}`, { defaultValue: choice });
}
