import { DownloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Flex, Form, Input, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/context';
import { dataOf, ProblemError } from '../../api/problem';
import { dateTime, points } from '../../format';
import { clearServerErrorsOnChange } from '../../forms/server-errors';
import { UnitNumber } from '../../forms/unit-number';
import { useFormSave } from '../../forms/use-form-save';
import { languageOf } from '../../i18n';
import { type CouponSeries, seriesKey, useCouponSeries } from './coupon-queries';

function newBatchId(): string {
  return `console-${Date.now().toString(36)}`;
}

/** A series opened by its code: what it is, how many codes it holds, and (for writers) more codes. */
export function SeriesCard({
  opened,
  onOpen,
  writes,
}: {
  opened: string | null;
  onOpen: (id: string) => void;
  writes: boolean;
}) {
  const { t } = useTranslation();
  const series = useCouponSeries(opened);
  const notFound =
    series.error instanceof ProblemError && series.error.problem.code === 'coupon_series_not_found';
  return (
    <Card title={t('coupons.openTitle')} style={{ marginBottom: 24 }}>
      <Input.Search
        aria-label={t('coupons.openLabel')}
        placeholder={t('coupons.openLabel')}
        enterButton={t('coupons.open')}
        style={{ maxWidth: 420 }}
        onSearch={(value) => value.trim() && onOpen(value.trim())}
      />
      {notFound && <Alert type="warning" title={t('coupons.notFound')} style={{ marginTop: 16 }} />}
      {series.isError && !notFound && (
        <Alert type="error" title={t('coupons.notLoaded')} style={{ marginTop: 16 }} />
      )}
      {series.data && <SeriesView series={series.data} writes={writes} />}
    </Card>
  );
}

function SeriesView({ series, writes }: { series: CouponSeries; writes: boolean }) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const limit = (value: number | null) => (value === null ? '—' : points(value, language));
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%', marginTop: 16 }}>
      <Descriptions size="small" bordered column={2} data-testid="coupon-series">
        <Descriptions.Item label={t('coupons.name')}>
          <span translate="no">{series.name}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('coupons.id')}>
          <code>{series.id}</code>
        </Descriptions.Item>
        <Descriptions.Item label={t('coupons.kind')}>
          <Tag>{t(`coupons.kinds.${series.kind}`)}</Tag>
          {series.code && (
            <Typography.Text code copyable>
              {series.code}
            </Typography.Text>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('coupons.promotion')}>
          <code>{series.promotionId}</code>
        </Descriptions.Item>
        <Descriptions.Item label={t('coupons.codeCount')}>
          <span data-testid="code-count">{points(series.codeCount, language)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('coupons.guess')}>
          {series.guessProbability > 0
            ? t('coupons.guessOdds', {
                tries: points(Math.round(1 / series.guessProbability), language),
              })
            : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('coupons.usesPerCode')}>
          {limit(series.usesPerCode)}
        </Descriptions.Item>
        <Descriptions.Item label={t('coupons.totalUses')}>
          {limit(series.totalUses)}
        </Descriptions.Item>
        <Descriptions.Item label={t('coupons.validity')}>
          {series.validFrom || series.validTo
            ? `${series.validFrom ? dateTime(series.validFrom, language) : '…'} — ${series.validTo ? dateTime(series.validTo, language) : '…'}`
            : t('coupons.noBounds')}
        </Descriptions.Item>
        <Descriptions.Item label={t('coupons.perCustomerUses')}>
          {limit(series.perCustomerUses)}
        </Descriptions.Item>
      </Descriptions>
      {writes && <Generate series={series} />}
    </Space>
  );
}

/** More unique codes for a series, then its codes as CSV. A retried batch adds no code. */
function Generate({ series }: { series: CouponSeries }) {
  const { t } = useTranslation();
  const { client } = useApi();
  const queries = useQueryClient();
  const [form] = Form.useForm<{ count: number }>();
  const [batchId, setBatchId] = useState(newBatchId);
  const { save, saving, problem } = useFormSave(form, async (values) => {
    dataOf(
      await client.POST('/v1/coupon-series/{id}/codes', {
        params: { path: { id: series.id } },
        body: { batchId, count: values.count },
      }),
    );
    setBatchId(newBatchId());
    await queries.invalidateQueries({ queryKey: seriesKey });
  });
  const csv = `/v1/coupon-series/${encodeURIComponent(series.id)}/codes.csv`;
  return (
    <>
      {problem && <Alert type="error" title={problem} />}
      <Form
        form={form}
        layout="inline"
        initialValues={{ count: 100 }}
        onFieldsChange={clearServerErrorsOnChange(form)}
      >
        <Flex gap={8} wrap align="flex-start">
          {series.kind === 'unique' && (
            <>
              <Form.Item
                name="count"
                label={t('coupons.generateCount')}
                rules={[{ required: true, message: t('form.required') }]}
              >
                <UnitNumber schema={{ minimum: 1 }} width={140} />
              </Form.Item>
              <Button type="primary" onClick={() => save()} loading={saving}>
                {t('coupons.generate')}
              </Button>
            </>
          )}
          <Button icon={<DownloadOutlined />} href={csv} download>
            {t('coupons.exportCsv')}
          </Button>
        </Flex>
      </Form>
    </>
  );
}
