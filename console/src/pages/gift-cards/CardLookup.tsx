import { Alert, Button, Card, Descriptions, Flex, Form, Input, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/context';
import type { components } from '../../api/perk-api';
import { dataOf } from '../../api/problem';
import { date, dateTime, money } from '../../format';
import { clearServerErrorsOnChange } from '../../forms/server-errors';
import { useFormSave } from '../../forms/use-form-save';
import { languageOf } from '../../i18n';

type GiftCard = components['schemas']['GiftCard'];
type Entry = components['schemas']['GiftCardEntry'];

interface LookupForm {
  number: string;
  pin?: string;
}

type Lookup = 'balance' | 'statement';

const statusColors: Record<GiftCard['status'], string> = {
  issued: 'default',
  active: 'green',
  voided: 'red',
};

/**
 * A card looked up: its balance given the number and PIN (as a till asks), or, for the roles
 * that may read it, its whole history by the number alone. Both travel in the body, never the URL.
 */
export function CardLookup({ statement }: { statement: boolean }) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const { client } = useApi();
  const [form] = Form.useForm<LookupForm>();
  const [found, setFound] = useState<{ card: GiftCard; entries: Entry[] | null } | null>(null);
  const { save, saving, problem } = useFormSave(form, async (values, lookup: Lookup) => {
    setFound(null);
    if (lookup === 'statement') {
      setFound(
        dataOf(await client.POST('/v1/gift-cards/statement', { body: { number: values.number } })),
      );
      return;
    }
    const body = { number: values.number, pin: values.pin ?? '' };
    setFound({
      card: dataOf(await client.POST('/v1/gift-cards/balance', { body })),
      entries: null,
    });
  });
  return (
    <Card title={t('giftCards.lookupTitle')}>
      {problem && <Alert type="error" title={problem} style={{ marginBottom: 16 }} />}
      <Form<LookupForm>
        form={form}
        layout="vertical"
        onFieldsChange={clearServerErrorsOnChange(form)}
        autoComplete="off"
      >
        <Flex gap={16} wrap align="flex-end">
          <Form.Item
            name="number"
            label={t('giftCards.number')}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <Input style={{ width: 260 }} maxLength={24} />
          </Form.Item>
          <Form.Item name="pin" label={t('giftCards.pin')}>
            <Input.Password style={{ width: 160 }} maxLength={6} />
          </Form.Item>
        </Flex>
        <Flex gap={8}>
          <Button type="primary" onClick={() => save('balance')} loading={saving}>
            {t('giftCards.checkBalance')}
          </Button>
          {statement && (
            <Button onClick={() => save('statement')} loading={saving}>
              {t('giftCards.showHistory')}
            </Button>
          )}
        </Flex>
      </Form>
      {found && (
        <div style={{ marginTop: 24 }}>
          <Descriptions size="small" column={3} bordered>
            <Descriptions.Item label={t('giftCards.number')}>
              <code>{found.card.maskedNumber}</code>
            </Descriptions.Item>
            <Descriptions.Item label={t('giftCards.status')}>
              <Tag color={statusColors[found.card.status]}>
                {t(`giftCards.statuses.${found.card.status}`)}
              </Tag>
              {found.card.expired && <Tag color="red">{t('giftCards.expired')}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('giftCards.expires')}>
              {found.card.expiresAt ? date(found.card.expiresAt, language) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('giftCards.nominal')}>
              {money(found.card.nominalMinor, language)}
            </Descriptions.Item>
            <Descriptions.Item label={t('giftCards.balance')}>
              <span data-testid="gift-card-balance">
                {money(found.card.balanceMinor, language)}
              </span>
            </Descriptions.Item>
          </Descriptions>
          {found.entries && (
            <Table<Entry>
              size="small"
              style={{ marginTop: 16 }}
              rowKey={(entry) => `${entry.effectiveAt}:${entry.kind}:${entry.balanceAfterMinor}`}
              dataSource={found.entries}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              columns={[
                {
                  title: t('giftCards.when'),
                  key: 'when',
                  render: (_value, entry) => dateTime(entry.effectiveAt, language),
                },
                {
                  title: t('giftCards.entry'),
                  key: 'kind',
                  render: (_value, entry) => t(`giftCards.entries.${entry.kind}`),
                },
                {
                  title: t('giftCards.amount'),
                  key: 'amount',
                  align: 'right',
                  render: (_value, entry) => money(entry.amountMinor, language),
                },
                {
                  title: t('giftCards.balanceAfter'),
                  key: 'after',
                  align: 'right',
                  render: (_value, entry) => money(entry.balanceAfterMinor, language),
                },
              ]}
            />
          )}
        </div>
      )}
    </Card>
  );
}
