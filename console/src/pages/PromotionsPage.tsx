import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Table, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useApi } from '../api/context';
import { dataOf, ProblemError } from '../api/problem';
import { type Promotion, useMechanics, usePromotions, useStores } from '../api/queries';
import { count, date, money, points } from '../format';
import { languageOf } from '../i18n';
import { can, useSession } from '../session';
import { type PromotionFigures, usePromotionFigures } from './promotion/promotion-queries';
import { RulesetHistory } from './promotion/RulesetHistory';

const statusColors: Record<Promotion['status'], string> = {
  draft: 'default',
  active: 'green',
  paused: 'orange',
  archived: 'default',
};

function validity(promotion: Promotion, language: 'ru' | 'en', always: string): string {
  const { validFrom, validTo, validFromDate, validToDate } = promotion.definition;
  const from = validFromDate ?? validFrom;
  const to = validToDate ?? validTo;
  if (!from && !to) return always;
  return `${from ? date(from, language) : '…'} — ${to ? date(to, language) : '…'}`;
}

/** What is left of a promotion's budgets, money and points, or a dash without one. */
function budgetLeft(figures: PromotionFigures | undefined, language: 'ru' | 'en'): string {
  const parts = [
    figures?.budgetLeftMinor == null ? null : money(figures.budgetLeftMinor, language),
    figures?.budgetLeftPoints == null ? null : points(figures.budgetLeftPoints, language),
  ].filter((part) => part !== null);
  return parts.length > 0 ? parts.join(' · ') : '—';
}

export default function PromotionsPage() {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { client } = useApi();
  const queries = useQueryClient();
  const session = useSession();
  const writes = can(session.data, 'promotions.write');
  const promotions = usePromotions();
  const mechanics = useMechanics();
  const stores = useStores();
  // Uses and cost are analytics figures: shown to those who may read them.
  const readsFigures = can(session.data, 'analytics.read');
  const figures = usePromotionFigures(readsFigures);
  const figuresOf = (id: string) => figures.data?.get(id);
  const setStatus = useMutation({
    mutationFn: async ({ id, status }: { id: string; status: Promotion['status'] }) =>
      dataOf(
        await client.POST('/v1/promotions/{id}/status', {
          params: { path: { id } },
          body: { status },
        }),
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['promotions'] }),
    onError: (error) =>
      message.error(
        error instanceof ProblemError
          ? t(`problems.${error.problem.code}`, { defaultValue: error.problem.detail })
          : t('errors.network'),
      ),
  });
  const mechanicName = (kind: string) =>
    mechanics.data?.find((mechanic) => mechanic.code === kind)?.name[language] ?? kind;
  const storeName = (id: string) => stores.data?.find((store) => store.id === id)?.name ?? id;

  const list = (
    <Table<Promotion>
      rowKey="id"
      loading={promotions.isPending}
      dataSource={promotions.data ?? []}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      columns={[
        {
          title: t('promotions.name'),
          key: 'name',
          render: (_value, promotion) =>
            writes ? (
              <Link to={`/promotions/${encodeURIComponent(promotion.id)}`} translate="no">
                {promotion.definition.name}
              </Link>
            ) : (
              <span translate="no">{promotion.definition.name}</span>
            ),
        },
        {
          title: t('promotions.status'),
          key: 'status',
          render: (_value, promotion) => (
            <Tag color={statusColors[promotion.status]}>{t(`status.${promotion.status}`)}</Tag>
          ),
        },
        {
          title: t('promotions.mechanic'),
          key: 'mechanic',
          render: (_value, promotion) => mechanicName(promotion.definition.mechanic.kind),
        },
        {
          title: t('promotions.validity'),
          key: 'validity',
          render: (_value, promotion) => validity(promotion, language, t('promotions.always')),
        },
        {
          title: t('promotions.stores'),
          key: 'stores',
          render: (_value, promotion) =>
            promotion.definition.storeIds ? (
              <span translate="no">{promotion.definition.storeIds.map(storeName).join(', ')}</span>
            ) : (
              t('promotions.allStores')
            ),
        },
        ...(readsFigures
          ? [
              {
                title: t('promotions.uses'),
                key: 'uses',
                align: 'right' as const,
                render: (_value: unknown, promotion: Promotion) =>
                  count(figuresOf(promotion.id)?.uses ?? 0, language),
              },
              {
                title: t('promotions.cost'),
                key: 'cost',
                align: 'right' as const,
                render: (_value: unknown, promotion: Promotion) => {
                  const own = figuresOf(promotion.id);
                  return (
                    <Flex vertical align="end">
                      <span>{money(own?.discountMinor ?? 0, language)}</span>
                      {(own?.points ?? 0) > 0 && (
                        <Typography.Text type="secondary">
                          {t('why.pointsCount', { count: own?.points ?? 0 })}
                        </Typography.Text>
                      )}
                    </Flex>
                  );
                },
              },
              {
                title: t('promotions.budgetLeft'),
                key: 'budgetLeft',
                align: 'right' as const,
                render: (_value: unknown, promotion: Promotion) =>
                  budgetLeft(figuresOf(promotion.id), language),
              },
            ]
          : []),
        ...(writes
          ? [
              {
                title: '',
                key: 'actions',
                render: (_value: unknown, promotion: Promotion) =>
                  promotion.status === 'active' ? (
                    <Button
                      size="small"
                      onClick={() => setStatus.mutate({ id: promotion.id, status: 'paused' })}
                    >
                      {t('promotions.pause')}
                    </Button>
                  ) : (
                    <Button
                      size="small"
                      onClick={() => setStatus.mutate({ id: promotion.id, status: 'active' })}
                    >
                      {t('promotions.activate')}
                    </Button>
                  ),
              },
            ]
          : []),
      ]}
    />
  );

  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('promotions.title')}
        </Typography.Title>
        {writes && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => navigate('/promotions/new')}
          >
            {t('promotions.new')}
          </Button>
        )}
      </Flex>
      <Tabs
        items={[
          { key: 'list', label: t('promotions.list'), children: list },
          { key: 'history', label: t('history.title'), children: <RulesetHistory /> },
        ]}
      />
    </>
  );
}
