import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Descriptions, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/context';
import {
  type Customer,
  customerKey,
  customerName,
  useCustomerSearch,
  usePointsBalance,
} from '../../api/customers';
import { dataOf, ProblemError } from '../../api/problem';
import { points } from '../../format';
import { languageOf } from '../../i18n';

/**
 * Merges another profile of the same person into this one. The other is found as on the
 * customers page; before merging, the form says what moves and that it cannot be undone.
 */
export function MergeModal({
  survivor,
  open,
  onClose,
}: {
  survivor: Customer;
  open: boolean;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const { client } = useApi();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [merged, setMerged] = useState<Customer | null>(null);
  const found = useCustomerSearch(q, undefined, 10, open);
  const balance = usePointsBalance(merged?.id ?? null);
  const unnamed = t('customers.noName');

  useEffect(() => {
    const pause = setTimeout(() => setQ(typed.trim()), 300);
    return () => clearTimeout(pause);
  }, [typed]);

  const merge = useMutation({
    mutationFn: async (mergedId: string) =>
      dataOf(
        await client.POST('/v1/customers/{id}/merge', {
          params: { path: { id: survivor.id } },
          body: { mergedId },
        }),
      ),
    onSuccess: async () => {
      message.success(t('merge.done'));
      await queries.invalidateQueries({ queryKey: customerKey(survivor.id) });
      await queries.invalidateQueries({ queryKey: ['customers'] });
      setMerged(null);
      setTyped('');
      onClose();
    },
  });
  const candidates = (found.data?.items ?? []).filter((customer) => customer.id !== survivor.id);
  const problem = merge.error
    ? merge.error instanceof ProblemError
      ? t(`problems.${merge.error.problem.code}`, { defaultValue: merge.error.problem.detail })
      : t('errors.network')
    : null;

  return (
    <Modal
      title={t('merge.title')}
      open={open}
      width={640}
      okText={t('merge.submit')}
      okButtonProps={{ danger: true, disabled: merged === null }}
      cancelText={t('editor.cancel')}
      confirmLoading={merge.isPending}
      onOk={() => merged && merge.mutate(merged.id)}
      onCancel={onClose}
    >
      <Typography.Paragraph type="secondary">{t('merge.lead')}</Typography.Paragraph>
      <Space.Compact style={{ width: '100%', marginBottom: 16 }}>
        <Input
          placeholder={t('customers.searchPlaceholder')}
          aria-label={t('merge.find')}
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
          style={{ width: '45%' }}
        />
        <Select<string>
          style={{ width: '55%' }}
          placeholder={t('merge.pick')}
          aria-label={t('merge.pick')}
          loading={found.isFetching}
          disabled={!q}
          value={merged?.id ?? null}
          onChange={(id) => setMerged(candidates.find((customer) => customer.id === id) ?? null)}
          options={candidates.map((customer) => ({
            value: customer.id,
            label: (
              <span translate="no">
                {customerName(customer) ?? unnamed} · {customer.identifiers[0]?.value ?? ''}
              </span>
            ),
          }))}
          notFoundContent={q ? t('customers.nobody') : null}
        />
      </Space.Compact>
      {merged && (
        <Alert
          type="warning"
          showIcon
          title={
            <>
              {t('merge.from')} <span translate="no">{customerName(merged) ?? unnamed}</span>{' '}
              {t('merge.into')} <span translate="no">{customerName(survivor) ?? unnamed}</span>
            </>
          }
          description={
            <>
              <Descriptions size="small" column={1} style={{ marginTop: 8 }}>
                <Descriptions.Item label={t('customers.identifiers')}>
                  <Space size={[4, 4]} wrap>
                    {merged.identifiers.map((identifier) => (
                      <Tag key={`${identifier.kind}:${identifier.value}`}>
                        <span translate="no">{identifier.value}</span>
                      </Tag>
                    ))}
                  </Space>
                </Descriptions.Item>
                <Descriptions.Item label={t('customer.points')}>
                  {balance.data
                    ? t('merge.points', {
                        active: points(balance.data.active, language),
                        pending: points(balance.data.pending, language),
                      })
                    : '…'}
                </Descriptions.Item>
                <Descriptions.Item label={t('merge.history')}>
                  {t('merge.historyText')}
                </Descriptions.Item>
                <Descriptions.Item label={t('merge.profile')}>
                  {t('merge.profileText')}
                </Descriptions.Item>
              </Descriptions>
              <Typography.Text strong>{t('merge.irreversible')}</Typography.Text>
            </>
          }
        />
      )}
      {problem && <Alert type="error" title={problem} style={{ marginTop: 16 }} />}
    </Modal>
  );
}
