import { Alert, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** A secret the server shows once (an API key, a one-time password), to copy and hand over. */
export function OneTimeSecret({ secret, hint }: { secret: string; hint: string }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="success"
      showIcon
      title={t('access.shownOnce')}
      description={
        <>
          <Typography.Paragraph copyable={{ text: secret }} style={{ marginBottom: 8 }}>
            <code translate="no" data-testid="one-time-secret">
              {secret}
            </code>
          </Typography.Paragraph>
          <Typography.Text type="secondary">{hint}</Typography.Text>
        </>
      }
    />
  );
}
