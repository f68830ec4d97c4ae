import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Radio, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/context';
import type { paths } from '../api/perk-api';
import { dataOf, ProblemError } from '../api/problem';
import { RefusedLines } from '../components/RefusedLines';
import { count } from '../format';
import { languageOf } from '../i18n';

type Report =
  paths['/v1/segments/{id}/members.csv']['post']['responses']['200']['content']['application/json'];
type Mode = 'replace' | 'add';

/**
 * A segment's members as a file: downloaded (customer ids) by whoever reads customers, and, for a
 * static list, a CSV uploaded by marketers, with the rows the server did not take and why.
 */
export function SegmentMembersFile({
  id,
  upload,
  download,
}: {
  id: string;
  upload: boolean;
  download: boolean;
}) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const { client } = useApi();
  const queries = useQueryClient();
  const [mode, setMode] = useState<Mode>('replace');
  const [sending, setSending] = useState(false);
  const [report, setReport] = useState<Report | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const send = async (file: File) => {
    setSending(true);
    setReport(null);
    setRefusal(null);
    try {
      const answer = await client.POST('/v1/segments/{id}/members.csv', {
        params: { path: { id }, query: { mode } },
        // The file's bytes go as they are: the server's CSV reader detects their charset.
        body: file as unknown as string,
        bodySerializer: (body) => body,
        headers: { 'content-type': 'text/csv' },
      });
      setReport(dataOf(answer));
      await queries.invalidateQueries({ queryKey: ['segments'] });
    } catch (error) {
      setRefusal(
        error instanceof ProblemError
          ? t(`problems.${error.problem.code}`, { defaultValue: error.problem.detail })
          : t('errors.network'),
      );
    } finally {
      setSending(false);
    }
  };
  return (
    <Card title={t('segments.membersFile')} style={{ marginBottom: 16 }}>
      <Space direction="vertical" style={{ width: '100%' }}>
        {download && (
          <Flex gap={12} align="center" wrap>
            <Button
              icon={<DownloadOutlined />}
              href={`/v1/segments/${encodeURIComponent(id)}/members.csv`}
              download
            >
              {t('segments.export')}
            </Button>
            <Typography.Text type="secondary">{t('segments.exportHint')}</Typography.Text>
          </Flex>
        )}
        {upload && (
          <>
            <Typography.Text type="secondary">{t('segments.uploadHint')}</Typography.Text>
            <Flex gap={12} align="center" wrap>
              <Radio.Group
                value={mode}
                onChange={(event) => setMode(event.target.value)}
                options={[
                  { value: 'replace', label: t('segments.replace') },
                  { value: 'add', label: t('segments.add') },
                ]}
              />
              <Upload
                accept=".csv,text/csv"
                showUploadList={false}
                beforeUpload={(file) => {
                  void send(file);
                  return false;
                }}
              >
                <Button icon={<UploadOutlined />} loading={sending}>
                  {t('segments.upload')}
                </Button>
              </Upload>
            </Flex>
          </>
        )}
        {refusal && <Alert type="error" title={refusal} />}
        {report && (
          <>
            <Alert
              type={report.rejected > 0 ? 'warning' : 'success'}
              data-testid="members-upload-report"
              title={t('segments.uploaded', {
                accepted: count(report.accepted, language),
                rows: count(report.rows, language),
                members: count(report.members, language),
              })}
              description={
                report.rejected > 0
                  ? t('segments.rejectedRows', { rejected: count(report.rejected, language) })
                  : undefined
              }
            />
            {report.problems.length > 0 && (
              <RefusedLines
                lines={report.problems}
                reasons="segments.rowProblems"
                fileName={`${id}-refused.csv`}
                testId="members-upload-problems"
              />
            )}
          </>
        )}
      </Space>
    </Card>
  );
}
