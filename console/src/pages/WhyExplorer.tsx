import { useMutation } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Input,
  List,
  Segmented,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/context';
import { dataOf } from '../api/problem';
import type { CartCalculation, CartRequest } from '../api/queries';
import { CartLines } from '../components/CartLines';
import { ReceiptLines } from '../components/ReceiptLines';
import { datePattern, money } from '../format';
import { showServerErrors } from '../forms/server-errors';
import { StoreSelect } from '../forms/store-select';
import { languageOf } from '../i18n';

type Identifier = 'phone' | 'card' | 'email';

interface CartForm {
  storeId: string;
  identifier: Identifier;
  customer?: string;
  at?: Dayjs | null;
  lines: { sku: string; unitPriceMinor: number; quantity: number }[];
}

type Explanation = CartCalculation['explanations'][number];

// The form names a cart line's fields as the API does; the rest of the cart is drawn otherwise.
function fieldOf(pointer: string): (string | number)[] | null {
  const line = /^\/lines\/(\d+)\/(\w+)/.exec(pointer);
  if (line) return ['lines', Number(line[1]), line[2] ?? 'sku'];
  if (pointer.startsWith('/customer')) return ['customer'];
  if (pointer === '/storeId') return ['storeId'];
  if (pointer === '/at') return ['at'];
  return null;
}

function requestOf(values: CartForm): CartRequest {
  const customer = values.customer?.trim();
  return {
    storeId: values.storeId,
    explain: 'ruleset',
    // A time the operator picks is asked as a what-if: it may lie ahead ("on 15 February"),
    // which a till's calculation refuses.
    ...(values.at ? { at: values.at.toISOString(), whatIf: true } : {}),
    ...(customer ? { customer: { [values.identifier]: customer } } : {}),
    lines: values.lines.map((line, index) => ({
      lineId: String(index + 1),
      sku: line.sku,
      unitPriceMinor: line.unitPriceMinor,
      quantity: line.quantity,
    })),
  };
}

/** A cart, and what every promotion made of it and why: support's answer to "why no discount?". */
export default function WhyExplorer() {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const { client } = useApi();
  const [form] = Form.useForm<CartForm>();
  const [problem, setProblem] = useState<string | null>(null);
  const calculate = useMutation({
    mutationFn: async (body: CartRequest) =>
      dataOf(await client.POST('/v1/carts/calculate', { body })),
    onError: (error) => setProblem(showServerErrors(form, error, t, fieldOf)),
  });
  const result = calculate.data;
  const at = Form.useWatch('at', form);

  return (
    <>
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('why.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('why.lead')}</Typography.Paragraph>
      <Card style={{ marginBottom: 16 }}>
        <Form<CartForm>
          form={form}
          layout="vertical"
          initialValues={{ identifier: 'phone', lines: [{ quantity: 1 }] }}
          onFinish={(values) => {
            setProblem(null);
            calculate.mutate(requestOf(values));
          }}
        >
          <Flex gap={16} wrap>
            <Form.Item
              name="storeId"
              label={t('why.store')}
              rules={[{ required: true, message: t('form.required') }]}
              style={{ minWidth: 260 }}
            >
              <StoreSelect />
            </Form.Item>
            <Form.Item label={t('why.customer')} extra={t('why.customerHint')}>
              <Space.Compact>
                <Form.Item name="identifier" noStyle>
                  <Select
                    style={{ width: 130 }}
                    options={(['phone', 'card', 'email'] as const).map((kind) => ({
                      value: kind,
                      label: t(`why.identifiers.${kind}`),
                    }))}
                  />
                </Form.Item>
                <Form.Item name="customer" noStyle>
                  <Input style={{ width: 220 }} />
                </Form.Item>
              </Space.Compact>
            </Form.Item>
            <Form.Item
              name="at"
              label={t('why.at')}
              extra={
                at ? <span data-testid="why-what-if">{t('why.whatIfNote')}</span> : t('why.atHint')
              }
              style={{ maxWidth: 320 }}
            >
              <DatePicker
                showTime={{ format: 'HH:mm' }}
                format={`${datePattern(language)} HH:mm`}
              />
            </Form.Item>
          </Flex>
          <CartLines required={true} />
          <div style={{ marginTop: 16 }}>
            <Button type="primary" htmlType="submit" loading={calculate.isPending}>
              {t('why.calculate')}
            </Button>
          </div>
        </Form>
      </Card>
      {problem && <Alert type="error" title={problem} style={{ marginBottom: 16 }} />}
      {result && <Outcome result={result} language={language} />}
    </>
  );
}

type Shown = 'all' | 'applied' | 'notApplied';

// Refusals met before the cart is looked at: the promotion runs elsewhere or at another time.
// Listed after the refusals that concern this cart, which say what to change to get them.
const offCheck = new Set([
  'not_active',
  'outside_validity',
  'outside_schedule',
  'wrong_channel',
  'wrong_store',
]);
const rank = (item: Explanation) => (item.applied ? 0 : offCheck.has(item.code) ? 2 : 1);

function Outcome({ result, language }: { result: CartCalculation; language: 'ru' | 'en' }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState<Shown>('all');
  const names = new Map(result.explanations.map((item) => [item.promotionId, item.name]));
  // The server answers for every active promotion (explain: 'ruleset'), in application order.
  const sorted = [...result.explanations].sort((a, b) => rank(a) - rank(b));
  const applied = sorted.filter((item) => item.applied).length;
  const explanations = sorted.filter(
    (item) => shown === 'all' || (shown === 'applied') === item.applied,
  );
  return (
    <>
      <Card
        title={t('why.receipt')}
        extra={result.whatIf && <Tag color="blue">{t('why.whatIf')}</Tag>}
        style={{ marginBottom: 16 }}
      >
        <ReceiptLines
          lines={result.lines}
          extraColumns={[
            {
              title: t('why.promotions'),
              key: 'promotions',
              render: (_value, line) => (
                <span translate="no">
                  {line.promotions
                    .map((item) => names.get(item.promotionId) ?? item.promotionId)
                    .join(', ')}
                </span>
              ),
            },
          ]}
        />
        <Descriptions column={4} style={{ marginTop: 16 }} size="small">
          <Descriptions.Item label={t('why.subtotal')}>
            {money(result.subtotalMinor, language)}
          </Descriptions.Item>
          <Descriptions.Item label={t('why.discount')}>
            {money(result.discountMinor, language)}
          </Descriptions.Item>
          <Descriptions.Item label={t('why.total')}>
            <strong data-testid="why-total" data-total-minor={result.totalMinor}>
              {money(result.totalMinor, language)}
            </strong>
          </Descriptions.Item>
          <Descriptions.Item label={t('why.points')}>{result.bonusPoints}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card
        title={t('why.explanations')}
        extra={
          <Segmented<Shown>
            value={shown}
            onChange={setShown}
            options={[
              { value: 'all', label: t('why.filterAll', { count: sorted.length }) },
              { value: 'applied', label: t('why.filterApplied', { count: applied }) },
              {
                value: 'notApplied',
                label: t('why.filterNotApplied', { count: sorted.length - applied }),
              },
            ]}
          />
        }
      >
        <List<Explanation>
          dataSource={explanations}
          pagination={explanations.length > 25 ? { pageSize: 25, showSizeChanger: false } : false}
          renderItem={(item) => (
            <List.Item data-promotion={item.promotionId} data-applied={String(item.applied)}>
              <List.Item.Meta
                title={
                  <Space>
                    <Tag color={item.applied ? 'green' : 'default'}>
                      {item.applied ? t('why.applied') : t('why.notApplied')}
                    </Tag>
                    <span translate="no">{item.name}</span>
                    {item.discountMinor > 0 && <span>−{money(item.discountMinor, language)}</span>}
                    {item.points > 0 && (
                      <span>+{t('why.pointsCount', { count: item.points })}</span>
                    )}
                  </Space>
                }
                description={
                  <>
                    <div>{item.text[language]}</div>
                    {item.notes.map((note) => (
                      <div key={`${note.code}-${note.lineIds.join()}`}>{note.text[language]}</div>
                    ))}
                    {item.hint && <div>{item.hint.text[language]}</div>}
                  </>
                }
              />
            </List.Item>
          )}
        />
      </Card>
    </>
  );
}
