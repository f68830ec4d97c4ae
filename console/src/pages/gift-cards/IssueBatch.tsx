import { DownloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Space,
  Switch,
  Table,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/context';
import type { paths } from '../../api/perk-api';
import { dataOf, namePath } from '../../api/problem';
import { date, money } from '../../format';
import { clearServerErrorsOnChange } from '../../forms/server-errors';
import { UnitNumber } from '../../forms/unit-number';
import { useFormSave } from '../../forms/use-form-save';
import { languageOf } from '../../i18n';
import { batchesKey } from './gift-card-queries';

type Issued = paths['/v1/gift-cards']['post']['responses']['201']['content']['application/json'];

interface BatchForm {
  count: number;
  nominalMinor: number;
  expiresOn?: Dayjs | null;
  activate: boolean;
}

function newBatchId(): string {
  return `console-${Date.now().toString(36)}`;
}

// The expiry is a day in the form and an instant in the API.
function fieldOf(pointer: string): (string | number)[] {
  const name = namePath(pointer);
  return name[0] === 'expiresAt' ? ['expiresOn'] : name;
}

/** The batch's numbers and PINs as CSV, for the printer: the only time they are shown in full. */
function csvOf(batch: Issued): string {
  const lines = batch.cards.map(
    (card) => `${card.number},${card.pin},${card.nominalMinor},${card.expiresAt ?? ''}`,
  );
  return ['number,pin,nominal_minor,expires_at', ...lines].join('\n');
}

/**
 * Issues a batch of cards. The batch keeps its id until it is issued, so a retry of the same
 * form (a lost answer) gets the same cards back rather than a second batch.
 */
export function IssueBatch() {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const { client } = useApi();
  const [form] = Form.useForm<BatchForm>();
  const [batchId, setBatchId] = useState(newBatchId);
  const [issued, setIssued] = useState<Issued | null>(null);
  const queries = useQueryClient();
  const { save, saving, problem } = useFormSave(
    form,
    async (values) => {
      const batch = dataOf(
        await client.POST('/v1/gift-cards', {
          body: {
            batchId,
            count: values.count,
            nominalMinor: values.nominalMinor,
            activate: values.activate,
            ...(values.expiresOn ? { expiresAt: values.expiresOn.endOf('day').toISOString() } : {}),
          },
        }),
      );
      setIssued(batch);
      setBatchId(newBatchId());
      await queries.invalidateQueries({ queryKey: batchesKey });
    },
    fieldOf,
  );
  const download = issued
    ? `data:text/csv;charset=utf-8,${encodeURIComponent(csvOf(issued))}`
    : undefined;
  return (
    <Card title={t('giftCards.issueTitle')} style={{ marginBottom: 24 }}>
      {problem && <Alert type="error" title={problem} style={{ marginBottom: 16 }} />}
      <Form<BatchForm>
        form={form}
        layout="vertical"
        initialValues={{ count: 10, nominalMinor: 100_000, activate: false }}
        onFieldsChange={clearServerErrorsOnChange(form)}
      >
        <Flex gap={16} wrap align="flex-end">
          <Form.Item
            name="count"
            label={t('giftCards.count')}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <UnitNumber schema={{ minimum: 1 }} width={160} />
          </Form.Item>
          <Form.Item
            name="nominalMinor"
            label={t('giftCards.nominal')}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <UnitNumber unit="money-minor" schema={{ minimum: 1 }} />
          </Form.Item>
          <Form.Item
            name="expiresOn"
            label={t('giftCards.expiresOn')}
            extra={t('giftCards.expiresHint')}
          >
            <DatePicker />
          </Form.Item>
          <Form.Item
            name="activate"
            label={t('giftCards.activate')}
            extra={t('giftCards.activateHint')}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
        </Flex>
        <Button type="primary" onClick={() => save()} loading={saving}>
          {t('giftCards.issue')}
        </Button>
      </Form>
      {issued && (
        <Space direction="vertical" style={{ width: '100%', marginTop: 24 }}>
          <Alert type="warning" title={t('giftCards.shownOnce')} />
          <Flex justify="space-between" align="center">
            <Typography.Text>
              {t('giftCards.issued', { count: issued.cards.length, batch: issued.batchId })}
            </Typography.Text>
            <Button icon={<DownloadOutlined />} href={download} download={`${issued.batchId}.csv`}>
              {t('giftCards.downloadCsv')}
            </Button>
          </Flex>
          <Table
            size="small"
            rowKey="number"
            dataSource={issued.cards}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            data-testid="issued-cards"
            columns={[
              {
                title: t('giftCards.number'),
                key: 'number',
                render: (_value, card) => <Typography.Text code>{card.number}</Typography.Text>,
              },
              {
                title: t('giftCards.pin'),
                key: 'pin',
                render: (_value, card) => <Typography.Text code>{card.pin}</Typography.Text>,
              },
              {
                title: t('giftCards.nominal'),
                key: 'nominal',
                align: 'right',
                render: (_value, card) => money(card.nominalMinor, language),
              },
              {
                title: t('giftCards.status'),
                key: 'status',
                render: (_value, card) => t(`giftCards.statuses.${card.status}`),
              },
              {
                title: t('giftCards.expires'),
                key: 'expires',
                render: (_value, card) => (card.expiresAt ? date(card.expiresAt, language) : '—'),
              },
            ]}
          />
        </Space>
      )}
    </Card>
  );
}
