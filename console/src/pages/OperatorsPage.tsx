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
  Space,
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
import { useSession } from '../session';
import { OneTimeSecret } from './access/OneTimeSecret';

type Operator = components['schemas']['Operator'];
type Role = Operator['role'];
const roles: Role[] = ['admin', 'marketer', 'support', 'analyst'];

interface NewOperator {
  email: string;
  name: string;
  role: Role;
}

/** The console's operators: who they are, their role, and turning one off or back on. */
export default function OperatorsPage() {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const { client } = useApi();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const session = useSession();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ email: string; password: string } | null>(null);
  const operators = useQuery({
    queryKey: ['operators'],
    queryFn: async () => dataOf(await client.GET('/v1/operators')).items,
  });
  const refused = (error: unknown) =>
    message.error(
      error instanceof ProblemError
        ? t(`problems.${error.problem.code}`, { defaultValue: error.problem.detail })
        : t('errors.network'),
    );
  const setActive = useMutation({
    mutationFn: async ({ id, active }: { id: string; active: boolean }) =>
      dataOf(
        await client.PATCH('/v1/operators/{id}', { params: { path: { id } }, body: { active } }),
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['operators'] }),
    onError: refused,
  });
  const reset = useMutation({
    mutationFn: async (operator: Operator) => ({
      email: operator.email,
      answer: dataOf(
        await client.POST('/v1/operators/{id}/password', {
          params: { path: { id: operator.id } },
        }),
      ),
    }),
    onSuccess: ({ email, answer }) => {
      if (answer.oneTimePassword) setSecret({ email, password: answer.oneTimePassword });
      void queries.invalidateQueries({ queryKey: ['operators'] });
    },
    onError: refused,
  });
  const me = session.data?.operator.id;

  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('operators.title')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('operators.new')}
        </Button>
      </Flex>
      {secret && (
        <div style={{ marginBottom: 16 }}>
          <OneTimeSecret
            secret={secret.password}
            hint={t('operators.oneTimeHint', { email: secret.email })}
          />
        </div>
      )}
      <Table<Operator>
        rowKey="id"
        loading={operators.isPending}
        dataSource={operators.data ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          {
            title: t('operators.name'),
            key: 'name',
            render: (_value, operator) => <span translate="no">{operator.name}</span>,
          },
          {
            title: t('login.email'),
            key: 'email',
            render: (_value, operator) => <span translate="no">{operator.email}</span>,
          },
          {
            title: t('operators.role'),
            key: 'role',
            render: (_value, operator) => <Tag>{t(`roles.${operator.role}`)}</Tag>,
          },
          {
            title: t('operators.state'),
            key: 'state',
            render: (_value, operator) => (
              <Space size={4} wrap>
                <Tag color={operator.active ? 'green' : 'default'}>
                  {operator.active ? t('operators.active') : t('operators.inactive')}
                </Tag>
                {operator.lockedUntil && new Date(operator.lockedUntil) > new Date() && (
                  <Tag color="red">{t('operators.locked')}</Tag>
                )}
                {operator.mustChangePassword && <Tag>{t('operators.oneTimePassword')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('operators.lastLogin'),
            key: 'lastLogin',
            render: (_value, operator) =>
              operator.lastLoginAt ? dateTime(operator.lastLoginAt, language) : '—',
          },
          {
            title: '',
            key: 'actions',
            render: (_value, operator) => (
              <Space>
                <Popconfirm
                  title={t('operators.resetConfirm')}
                  okText={t('operators.reset')}
                  cancelText={t('editor.cancel')}
                  onConfirm={() => reset.mutate(operator)}
                >
                  <Button size="small">{t('operators.reset')}</Button>
                </Popconfirm>
                {operator.id !== me &&
                  (operator.active ? (
                    <Popconfirm
                      title={t('operators.deactivateConfirm')}
                      okText={t('operators.deactivate')}
                      okButtonProps={{ danger: true }}
                      cancelText={t('editor.cancel')}
                      onConfirm={() => setActive.mutate({ id: operator.id, active: false })}
                    >
                      <Button size="small" danger>
                        {t('operators.deactivate')}
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Button
                      size="small"
                      onClick={() => setActive.mutate({ id: operator.id, active: true })}
                    >
                      {t('operators.activate')}
                    </Button>
                  ))}
              </Space>
            ),
          },
        ]}
      />
      <CreateOperatorModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(email, password) => {
          if (password) setSecret({ email, password });
        }}
      />
    </>
  );
}

function CreateOperatorModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (email: string, oneTimePassword: string | null) => void;
}) {
  const { t } = useTranslation();
  const { client } = useApi();
  const queries = useQueryClient();
  const [form] = Form.useForm<NewOperator>();
  const [problem, setProblem] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: async (body: NewOperator) => dataOf(await client.POST('/v1/operators', { body })),
    onSuccess: async (answer) => {
      onCreated(answer.operator.email, answer.oneTimePassword);
      await queries.invalidateQueries({ queryKey: ['operators'] });
      form.resetFields();
      onClose();
    },
    onError: (error) => setProblem(showServerErrors(form, error, t)),
  });
  return (
    <Modal
      title={t('operators.new')}
      open={open}
      okText={t('operators.create')}
      cancelText={t('editor.cancel')}
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      {problem && <Alert type="error" title={problem} style={{ marginBottom: 16 }} />}
      <Form<NewOperator>
        form={form}
        layout="vertical"
        initialValues={{ role: 'support' }}
        onFinish={(values) => {
          setProblem(null);
          create.mutate(values);
        }}
      >
        <Form.Item
          name="name"
          label={t('operators.name')}
          rules={[{ required: true, whitespace: true, message: t('form.required') }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="email"
          label={t('login.email')}
          rules={[{ required: true, whitespace: true, message: t('form.required') }]}
        >
          <Input type="email" />
        </Form.Item>
        <Form.Item name="role" label={t('operators.role')} extra={t('operators.roleHint')}>
          <Select options={roles.map((role) => ({ value: role, label: t(`roles.${role}`) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
