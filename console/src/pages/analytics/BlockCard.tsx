import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** One block of the analytics page: a card with its CSV download, loading and failure shown. */
export function BlockCard({
  title,
  csv,
  loading,
  failed,
  extra,
  testId,
  children,
}: {
  title: string;
  csv: string;
  loading: boolean;
  failed: boolean;
  extra?: ReactNode;
  testId: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Card
      title={title}
      data-testid={testId}
      extra={
        <>
          {extra}
          <Button icon={<DownloadOutlined />} href={csv} download style={{ marginInlineStart: 8 }}>
            {t('analytics.downloadCsv')}
          </Button>
        </>
      }
    >
      {failed ? (
        <Alert type="warning" showIcon title={t('analytics.notLoaded')} />
      ) : (
        <Spin spinning={loading}>{children}</Spin>
      )}
    </Card>
  );
}
