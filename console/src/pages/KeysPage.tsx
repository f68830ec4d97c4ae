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
  Popconfirm,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/context';
import type { components } from '../api/perk-api';
import { dataOf, ProblemError } from '../api/problem';
import { dateTime } from '../format';
import { showServerErrors } from '../forms/server-errors';
import { languageOf } from '../i18n';
import { OneTimeSecret } from './access/OneTimeSecret';

type ApiKey = components['schemas']['ApiKey'];
type KeyRole = ApiKey['role'];
const keyRoles: KeyRole[] = ['pos', 'web', 'admin', 'analyst'];

interface NewKey {
  name: string;
  role: KeyRole;
}

/** API keys of tills, shops and integrations: listed without secrets, created, revoked. */
export default function KeysPage() {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const { client } = useApi();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [creating, setCreating] = useState(false);
  // The new key's secret, shown until the key is revoked or the page left.
  const [created, setCreated] = useState<{ id: string; secret: string } | null>(null);
  const keys = useQuery({
    queryKey: ['keys'],
    queryFn: async () => dataOf(await client.GET('/v1/keys')).items,
  });
  const revoke = useMutation({
    mutationFn: async (id: string) =>
      dataOf(await client.DELETE('/v1/keys/{id}', { params: { path: { id } } })),
    onSuccess: (_answer, id) => {
      if (created?.id === id) setCreated(null);
      return queries.invalidateQueries({ queryKey: ['keys'] });
    },
    onError: (error) =>
      message.error(
        error instanceof ProblemError
          ? t(`problems.${error.problem.code}`, { defaultValue: error.problem.detail })
          : t('errors.network'),
      ),
  });

  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('keys.title')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('keys.new')}
        </Button>
      </Flex>
      {created && (
        <div style={{ marginBottom: 16 }}>
          <OneTimeSecret secret={created.secret} hint={t('keys.secretHint')} />
        </div>
      )}
      <Table<ApiKey>
        rowKey="id"
        loading={keys.isPending}
        dataSource={keys.data ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          {
            title: t('keys.name'),
            key: 'name',
            render: (_value, key) => <span translate="no">{key.name}</span>,
          },
          {
            title: t('keys.role'),
            key: 'role',
            render: (_value, key) => <Tag>{t(`keyRoles.${key.role}`)}</Tag>,
          },
          {
            title: t('keys.prefix'),
            key: 'prefix',
            render: (_value, key) => <code translate="no">{key.prefix}…</code>,
          },
          {
            title: t('keys.created'),
            key: 'created',
            render: (_value, key) => dateTime(key.createdAt, language),
          },
          {
            title: t('keys.state'),
            key: 'state',
            render: (_value, key) =>
              key.revokedAt ? (
                <Tag>{t('keys.revokedAt', { at: dateTime(key.revokedAt, language) })}</Tag>
              ) : (
                <Tag color="green">{t('keys.working')}</Tag>
              ),
          },
          {
            title: '',
            key: 'actions',
            render: (_value, key) =>
              key.revokedAt ? null : (
                <Popconfirm
                  title={t('keys.revokeConfirm')}
                  okText={t('keys.revoke')}
                  okButtonProps={{ danger: true }}
                  cancelText={t('editor.cancel')}
                  onConfirm={() => revoke.mutate(key.id)}
                >
                  <Button size="small" danger>
                    {t('keys.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <CreateKeyModal open={creating} onClose={() => setCreating(false)} onCreated={setCreated} />
    </>
  );
}

function CreateKeyModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (key: { id: string; secret: string }) => void;
}) {
  const { t } = useTranslation();
  const { client } = useApi();
  const queries = useQueryClient();
  const [form] = Form.useForm<NewKey>();
  const [problem, setProblem] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: async (body: NewKey) => dataOf(await client.POST('/v1/keys', { body })),
    onSuccess: async (answer) => {
      onCreated({ id: answer.apiKey.id, secret: answer.key });
      await queries.invalidateQueries({ queryKey: ['keys'] });
      form.resetFields();
      onClose();
    },
    onError: (error) => setProblem(showServerErrors(form, error, t)),
  });
  return (
    <Modal
      title={t('keys.new')}
      open={open}
      okText={t('keys.create')}
      cancelText={t('editor.cancel')}
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      {problem && <Alert type="error" title={problem} style={{ marginBottom: 16 }} />}
      <Form<NewKey>
        form={form}
        layout="vertical"
        initialValues={{ role: 'pos' }}
        onFinish={(values) => {
          setProblem(null);
          create.mutate(values);
        }}
      >
        <Form.Item
          name="name"
          label={t('keys.name')}
          extra={t('keys.nameHint')}
          rules={[{ required: true, whitespace: true, message: t('form.required') }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="role" label={t('keys.role')}>
          <Select
            options={keyRoles.map((role) => ({
              value: role,
              label: `${t(`keyRoles.${role}`)} — ${t(`keyRoleHints.${role}`)}`,
            }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
