import { Select, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePromotions } from '../../api/queries';
import { count, money, percent } from '../../format';
import { type Language, languageOf } from '../../i18n';
import { type AnalyticsFilter, csvHref, type Uplift, useUplift } from './analytics-queries';
import { BlockCard } from './BlockCard';

type Metric = 'revenuePerCustomerMinor' | 'purchasesPerCustomer' | 'averageCheckMinor';
const metrics: Metric[] = ['revenuePerCustomerMinor', 'purchasesPerCustomer', 'averageCheckMinor'];

/** A metric's value in its unit: money for kopecks (decimals kept to the kopeck), else a count. */
function shown(metric: Metric, value: number | null, language: Language): string {
  if (value === null) return '—';
  return metric === 'purchasesPerCustomer' ? count(value, language, 2) : money(value, language);
}

/**
 * A promotion's uplift over its control group in the period (the period only: the audience is
 * every store's and channel's): per metric both groups, the difference with its 95% interval and
 * the relative uplift.
 */
export function UpliftBlock({ filter }: { filter: AnalyticsFilter }) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const promotions = usePromotions();
  // Promotions with a control group first: the others have nobody held out to compare with.
  const options = useMemo(
    () =>
      [...(promotions.data ?? [])]
        .sort(
          (a, b) =>
            Number(Boolean(b.definition.holdoutShareBp)) -
            Number(Boolean(a.definition.holdoutShareBp)),
        )
        .map((p) => ({
          value: p.id,
          label: p.definition.holdoutShareBp
            ? `${p.definition.name} · ${percent(p.definition.holdoutShareBp / 10_000, language)}`
            : p.definition.name,
        })),
    [promotions.data, language],
  );
  const [promotionId, setPromotionId] = useState<string | undefined>();
  const uplift = useUplift(filter, promotionId);
  const data: Uplift | undefined = promotionId ? uplift.data : undefined;
  return (
    <BlockCard
      title={t('analytics.uplift.title')}
      csv={csvHref('uplift', { promotionId, from: filter.from, to: filter.to }, language)}
      loading={uplift.isFetching}
      failed={uplift.isError}
      testId="analytics-uplift"
      extra={
        <Select
          style={{ width: 260 }}
          showSearch
          optionFilterProp="label"
          placeholder={t('analytics.uplift.promotion')}
          loading={promotions.isPending}
          value={promotionId}
          onChange={setPromotionId}
          options={options}
        />
      }
    >
      {data && (
        <Typography.Paragraph type="secondary">
          {t('analytics.uplift.groups', {
            treated: count(data.treated.customers, language),
            heldOut: count(data.heldOut.customers, language),
          })}
        </Typography.Paragraph>
      )}
      <Table<Metric>
        rowKey={(metric) => metric}
        size="small"
        pagination={false}
        dataSource={data ? metrics : []}
        locale={{ emptyText: t('analytics.uplift.choose') }}
        columns={[
          {
            title: t('analytics.uplift.metric'),
            render: (_, metric) => t(`analytics.uplift.${metric}`),
          },
          {
            title: t('analytics.uplift.treated'),
            align: 'right',
            render: (_, metric) => shown(metric, data?.treated[metric] ?? null, language),
          },
          {
            title: t('analytics.uplift.heldOut'),
            align: 'right',
            render: (_, metric) => shown(metric, data?.heldOut[metric] ?? null, language),
          },
          {
            title: t('analytics.uplift.difference'),
            align: 'right',
            render: (_, metric) => {
              const d = data?.[metric];
              if (!d || d.difference === null) return '—';
              const interval =
                d.low === null || d.high === null
                  ? ''
                  : ` [${shown(metric, d.low, language)}; ${shown(metric, d.high, language)}]`;
              return `${shown(metric, d.difference, language)}${interval}`;
            },
          },
          {
            title: t('analytics.uplift.relative'),
            align: 'right',
            render: (_, metric) => {
              const relative = data?.[metric].relative;
              return relative == null ? '—' : percent(relative, language);
            },
          },
        ]}
      />
    </BlockCard>
  );
}
