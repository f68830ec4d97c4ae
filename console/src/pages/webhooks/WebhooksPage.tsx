import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Flex,
  Form,
  Input,
  Modal,
  Segmented,
  Select,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/context';
import { dataOf, ProblemError } from '../../api/problem';
import { dateTime } from '../../format';
import { showServerErrors } from '../../forms/server-errors';
import { languageOf } from '../../i18n';
import { OneTimeSecret } from '../access/OneTimeSecret';
import {
  type DeliveryStatus,
  eventTypes,
  useDeliveries,
  useReplay,
  useSetActive,
  useWebhooks,
  type Webhook,
  type WebhookDelivery,
  type WebhookEventType,
} from './webhook-queries';

interface NewWebhook {
  url: string;
  eventTypes: WebhookEventType[];
  description?: string;
}

const statusColors: Record<DeliveryStatus, string> = {
  pending: 'blue',
  delivered: 'green',
  dead: 'red',
};

/**
 * Where Perk's events go: the subscribed URLs (created with their signing secret shown once,
 * switched on and off) and the deliveries by status, parked ones sent again one by one or all.
 */
export default function WebhooksPage() {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const { message } = App.useApp();
  const webhooks = useWebhooks();
  const setActive = useSetActive();
  const replay = useReplay();
  const [status, setStatus] = useState<DeliveryStatus>('dead');
  const deliveries = useDeliveries(status);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const failed = (error: unknown) =>
    message.error(
      error instanceof ProblemError
        ? t(`problems.${error.problem.code}`, { defaultValue: error.problem.detail })
        : t('errors.network'),
    );
  const urls = new Map((webhooks.data ?? []).map((hook) => [hook.id, hook.url]));

  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('webhooks.title')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('webhooks.new')}
        </Button>
      </Flex>
      <Typography.Paragraph type="secondary">{t('webhooks.intro')}</Typography.Paragraph>
      {secret && (
        <div style={{ marginBottom: 16 }}>
          <OneTimeSecret secret={secret} hint={t('webhooks.secretHint')} />
        </div>
      )}
      <Table<Webhook>
        rowKey="id"
        loading={webhooks.isPending}
        dataSource={webhooks.data ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t('webhooks.none') }}
        columns={[
          {
            title: t('webhooks.url'),
            key: 'url',
            render: (_value, hook) => (
              <>
                <code translate="no">{hook.url}</code>
                {hook.description && (
                  <Typography.Text type="secondary" style={{ display: 'block' }}>
                    {hook.description}
                  </Typography.Text>
                )}
              </>
            ),
          },
          {
            title: t('webhooks.events'),
            key: 'events',
            render: (_value, hook) =>
              hook.eventTypes.map((type) => (
                <Tag key={type} translate="no">
                  {type}
                </Tag>
              )),
          },
          {
            title: t('webhooks.active'),
            key: 'active',
            render: (_value, hook) => (
              <Switch
                aria-label={t('webhooks.active')}
                checked={hook.active}
                loading={setActive.isPending && setActive.variables?.id === hook.id}
                onChange={(active) =>
                  setActive.mutate({ id: hook.id, active }, { onError: failed })
                }
              />
            ),
          },
          {
            title: t('webhooks.created'),
            key: 'created',
            render: (_value, hook) => dateTime(hook.createdAt, language),
          },
        ]}
      />
      <Flex justify="space-between" align="center" style={{ margin: '24px 0 16px' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('webhooks.deliveries')}
        </Typography.Title>
        <Flex gap={8}>
          <Segmented<DeliveryStatus>
            value={status}
            onChange={setStatus}
            options={(['dead', 'pending', 'delivered'] as const).map((value) => ({
              value,
              label: t(`webhooks.status.${value}`),
            }))}
          />
          {status === 'dead' && (
            <Button
              disabled={(deliveries.data ?? []).length === 0}
              loading={replay.isPending && replay.variables === null}
              onClick={() =>
                replay.mutate(null, {
                  onSuccess: () => message.success(t('webhooks.replayedAll')),
                  onError: failed,
                })
              }
            >
              {t('webhooks.replayAll')}
            </Button>
          )}
        </Flex>
      </Flex>
      <div data-testid="webhook-deliveries">
        <Table<WebhookDelivery>
          rowKey="id"
          loading={deliveries.isPending}
          dataSource={deliveries.data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: t(`webhooks.noDeliveries.${status}`) }}
          columns={[
            {
              title: t('webhooks.event'),
              key: 'event',
              render: (_value, delivery) => (
                <>
                  <code translate="no">{delivery.eventType}</code>
                  <Typography.Text type="secondary" style={{ display: 'block' }} translate="no">
                    {urls.get(delivery.subscriptionId) ?? delivery.subscriptionId}
                  </Typography.Text>
                </>
              ),
            },
            {
              title: t('webhooks.state'),
              key: 'status',
              render: (_value, delivery) => (
                <Tag color={statusColors[delivery.status]}>
                  {t(`webhooks.status.${delivery.status}`)}
                </Tag>
              ),
            },
            {
              title: t('webhooks.attempts'),
              key: 'attempts',
              align: 'right',
              render: (_value, delivery) => delivery.attempts,
            },
            {
              title: t('webhooks.lastAnswer'),
              key: 'last',
              render: (_value, delivery) =>
                delivery.lastError ??
                (delivery.lastStatus === null ? '—' : `HTTP ${delivery.lastStatus}`),
            },
            {
              title: t('webhooks.when'),
              key: 'when',
              render: (_value, delivery) =>
                dateTime(delivery.deliveredAt ?? delivery.nextAttemptAt, language),
            },
            {
              title: '',
              key: 'actions',
              render: (_value, delivery) =>
                delivery.status === 'pending' ? null : (
                  <Button
                    size="small"
                    loading={replay.isPending && replay.variables === delivery.id}
                    onClick={() =>
                      replay.mutate(delivery.id, {
                        onSuccess: () => message.success(t('webhooks.replayed')),
                        onError: failed,
                      })
                    }
                  >
                    {t('webhooks.replay')}
                  </Button>
                ),
            },
          ]}
        />
      </div>
      <CreateWebhookModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={setSecret}
      />
    </>
  );
}

function CreateWebhookModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (secret: string) => void;
}) {
  const { t } = useTranslation();
  const { client } = useApi();
  const queries = useQueryClient();
  const [form] = Form.useForm<NewWebhook>();
  const [problem, setProblem] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: async (values: NewWebhook) =>
      dataOf(
        await client.POST('/v1/webhooks', {
          body: {
            url: values.url.trim(),
            eventTypes: values.eventTypes,
            description: values.description?.trim() || null,
          },
        }),
      ),
    onSuccess: async (answer) => {
      onCreated(answer.secret);
      await queries.invalidateQueries({ queryKey: ['webhooks'] });
      form.resetFields();
      onClose();
    },
    onError: (error) => setProblem(showServerErrors(form, error, t)),
  });
  return (
    <Modal
      title={t('webhooks.new')}
      open={open}
      okText={t('webhooks.create')}
      cancelText={t('editor.cancel')}
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      {problem && <Alert type="error" title={problem} style={{ marginBottom: 16 }} />}
      <Form<NewWebhook>
        form={form}
        layout="vertical"
        name="webhook"
        onFinish={(values) => {
          setProblem(null);
          create.mutate(values);
        }}
      >
        <Form.Item
          name="url"
          label={t('webhooks.url')}
          extra={t('webhooks.urlHint')}
          rules={[{ required: true, whitespace: true, message: t('form.required') }]}
        >
          <Input placeholder="https://" />
        </Form.Item>
        <Form.Item
          name="eventTypes"
          label={t('webhooks.events')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Select
            mode="multiple"
            options={eventTypes.map((type) => ({ value: type, label: type }))}
          />
        </Form.Item>
        <Form.Item name="description" label={t('webhooks.description')}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
