import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { showServerErrors } from '../forms/server-errors';
import { LanguageSwitch } from '../LanguageSwitch';
import { useChangePassword, useLogout } from '../session';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  repeat: string;
}

/** A one-time password is replaced before anything else: the API answers nothing else until then. */
export function PasswordPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<PasswordForm>();
  const change = useChangePassword();
  const logout = useLogout();
  const [message, setMessage] = useState<string | null>(null);

  const submit = async ({ currentPassword, newPassword }: PasswordForm) => {
    setMessage(null);
    try {
      await change.mutateAsync({ currentPassword, newPassword });
    } catch (error) {
      setMessage(showServerErrors(form, error, t));
    }
  };

  return (
    <Flex justify="center" align="center" style={{ minHeight: '100vh', background: '#f3f5f4' }}>
      <Card style={{ width: 420 }}>
        <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('password.title')}
          </Typography.Title>
          <LanguageSwitch />
        </Flex>
        <Typography.Paragraph type="secondary">{t('password.lead')}</Typography.Paragraph>
        {message && <Alert type="error" title={message} style={{ marginBottom: 16 }} />}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item
            name="currentPassword"
            label={t('password.current')}
            rules={[{ required: true, message: t('password.required') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={t('password.new')}
            rules={[{ required: true, message: t('password.required') }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="repeat"
            label={t('password.repeat')}
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('password.required') },
              ({ getFieldValue }) => ({
                validator: (_rule, value) =>
                  value === getFieldValue('newPassword')
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('password.mismatch'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Flex gap={8}>
            <Button type="primary" htmlType="submit" loading={change.isPending}>
              {t('password.submit')}
            </Button>
            <Button onClick={() => logout.mutate()}>{t('shell.logout')}</Button>
          </Flex>
        </Form>
      </Card>
    </Flex>
  );
}
