import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  InputNumber,
  Select,
  Spin,
  Switch,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useApi } from '../api/context';
import { dataOf, namePath } from '../api/problem';
import { type Promotion, type PromotionDefinition, usePromotion, useStores } from '../api/queries';
import { MechanicFields } from '../forms/mechanic-fields';
import { NameCodeFields } from '../forms/name-code-fields';
import { UnitNumber } from '../forms/schema-fields';
import { StackingGroupSelect } from '../forms/stacking-group-select';
import { useFormSave } from '../forms/use-form-save';
import { languageOf } from '../i18n';
import { PromotionPreview } from './promotion/PromotionPreview';

type Mechanic = PromotionDefinition['mechanic'];

interface PromotionForm {
  id: string;
  name: string;
  mechanic: Mechanic;
  validity?: [Dayjs | null, Dayjs | null] | null;
  storeIds?: string[];
  holdoutShareBp?: number | null;
  stacking: PromotionDefinition['stacking'];
}

/** The control group's bounds as the API checks them: 0–5 000 basis points, shown as 0–50 %. */
const holdoutSchema = { minimum: 0, maximum: 5000 };

const validityFields = ['validFrom', 'validTo', 'validFromDate', 'validToDate'] as const;

// Validity is one control for four fields of the definition; the rest have the same names.
function fieldOf(pointer: string): (string | number)[] {
  const name = namePath(pointer);
  return validityFields.some((field) => field === name[0]) ? ['validity'] : name;
}

function newId(): string {
  return `promo-${Date.now().toString(36)}`;
}

function formOf(promotion: Promotion): PromotionForm {
  const { definition } = promotion;
  const from = definition.validFromDate ?? definition.validFrom;
  const to = definition.validToDate ?? definition.validTo;
  return {
    id: definition.id,
    name: definition.name,
    mechanic: definition.mechanic,
    validity: from || to ? [from ? dayjs(from) : null, to ? dayjs(to) : null] : null,
    ...(definition.storeIds ? { storeIds: definition.storeIds } : {}),
    holdoutShareBp: definition.holdoutShareBp ?? null,
    stacking: definition.stacking,
  };
}

/** The definition to send: the form's fields over what the form does not show (kept as stored). */
function definitionOf(
  values: PromotionForm,
  stored: PromotionDefinition | undefined,
  validityTouched: boolean,
  status: PromotionDefinition['status'],
): PromotionDefinition {
  const definition: PromotionDefinition = {
    ...stored,
    id: values.id,
    name: values.name,
    status,
    mechanic: values.mechanic,
    stacking: values.stacking,
  };
  if (values.storeIds && values.storeIds.length > 0) definition.storeIds = values.storeIds;
  else delete definition.storeIds;
  if (values.holdoutShareBp) definition.holdoutShareBp = values.holdoutShareBp;
  else delete definition.holdoutShareBp;
  if (validityTouched || !stored) {
    for (const field of validityFields) delete definition[field];
    const [from, to] = values.validity ?? [null, null];
    if (from) definition.validFromDate = from.format('YYYY-MM-DD');
    if (to) definition.validToDate = to.format('YYYY-MM-DD');
  }
  return definition;
}

export default function PromotionEditor() {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const { id } = useParams();
  const creating = id === 'new';
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { client } = useApi();
  const queries = useQueryClient();
  const [form] = Form.useForm<PromotionForm>();
  const stores = useStores();
  const stored = usePromotion(creating ? null : (id ?? null));

  useEffect(() => {
    if (stored.data) form.setFieldsValue(formOf(stored.data));
  }, [stored.data, form]);

  const initialValues = useMemo(
    (): Partial<PromotionForm> => ({
      id: newId(),
      stacking: { groupId: 'default', priority: 10, exclusive: false },
    }),
    [],
  );

  const { save, saving, problem } = useFormSave(
    form,
    async (values, status: PromotionDefinition['status']) => {
      const definition = definitionOf(
        values,
        stored.data?.definition,
        form.isFieldTouched('validity'),
        // A promotion is saved as a draft first and activated apart, as the API's states go.
        status === 'active' ? (stored.data?.status ?? 'draft') : status,
      );
      const saved = creating
        ? dataOf(await client.POST('/v1/promotions', { body: definition }))
        : dataOf(
            await client.PUT('/v1/promotions/{id}', {
              // The revision read: a concurrent edit is refused rather than overwritten.
              params: {
                path: { id: definition.id },
                header: { 'if-match': String(stored.data?.revision ?? '') },
              },
              body: definition,
            }),
          );
      if (status === 'active' && saved.status !== 'active') {
        dataOf(
          await client.POST('/v1/promotions/{id}/status', {
            params: { path: { id: saved.id } },
            body: { status: 'active' },
          }),
        );
      }
      await queries.invalidateQueries({ queryKey: ['promotions'] });
      message.success(t(status === 'active' ? 'editor.activated' : 'editor.saved'));
      navigate('/promotions');
    },
    fieldOf,
  );

  if (!creating && stored.isPending) return <Spin />;
  return (
    <>
      <Flex align="center" gap={12} style={{ marginBottom: 16 }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {creating ? t('editor.newTitle') : t('editor.editTitle')}
        </Typography.Title>
        {stored.data && <Tag>{t(`status.${stored.data.status}`)}</Tag>}
      </Flex>
      {problem && <Alert type="error" title={problem} style={{ marginBottom: 16 }} />}
      <Form<PromotionForm>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        style={{ maxWidth: 760 }}
        scrollToFirstError
      >
        <Card title={t('editor.about')} style={{ marginBottom: 16 }}>
          <NameCodeFields
            creating={creating}
            labels={{ name: t('editor.name'), code: t('editor.id'), codeHint: t('editor.idHint') }}
          />
        </Card>
        <Card title={t('editor.mechanic')} style={{ marginBottom: 16 }}>
          <MechanicFields form={form} language={language} />
        </Card>
        <Card title={t('editor.where')} style={{ marginBottom: 16 }}>
          <Form.Item name="validity" label={t('editor.validity')} extra={t('editor.validityHint')}>
            <DatePicker.RangePicker allowEmpty={[true, true]} />
          </Form.Item>
          <Form.Item name="storeIds" label={t('editor.stores')} extra={t('editor.storesHint')}>
            <Select
              mode="multiple"
              placeholder={t('promotions.allStores')}
              loading={stores.isPending}
              options={(stores.data ?? []).map((store) => ({
                value: store.id,
                label: <span translate="no">{store.name}</span>,
              }))}
            />
          </Form.Item>
          <Form.Item
            name="holdoutShareBp"
            label={t('editor.holdout')}
            extra={t('editor.holdoutHint')}
          >
            <UnitNumber unit="percent-bp" schema={holdoutSchema} />
          </Form.Item>
        </Card>
        <Card title={t('editor.stacking')} style={{ marginBottom: 16 }}>
          <Form.Item
            name={['stacking', 'groupId']}
            label={t('editor.group')}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <StackingGroupSelect />
          </Form.Item>
          <Form.Item
            name={['stacking', 'priority']}
            label={t('editor.priority')}
            extra={t('editor.priorityHint')}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <InputNumber precision={0} />
          </Form.Item>
          <Form.Item
            name={['stacking', 'exclusive']}
            label={t('editor.exclusive')}
            extra={t('editor.exclusiveHint')}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
        </Card>
        <PromotionPreview<PromotionForm>
          toDefinition={(values) =>
            definitionOf(values, stored.data?.definition, form.isFieldTouched('validity'), 'draft')
          }
        />
        <Flex gap={8}>
          <Button onClick={() => save(stored.data?.status ?? 'draft')} loading={saving}>
            {creating ? t('editor.saveDraft') : t('editor.save')}
          </Button>
          {stored.data?.status !== 'active' && (
            <Button type="primary" onClick={() => save('active')} loading={saving}>
              {t('editor.activate')}
            </Button>
          )}
          <Button onClick={() => navigate('/promotions')}>{t('editor.cancel')}</Button>
        </Flex>
      </Form>
    </>
  );
}
