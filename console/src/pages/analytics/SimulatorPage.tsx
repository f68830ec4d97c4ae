import { DownloadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Progress,
  Result,
  Space,
  Spin,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePointsSettings, useTierProgram } from '../../api/programme';
import { isFinished, progressOf, runStatusColors } from '../../api/runs';
import { dateTime, monthRange } from '../../format';
import { type Language, languageOf } from '../../i18n';
import { csvHref } from './analytics-queries';
import { SimulationEditor } from './SimulationEditor';
import { SimulationResult } from './SimulationResult';
import { defaultNames, liveModel, modelTemplate, scenarioDefaults } from './simulation-form';
import { type SimulationRun, useSimulation, useSimulations } from './simulation-queries';

const periodOf = (run: SimulationRun, language: Language) =>
  monthRange(run.request.fromMonth, run.request.toMonth, language);

/**
 * The programme simulator: candidate programmes replayed over past checks under three
 * scenarios, run in the background; past and running runs, and the result of the one chosen.
 */
export default function SimulatorPage() {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const tiers = useTierProgram();
  const settings = usePointsSettings();
  const runs = useSimulations();
  const [shownId, setShownId] = useState<string | null>(null);
  const shown = useSimulation(shownId ?? runs.data?.[0]?.id ?? null);
  // The editor starts from the programme running now against a discount ladder, once both are read.
  const initial = useMemo(() => {
    if (tiers.data === undefined || settings.data === undefined) return null;
    const current = tiers.data
      ? liveModel(tiers.data.program, settings.data.settings, language, t)
      : modelTemplate('bonus', t);
    return { models: [current, modelTemplate('discount', t)], scenarios: scenarioDefaults(t) };
  }, [tiers.data, settings.data, language, t]);
  const defaults = useMemo(
    () => defaultNames((lng) => i18n.getFixedT(lng), tiers.data?.program ?? null),
    [i18n, tiers.data],
  );

  const [tab, setTab] = useState<string | null>(null);
  // Past runs open first once there are some; a run just started is shown at once.
  const active = tab ?? ((runs.data?.length ?? 0) > 0 ? 'runs' : 'editor');
  const start = (id: string) => {
    setShownId(id);
    setTab('runs');
  };

  const run = shown.data;
  const editor =
    tiers.isError || settings.isError ? (
      <Result status="warning" title={t('simulator.notLoaded')} />
    ) : initial === null ? (
      <Spin />
    ) : (
      // Read once: a new language keeps what the operator typed (the names are data), and
      // puts the names the console gave in the new language.
      <SimulationEditor initial={initial} defaults={defaults} onStarted={start} />
    );
  const results = (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {run && (
        <Card
          data-testid="simulation-run"
          title={
            <Space wrap>
              <span translate="no">{run.request.models.map((model) => model.name).join(', ')}</span>
              <Typography.Text type="secondary">{periodOf(run, language)}</Typography.Text>
            </Space>
          }
          extra={
            <Space>
              <Tag color={runStatusColors[run.status]}>{t(`backtest.statuses.${run.status}`)}</Tag>
              {run.status === 'done' && (
                <Button
                  icon={<DownloadOutlined />}
                  href={csvHref(`simulations/${run.id}`, {}, language)}
                  download
                >
                  {t('analytics.downloadCsv')}
                </Button>
              )}
            </Space>
          }
        >
          {!isFinished(run) && (
            <Progress
              data-testid="simulation-progress"
              percent={progressOf(run)}
              format={() =>
                t('backtest.progress', { done: run.checksDone, total: run.checksTotal })
              }
            />
          )}
          {run.status === 'failed' && (
            <Alert
              type="error"
              title={t('simulator.failed')}
              description={<span translate="no">{run.error}</span>}
            />
          )}
          {run.results && (
            <SimulationResult request={run.request} results={run.results} language={language} />
          )}
        </Card>
      )}
      <Card title={t('simulator.history')}>
        <Table<SimulationRun>
          size="small"
          rowKey="id"
          loading={runs.isPending}
          dataSource={runs.data ?? []}
          locale={{ emptyText: t('simulator.noRuns') }}
          pagination={false}
          data-testid="simulation-runs"
          rowClassName={(row) => (row.id === run?.id ? 'ant-table-row-selected' : '')}
          columns={[
            {
              title: t('backtest.asked'),
              key: 'createdAt',
              render: (_value, row) => (
                <Typography.Link onClick={() => setShownId(row.id)}>
                  {dateTime(row.createdAt, language)}
                </Typography.Link>
              ),
            },
            {
              title: t('simulator.models'),
              key: 'models',
              render: (_value, row) => (
                <span translate="no">
                  {row.request.models.map((model) => model.name).join(', ')}
                </span>
              ),
            },
            {
              title: t('simulator.period'),
              key: 'period',
              render: (_value, row) => periodOf(row, language),
            },
            {
              title: t('backtest.askedBy'),
              key: 'requestedBy',
              render: (_value, row) => <span translate="no">{row.requestedBy}</span>,
            },
            {
              title: t('backtest.status'),
              key: 'status',
              render: (_value, row) =>
                isFinished(row) ? (
                  <Space direction="vertical" size={0}>
                    <Tag color={runStatusColors[row.status]}>
                      {t(`backtest.statuses.${row.status}`)}
                    </Tag>
                    {row.error && (
                      <Typography.Text type="danger" translate="no">
                        {row.error}
                      </Typography.Text>
                    )}
                  </Space>
                ) : (
                  <Space>
                    <Tag color={runStatusColors[row.status]}>
                      {t(`backtest.statuses.${row.status}`)}
                    </Tag>
                    <Progress size="small" style={{ width: 120 }} percent={progressOf(row)} />
                  </Space>
                ),
            },
          ]}
        />
      </Card>
    </Space>
  );
  return (
    <>
      <Typography.Title level={2}>{t('simulator.title')}</Typography.Title>
      <Tabs
        activeKey={active}
        onChange={setTab}
        items={[
          { key: 'editor', label: t('simulator.editor'), children: editor },
          { key: 'runs', label: t('simulator.runs'), children: results },
        ]}
      />
    </>
  );
}
