import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  type FormInstance,
  Input,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/context';
import { dataOf } from '../../api/problem';
import { clearServerErrorsOnChange } from '../../forms/server-errors';
import { UnitNumber } from '../../forms/unit-number';
import { useFormSave } from '../../forms/use-form-save';
import { languageOf } from '../../i18n';
import {
  type DefaultName,
  fieldOf,
  type Ladder,
  maxModels,
  modelTemplate,
  renamedDefaults,
  requestOf,
  type SimulationForm,
} from './simulation-form';
import { simulationsKey } from './simulation-queries';

const percent = { minimum: 0, maximum: 10_000 };
// A scenario may take a quantity away whole or at most triple it (the server's bounds).
const change = { minimum: -10_000, maximum: 20_000 };
const cell = { style: { margin: 0 } };

/**
 * The simulation to run: the months replayed, the margin, 1–4 candidate programmes and three
 * scenarios. `initial` holds the models and scenarios to start from, `defaults` the names the
 * console gave them (which follow the language until the operator edits them); `onStarted` gets
 * the run.
 */
export function SimulationEditor({
  initial,
  defaults,
  onStarted,
}: {
  initial: Pick<SimulationForm, 'models' | 'scenarios'>;
  defaults: DefaultName[];
  onStarted: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const { client } = useApi();
  const queries = useQueryClient();
  const [form] = Form.useForm<SimulationForm>();
  const { save, saving, problem } = useFormSave(
    form,
    async (values) => {
      const run = dataOf(
        await client.POST('/v1/analytics/simulations', { body: requestOf(values) }),
      );
      await queries.invalidateQueries({ queryKey: simulationsKey });
      onStarted(run.id);
    },
    fieldOf,
  );
  const namedIn = useRef(language);
  useEffect(() => {
    if (namedIn.current === language) return;
    namedIn.current = language;
    const values = form.getFieldsValue(['models', 'scenarios']) as Pick<
      SimulationForm,
      'models' | 'scenarios'
    >;
    form.setFieldsValue(renamedDefaults(values, defaults, language));
  }, [language, defaults, form]);
  return (
    <Card data-testid="simulation-editor">
      <Typography.Paragraph type="secondary">{t('simulator.intro')}</Typography.Paragraph>
      {problem && <Alert type="error" title={problem} style={{ marginBottom: 16 }} />}
      <Form<SimulationForm>
        name="simulation"
        form={form}
        layout="vertical"
        onFieldsChange={clearServerErrorsOnChange(form)}
        scrollToFirstError
        initialValues={{
          // The last twelve months, this one included.
          period: [dayjs().subtract(11, 'month').startOf('month'), dayjs().startOf('month')],
          grossMarginBp: 3_000,
          ...initial,
        }}
      >
        <Flex gap={16} wrap>
          <Form.Item
            name="period"
            label={t('simulator.period')}
            extra={t('simulator.periodHint')}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <DatePicker.RangePicker picker="month" allowClear={false} />
          </Form.Item>
          <Form.Item
            name="grossMarginBp"
            label={t('simulator.grossMargin')}
            extra={t('simulator.grossMarginHint')}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <UnitNumber unit="percent-bp" schema={percent} />
          </Form.Item>
        </Flex>
        <Form.List name="models">
          {(models, { add, remove }) => (
            <>
              {models.map((model, index) => (
                <ModelCard
                  key={model.key}
                  form={form}
                  index={index}
                  name={model.name}
                  onRemove={models.length > 1 ? () => remove(model.name) : undefined}
                />
              ))}
              <Space wrap style={{ marginBottom: 16 }}>
                {(['discount', 'bonus'] as Ladder[]).map((ladder) => (
                  <Button
                    key={ladder}
                    icon={<PlusOutlined />}
                    disabled={models.length >= maxModels}
                    onClick={() => add(modelTemplate(ladder, t))}
                  >
                    {t(`simulator.add.${ladder}`)}
                  </Button>
                ))}
                <Typography.Text type="secondary">
                  {t('simulator.modelsLimit', { max: maxModels })}
                </Typography.Text>
              </Space>
            </>
          )}
        </Form.List>
        <ScenariosTable />
        <Button type="primary" onClick={() => save()} loading={saving}>
          {t('simulator.start')}
        </Button>
      </Form>
    </Card>
  );
}

/** One candidate programme: how tiers are earned, the ladder, and how points are paid out. */
function ModelCard({
  form,
  index,
  name,
  onRemove,
}: {
  form: FormInstance<SimulationForm>;
  index: number;
  name: number;
  onRemove: (() => void) | undefined;
}) {
  const { t } = useTranslation();
  const metric = Form.useWatch(['models', name, 'tierProgram', 'metric'], form);
  const periodKind = Form.useWatch(['models', name, 'tierProgram', 'period', 'kind'], form);
  const threshold =
    metric === 'purchase_count'
      ? { unit: 'pieces' as const, label: t('tiers.thresholdPurchases') }
      : { unit: 'money-minor' as const, label: t('tiers.thresholdMoney') };
  return (
    <Card
      size="small"
      title={t('simulator.modelNumber', { number: index + 1 })}
      data-testid={`simulation-model-${index}`}
      style={{ marginBottom: 16 }}
      extra={
        onRemove && (
          <Button
            size="small"
            icon={<DeleteOutlined />}
            aria-label={t('form.remove')}
            onClick={onRemove}
          />
        )
      }
    >
      <Flex gap={16} wrap>
        <Form.Item
          name={[name, 'name']}
          label={t('simulator.modelName')}
          rules={[{ required: true, whitespace: true, message: t('form.required') }]}
        >
          <Input style={{ width: 240 }} maxLength={100} translate="no" />
        </Form.Item>
        <Form.Item name={[name, 'tierProgram', 'metric']} label={t('simulator.metric')}>
          <Select
            style={{ width: 220 }}
            options={['spent_minor', 'purchase_count'].map((value) => ({
              value,
              label: t(`tiers.metrics.${value}`),
            }))}
          />
        </Form.Item>
        <Form.Item name={[name, 'tierProgram', 'period', 'kind']} label={t('simulator.tierPeriod')}>
          <Select
            style={{ width: 220 }}
            options={['rolling_days', 'calendar_year', 'all_time'].map((value) => ({
              value,
              label: t(`tiers.periods.${value}`),
            }))}
            onChange={(kind: string) =>
              form.setFieldValue(
                ['models', name, 'tierProgram', 'period'],
                kind === 'rolling_days' ? { kind, days: 365 } : { kind },
              )
            }
          />
        </Form.Item>
        {periodKind === 'rolling_days' && (
          <Form.Item name={[name, 'tierProgram', 'period', 'days']} label={t('tiers.periodDays')}>
            <UnitNumber unit="days" schema={{ minimum: 1, maximum: 3660 }} />
          </Form.Item>
        )}
      </Flex>
      <Form.List name={[name, 'tierProgram', 'tiers']}>
        {(rows, { add, remove }) => (
          <>
            <Table
              size="small"
              pagination={false}
              rowKey="key"
              dataSource={rows}
              style={{ marginBottom: 8 }}
              data-testid={`simulation-tiers-${index}`}
              columns={[
                {
                  title: t('simulator.tier'),
                  key: 'title',
                  render: (_value, row) => (
                    <Form.Item
                      {...cell}
                      name={[row.name, 'title']}
                      rules={[{ required: true, whitespace: true, message: t('form.required') }]}
                    >
                      <Input style={{ width: 140 }} maxLength={100} translate="no" />
                    </Form.Item>
                  ),
                },
                {
                  title: threshold.label,
                  key: 'threshold',
                  render: (_value, row) => (
                    <Form.Item
                      {...cell}
                      name={[row.name, 'threshold']}
                      rules={[{ required: true, message: t('form.required') }]}
                    >
                      <UnitNumber unit={threshold.unit} schema={{ minimum: 0 }} width={150} />
                    </Form.Item>
                  ),
                },
                {
                  title: t('tiers.discount'),
                  key: 'discountBp',
                  render: (_value, row) => (
                    <Form.Item {...cell} name={[row.name, 'discountBp']}>
                      <UnitNumber
                        unit="percent-bp"
                        schema={{ minimum: 1, maximum: 10_000 }}
                        width={110}
                      />
                    </Form.Item>
                  ),
                },
                {
                  title: t('tiers.accrual'),
                  key: 'accrualRateBp',
                  render: (_value, row) => (
                    <Form.Item {...cell} name={[row.name, 'accrualRateBp']}>
                      <UnitNumber unit="percent-bp" schema={percent} width={110} />
                    </Form.Item>
                  ),
                },
                {
                  title: t('simulator.tierShare'),
                  key: 'maxRedemptionShareBp',
                  render: (_value, row) => (
                    <Form.Item {...cell} name={[row.name, 'maxRedemptionShareBp']}>
                      <UnitNumber unit="percent-bp" schema={percent} width={110} />
                    </Form.Item>
                  ),
                },
                {
                  title: t('tiers.welcome'),
                  key: 'welcomeBonusPoints',
                  render: (_value, row) => (
                    <Form.Item {...cell} name={[row.name, 'welcomeBonusPoints']}>
                      <UnitNumber unit="points" schema={{ minimum: 0 }} width={110} />
                    </Form.Item>
                  ),
                },
                {
                  key: 'remove',
                  render: (_value, row) => (
                    <Button
                      size="small"
                      icon={<DeleteOutlined />}
                      aria-label={t('form.remove')}
                      disabled={rows.length === 1}
                      onClick={() => remove(row.name)}
                    />
                  ),
                },
              ]}
            />
            <Button
              size="small"
              icon={<PlusOutlined />}
              onClick={() => add({ title: '', threshold: null })}
              style={{ marginBottom: 16 }}
            >
              {t('tiers.addLevel')}
            </Button>
          </>
        )}
      </Form.List>
      <Typography.Paragraph type="secondary">{t('simulator.tiersHint')}</Typography.Paragraph>
      <Flex gap={16} wrap>
        <Form.Item
          name={[name, 'settings', 'maxRedemptionShareBp']}
          label={t('simulator.maxShare')}
          extra={t('simulator.maxShareHint')}
        >
          <UnitNumber unit="percent-bp" schema={percent} />
        </Form.Item>
        <Form.Item
          name={[name, 'settings', 'expiry', 'count']}
          label={t('simulator.expiryMonths')}
          extra={t('simulator.expiryHint')}
        >
          <UnitNumber schema={{ minimum: 1, maximum: 1200 }} width={160} />
        </Form.Item>
        <Form.Item
          name={[name, 'welcomeBonusPoints']}
          label={t('simulator.welcomeBonus')}
          extra={t('simulator.welcomeBonusHint')}
        >
          <UnitNumber unit="points" schema={{ minimum: 0 }} width={160} />
        </Form.Item>
        <Form.Item
          name={[name, 'redeemersShareBp']}
          label={t('simulator.redeemers')}
          extra={t('simulator.redeemersHint')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <UnitNumber unit="percent-bp" schema={percent} />
        </Form.Item>
      </Flex>
    </Card>
  );
}

/** The three scenarios: what the programme changes in new customers, frequency and checks. */
function ScenariosTable() {
  const { t } = useTranslation();
  const changeField = (row: { name: number }, key: string) => (
    <Form.Item
      {...cell}
      name={[row.name, key]}
      rules={[{ required: true, message: t('form.required') }]}
    >
      <UnitNumber unit="percent-bp" schema={change} width={140} />
    </Form.Item>
  );
  return (
    <Card size="small" title={t('simulator.scenariosTitle')} style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">{t('simulator.scenariosHint')}</Typography.Paragraph>
      <Form.List name="scenarios">
        {(rows) => (
          <Table
            size="small"
            pagination={false}
            rowKey="key"
            dataSource={rows}
            data-testid="simulation-scenarios"
            columns={[
              {
                title: t('simulator.scenario'),
                key: 'name',
                render: (_value, row) => (
                  <Form.Item
                    {...cell}
                    name={[row.name, 'name']}
                    rules={[{ required: true, whitespace: true, message: t('form.required') }]}
                  >
                    <Input style={{ width: 200 }} maxLength={100} translate="no" />
                  </Form.Item>
                ),
              },
              {
                title: t('simulator.newCustomers'),
                key: 'newCustomersBp',
                render: (_value, row) => changeField(row, 'newCustomersBp'),
              },
              {
                title: t('simulator.frequency'),
                key: 'frequencyBp',
                render: (_value, row) => changeField(row, 'frequencyBp'),
              },
              {
                title: t('simulator.averageCheck'),
                key: 'averageCheckBp',
                render: (_value, row) => changeField(row, 'averageCheckBp'),
              },
            ]}
          />
        )}
      </Form.List>
    </Card>
  );
}
