import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Select,
  Spin,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useApi } from '../api/context';
import { dataOf } from '../api/problem';
import { type Promotion, type PromotionDefinition, usePromotion } from '../api/queries';
import { MechanicFields } from '../forms/mechanic-fields';
import { NameCodeFields } from '../forms/name-code-fields';
import { showServerWarnings } from '../forms/server-warnings';
import { StackingGroupSelect } from '../forms/stacking-group-select';
import { StoreSelect } from '../forms/store-select';
import { UnitNumber } from '../forms/unit-number';
import { useFormSave } from '../forms/use-form-save';
import { languageOf } from '../i18n';
import { AudienceFields } from './promotion/AudienceFields';
import { ConditionsFields } from './promotion/ConditionsFields';
import { LimitsFields } from './promotion/LimitsFields';
import { PromotionPreview } from './promotion/PromotionPreview';
import {
  definitionOf,
  fieldOf,
  formOf,
  newPromotionForm,
  type PromotionForm,
} from './promotion/promotion-form';
import { ScheduleFields } from './promotion/ScheduleFields';
import { StackingModeText } from './promotion/StackingModeText';

type Channel = NonNullable<PromotionDefinition['channels']>[number];

// Every channel a store may have (the API's channel list); empty means all of them.
const channels: Channel[] = ['pos', 'web', 'app'];

/** The control group's bounds as the API checks them: 0–5 000 basis points, shown as 0–50 %. */
const holdoutSchema = { minimum: 0, maximum: 5000 };

export default function PromotionEditor() {
  const { id } = useParams();
  const creating = id === 'new';
  const stored = usePromotion(creating ? null : (id ?? null));
  if (!creating && stored.isPending) return <Spin />;
  // Another promotion opened is another form.
  return <Editor key={id} creating={creating} stored={stored.data} />;
}

/** The editor's form, opened with the promotion as read (`stored`), or empty when creating. */
function Editor({ creating, stored }: { creating: boolean; stored: Promotion | undefined }) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { client } = useApi();
  const queries = useQueryClient();
  const [form] = Form.useForm<PromotionForm>();
  // Warnings no field of the form draws (shown above it).
  const [unplacedWarnings, setUnplacedWarnings] = useState<string[]>([]);

  // The form opens filled, in one render; a later read (after a save) fills it again.
  const [opened] = useState(stored);
  const initialValues = useMemo(() => (opened ? formOf(opened) : newPromotionForm()), [opened]);
  useEffect(() => {
    if (stored && stored !== opened) form.setFieldsValue(formOf(stored));
  }, [stored, opened, form]);

  // What the promotion names that matches nothing shows at its field, on opening and after a
  // save, in the language chosen (a new language redraws the words, not the operator's edits).
  useEffect(() => {
    if (!stored) return;
    const unplaced = showServerWarnings(form, stored.warnings ?? [], stored.definition, t, fieldOf);
    setUnplacedWarnings((shown) =>
      shown.length === unplaced.length && shown.every((text, i) => text === unplaced[i])
        ? shown
        : unplaced,
    );
  }, [stored, form, t]);

  const { save, saving, problem } = useFormSave(
    form,
    async (values, status: PromotionDefinition['status']) => {
      const definition = definitionOf(
        values,
        stored?.definition,
        form.isFieldTouched('validity'),
        // A promotion is saved as a draft first and activated apart, as the API's states go.
        status === 'active' ? (stored?.status ?? 'draft') : status,
      );
      const saved = creating
        ? dataOf(await client.POST('/v1/promotions', { body: definition }))
        : dataOf(
            await client.PUT('/v1/promotions/{id}', {
              // The revision read: a concurrent edit is refused rather than overwritten.
              params: {
                path: { id: definition.id },
                header: { 'if-match': String(stored?.revision ?? '') },
              },
              body: definition,
            }),
          );
      const last =
        status === 'active' && saved.status !== 'active'
          ? dataOf(
              await client.POST('/v1/promotions/{id}/status', {
                params: { path: { id: saved.id } },
                body: { status: 'active' },
              }),
            )
          : saved;
      await queries.invalidateQueries({ queryKey: ['promotions'] });
      if ((last.warnings ?? []).length > 0) {
        // Saved, but what it names matches nothing: the editor stays open with the warnings at
        // their fields (the promotion, read again, carries them).
        message.warning(t('editor.savedWithWarnings'));
        if (creating) navigate(`/promotions/${encodeURIComponent(saved.id)}`, { replace: true });
        return;
      }
      // "Started" only when this save started it; an active promotion saved again is "saved".
      message.success(t(last !== saved ? 'editor.activated' : 'editor.saved'));
      navigate('/promotions');
    },
    fieldOf,
  );

  return (
    <>
      <Flex align="center" gap={12} style={{ marginBottom: 16 }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {creating ? t('editor.newTitle') : t('editor.editTitle')}
        </Typography.Title>
        {stored && <Tag>{t(`status.${stored.status}`)}</Tag>}
      </Flex>
      {problem && <Alert type="error" title={problem} style={{ marginBottom: 16 }} />}
      {unplacedWarnings.length > 0 && (
        <Alert
          type="warning"
          title={t('editor.warningsTitle')}
          description={unplacedWarnings.join('; ')}
          style={{ marginBottom: 16 }}
        />
      )}
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
          <ScheduleFields language={language} />
          <Form.Item
            name="channels"
            label={t('promotionForm.channels')}
            extra={t('promotionForm.channelsHint')}
          >
            <Select
              mode="multiple"
              allowClear
              placeholder={t('promotionForm.allChannels')}
              style={{ maxWidth: 560 }}
              options={channels.map((channel) => ({
                value: channel,
                label: t(`promotionForm.channelNames.${channel}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="storeIds" label={t('editor.stores')} extra={t('editor.storesHint')}>
            <StoreSelect mode="multiple" placeholder={t('promotions.allStores')} />
          </Form.Item>
          <Form.Item
            name="holdoutShareBp"
            label={t('editor.holdout')}
            extra={t('editor.holdoutHint')}
          >
            <UnitNumber unit="percent-bp" schema={holdoutSchema} />
          </Form.Item>
        </Card>
        <Card title={t('promotionForm.audience')} style={{ marginBottom: 16 }}>
          <AudienceFields language={language} />
        </Card>
        <Card title={t('promotionForm.conditions')} style={{ marginBottom: 16 }}>
          <ConditionsFields language={language} />
        </Card>
        <Card title={t('promotionForm.limitsTitle')} style={{ marginBottom: 16 }}>
          <LimitsFields />
        </Card>
        <Card title={t('editor.stacking')} style={{ marginBottom: 16 }}>
          <Form.Item
            name={['stacking', 'groupId']}
            label={t('editor.group')}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <StackingGroupSelect />
          </Form.Item>
          <StackingModeText />
          <Form.Item
            name={['stacking', 'priority']}
            label={t('editor.priority')}
            extra={t('editor.priorityHint')}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <UnitNumber width={160} />
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
            definitionOf(values, stored?.definition, form.isFieldTouched('validity'), 'draft')
          }
        />
        <Flex gap={8}>
          <Button onClick={() => save(stored?.status ?? 'draft')} loading={saving}>
            {creating ? t('editor.saveDraft') : t('editor.save')}
          </Button>
          {stored?.status !== 'active' && (
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
