import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Checkbox, DatePicker, Flex, Form, Input, Modal, Select, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/context';
import { type Customer, customerKey } from '../../api/customers';
import type { components } from '../../api/perk-api';
import { dataOf } from '../../api/problem';
import { showServerErrors } from '../../forms/server-errors';
import { UnitNumber } from '../../forms/unit-number';
import { languageOf } from '../../i18n';
import { type CustomField, useCustomFields } from './queries';

type ProfilePatch = components['schemas']['ProfilePatch'];
type FieldValue = string | number | boolean;
type Consent = 'sms' | 'email' | 'push';
const consentKinds: readonly Consent[] = ['sms', 'email', 'push'];

interface ProfileForm {
  lastName?: string;
  firstName?: string;
  middleName?: string;
  gender?: 'male' | 'female' | null;
  birthDate?: Dayjs | null;
  city?: string;
  consents: Record<Consent, boolean>;
  specialCategories: string[];
  customFields: Record<string, FieldValue | Dayjs | null | undefined>;
}

const dayFormat = 'YYYY-MM-DD';

function formOf(customer: Customer, fields: readonly CustomField[]): ProfileForm {
  const custom: ProfileForm['customFields'] = {};
  for (const field of fields) {
    const value = customer.customFields[field.key];
    custom[field.key] =
      field.type === 'date' && typeof value === 'string' ? dayjs(value, dayFormat) : value;
  }
  return {
    lastName: customer.lastName ?? '',
    firstName: customer.firstName ?? '',
    middleName: customer.middleName ?? '',
    gender: customer.gender,
    birthDate: customer.birthDate ? dayjs(customer.birthDate, dayFormat) : null,
    city: customer.city ?? '',
    consents: {
      sms: customer.consents.sms ?? false,
      email: customer.consents.email ?? false,
      push: customer.consents.push ?? false,
    },
    specialCategories: customer.specialCategories,
    customFields: custom,
  };
}

const text = (value: string | undefined) => value?.trim() || null;

/**
 * Only what changed goes to the server (PATCH: absent stays, null clears), so the audit log shows
 * the edit itself rather than every field written again.
 */
function patchOf(customer: Customer, values: ProfileForm, fields: readonly CustomField[]) {
  const patch: ProfilePatch = {};
  for (const key of ['lastName', 'firstName', 'middleName', 'city'] as const) {
    const value = text(values[key]);
    if (value !== customer[key]) patch[key] = value;
  }
  const gender = values.gender ?? null;
  if (gender !== customer.gender) patch.gender = gender;
  const birthDate = values.birthDate ? values.birthDate.format(dayFormat) : null;
  if (birthDate !== customer.birthDate) patch.birthDate = birthDate;
  const consents: NonNullable<ProfilePatch['consents']> = {};
  for (const kind of consentKinds) {
    if (values.consents[kind] !== (customer.consents[kind] ?? false)) {
      consents[kind] = values.consents[kind];
    }
  }
  if (Object.keys(consents).length > 0) patch.consents = consents;
  const categories = values.specialCategories.map((item) => item.trim()).filter(Boolean);
  if (categories.join('\n') !== customer.specialCategories.join('\n')) {
    patch.specialCategories = categories;
  }
  const custom: Record<string, FieldValue | null> = {};
  for (const field of fields) {
    const raw = values.customFields[field.key];
    const value = dayjs.isDayjs(raw)
      ? raw.format(dayFormat)
      : typeof raw === 'string'
        ? raw.trim() || null
        : (raw ?? null);
    if (value !== (customer.customFields[field.key] ?? null)) custom[field.key] = value;
  }
  if (Object.keys(custom).length > 0) patch.customFields = custom;
  return patch;
}

function CustomFieldInput({ field, ...props }: { field: CustomField }) {
  if (field.type === 'integer') return <UnitNumber {...props} />;
  if (field.type === 'boolean') return <Switch {...props} />;
  if (field.type === 'date') return <DatePicker format="DD.MM.YYYY" {...props} />;
  return <Input maxLength={200} {...props} />;
}

/** Support's edit of a profile: names, gender, birth date, city, consents and custom fields. */
export function EditProfileModal({
  customer,
  open,
  onClose,
}: {
  customer: Customer;
  open: boolean;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const { client } = useApi();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const fields = useCustomFields();
  const [form] = Form.useForm<ProfileForm>();
  const [problem, setProblem] = useState<string | null>(null);
  const defined = fields.data ?? [];

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(formOf(customer, fields.data ?? []));
      setProblem(null);
    }
  }, [open, customer, fields.data, form]);

  const save = useMutation({
    mutationFn: async (patch: ProfilePatch) =>
      dataOf(
        await client.PATCH('/v1/customers/{id}', {
          params: { path: { id: customer.id } },
          body: patch,
        }),
      ),
    onSuccess: async () => {
      message.success(t('customerPage.profileSaved'));
      await queries.invalidateQueries({ queryKey: customerKey(customer.id) });
      await queries.invalidateQueries({ queryKey: ['customers'] });
      onClose();
    },
    onError: (error) => setProblem(showServerErrors(form, error, t)),
  });

  return (
    <Modal
      title={t('customerPage.editProfile')}
      open={open}
      width={640}
      okText={t('customerPage.saveProfile')}
      cancelText={t('editor.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
    >
      {problem && <Alert type="error" title={problem} style={{ marginBottom: 16 }} />}
      <Form<ProfileForm>
        form={form}
        layout="vertical"
        onFinish={(values) => {
          setProblem(null);
          const patch = patchOf(customer, values, defined);
          if (Object.keys(patch).length === 0) {
            onClose();
            return;
          }
          save.mutate(patch);
        }}
      >
        <Flex gap={12} wrap>
          <Form.Item name="lastName" label={t('customerPage.lastName')} style={{ flex: 1 }}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="firstName" label={t('customerPage.firstName')} style={{ flex: 1 }}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="middleName" label={t('customerPage.middleName')} style={{ flex: 1 }}>
            <Input maxLength={100} />
          </Form.Item>
        </Flex>
        <Flex gap={12} wrap>
          <Form.Item name="gender" label={t('customer.gender')} style={{ minWidth: 160 }}>
            <Select
              allowClear
              options={(['male', 'female'] as const).map((gender) => ({
                value: gender,
                label: t(`genders.${gender}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="birthDate" label={t('customer.birthDate')}>
            <DatePicker format={language === 'ru' ? 'DD.MM.YYYY' : 'D MMM YYYY'} />
          </Form.Item>
          <Form.Item name="city" label={t('customers.city')} style={{ flex: 1, minWidth: 160 }}>
            <Input maxLength={100} />
          </Form.Item>
        </Flex>
        <Form.Item label={t('customer.consents')}>
          <Flex gap={16}>
            {consentKinds.map((kind) => (
              <Form.Item key={kind} name={['consents', kind]} valuePropName="checked" noStyle>
                <Checkbox>{t(`consents.${kind}`)}</Checkbox>
              </Form.Item>
            ))}
          </Flex>
        </Form.Item>
        <Form.Item
          name="specialCategories"
          label={t('customer.specialCategories')}
          extra={t('customerPage.specialCategoriesHint')}
        >
          <Select mode="tags" open={false} suffixIcon={null} />
        </Form.Item>
        {defined.map((field) => (
          <Form.Item
            key={field.key}
            name={['customFields', field.key]}
            label={language === 'ru' ? field.titleRu : field.titleEn}
            valuePropName={field.type === 'boolean' ? 'checked' : 'value'}
          >
            <CustomFieldInput field={field} />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}
