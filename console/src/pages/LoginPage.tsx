import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ProblemError } from '../api/problem';
import { showServerErrors } from '../forms/server-errors';
import { LanguageSwitch } from '../LanguageSwitch';
import { useLogin } from '../session';

interface LoginForm {
  email: string;
  password: string;
}

export function LoginPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<LoginForm>();
  const login = useLogin();
  const navigate = useNavigate();
  const [message, setMessage] = useState<string | null>(null);

  const submit = async (values: LoginForm) => {
    setMessage(null);
    try {
      await login.mutateAsync(values);
      navigate('/promotions', { replace: true });
    } catch (error) {
      // A wrong pair is told at the password, the field the operator retypes.
      const code = error instanceof ProblemError ? error.problem.code : null;
      if (code === 'invalid_credentials' || code === 'operator_locked') {
        form.setFields([{ name: 'password', errors: [t(`problems.${code}`)] }]);
        return;
      }
      setMessage(showServerErrors(form, error, t));
    }
  };

  return (
    <Flex justify="center" align="center" style={{ minHeight: '100vh', background: '#f3f5f4' }}>
      <Card style={{ width: 380 }}>
        <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('login.title')}
          </Typography.Title>
          <LanguageSwitch />
        </Flex>
        <Typography.Paragraph type="secondary">{t('login.lead')}</Typography.Paragraph>
        {message && <Alert type="error" title={message} style={{ marginBottom: 16 }} />}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item
            name="email"
            label={t('login.email')}
            rules={[{ required: true, message: t('login.emailRequired') }]}
          >
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending}>
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
