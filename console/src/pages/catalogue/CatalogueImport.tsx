import { UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Collapse, Flex, Progress, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/context';
import { ProblemError } from '../../api/problem';
import { RefusedLines } from '../../components/RefusedLines';
import { count } from '../../format';
import { languageOf } from '../../i18n';
import type { CatalogueImportReport } from './catalogue-queries';
import { ExpectedColumns } from './ExpectedColumns';

type Kind = 'categories' | 'products';
/** Sending the file (a share of its bytes), then waiting while the server stores the rows. */
type Phase = { kind: Kind; sentPercent: number } | null;

/**
 * The catalogue's CSV import: a file of categories or products goes to the server as it is,
 * with the upload's progress; the answer lists the rows refused, by line, and why.
 */
export function CatalogueImport() {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const api = useApi();
  const queries = useQueryClient();
  const [phase, setPhase] = useState<Phase>(null);
  const [report, setReport] = useState<(CatalogueImportReport & { kind: Kind }) | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const send = async (kind: Kind, file: File) => {
    setPhase({ kind, sentPercent: 0 });
    setReport(null);
    setRefusal(null);
    try {
      const answer = await api.uploadCsv(`/v1/imports/${kind}`, file, (sent, total) =>
        setPhase({ kind, sentPercent: total > 0 ? Math.floor((sent * 100) / total) : 100 }),
      );
      setReport({ ...answer, kind });
    } catch (error) {
      setRefusal(
        error instanceof ProblemError
          ? t(`catalogue.import.problems.${error.problem.code}`, {
              defaultValue: t(`problems.${error.problem.code}`, {
                defaultValue: error.problem.detail,
              }),
            })
          : t('errors.network'),
      );
    } finally {
      setPhase(null);
      // Rows before a refusal part-way may be stored, so the catalogue is read again anyway.
      await Promise.all([
        queries.invalidateQueries({ queryKey: ['categories'] }),
        queries.invalidateQueries({ queryKey: ['products'] }),
      ]);
    }
  };
  const uploadButton = (kind: Kind) => (
    <Upload
      accept=".csv,text/csv"
      showUploadList={false}
      disabled={phase !== null}
      beforeUpload={(file) => {
        void send(kind, file);
        return false;
      }}
    >
      <Button
        icon={<UploadOutlined />}
        loading={phase?.kind === kind}
        disabled={phase !== null && phase.kind !== kind}
        data-testid={`import-${kind}`}
      >
        {t(`catalogue.import.${kind}`)}
      </Button>
    </Upload>
  );
  return (
    <Card title={t('catalogue.import.title')}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('catalogue.import.hint')}</Typography.Text>
        <Flex gap={12} wrap>
          {uploadButton('categories')}
          {uploadButton('products')}
        </Flex>
        <Collapse
          size="small"
          items={[
            {
              key: 'columns',
              label: t('catalogue.import.columns'),
              children: <ExpectedColumns />,
            },
          ]}
        />
        {phase && (
          <div data-testid="import-progress">
            <Progress
              percent={phase.sentPercent}
              status="active"
              format={(percent) => (percent === 100 ? '' : `${percent}%`)}
            />
            <Typography.Text type="secondary">
              {phase.sentPercent < 100
                ? t('catalogue.import.sending')
                : t('catalogue.import.processing')}
            </Typography.Text>
          </div>
        )}
        {refusal && <Alert type="error" title={refusal} data-testid="import-refusal" />}
        {report && (
          <>
            <Alert
              type={report.rejected > 0 ? 'warning' : 'success'}
              data-testid="import-report"
              title={t(`catalogue.import.done.${report.kind}`, {
                accepted: count(report.accepted, language),
                rows: count(report.rows, language),
                created: count(report.created, language),
                updated: count(report.updated, language),
                unchanged: count(report.unchanged, language),
              })}
              description={
                report.rejected > 0
                  ? t('catalogue.import.rejected', {
                      count: report.rejected,
                      rejected: count(report.rejected, language),
                    }) +
                    (report.problems.length < report.rejected
                      ? ` ${t('catalogue.import.listed', { listed: count(report.problems.length, language) })}`
                      : '')
                  : undefined
              }
            />
            {report.problems.length > 0 && (
              <RefusedLines
                lines={report.problems}
                reasons="catalogue.import.rowProblems"
                fileName={`${report.kind}-refused.csv`}
                testId="import-problems"
              />
            )}
          </>
        )}
      </Space>
    </Card>
  );
}
