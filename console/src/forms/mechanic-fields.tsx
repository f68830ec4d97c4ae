import { Form, type FormInstance, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMechanics } from '../api/queries';
import type { Language } from '../i18n';
import { type FieldSchema, initialValue, ObjectFields } from './schema-fields';

/**
 * What a promotion gives, as the form field `mechanic`: the mechanic chosen from the server's
 * list, then its arguments drawn from the mechanic's own schema. Choosing another mechanic starts
 * its arguments from their initial values.
 */
export function MechanicFields({
  form,
  language,
  disabled = false,
}: {
  form: FormInstance;
  language: Language;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const mechanics = useMechanics();
  const kind = Form.useWatch(['mechanic', 'kind'], form);
  const mechanic = mechanics.data?.find((candidate) => candidate.code === kind);
  const argsSchema = mechanic?.argsSchema as FieldSchema | undefined;

  const chooseMechanic = (code: string) => {
    const chosen = mechanics.data?.find((candidate) => candidate.code === code);
    const schema = chosen?.argsSchema as FieldSchema | undefined;
    const args = Object.fromEntries(
      Object.entries(schema?.properties ?? {})
        .filter(([key]) => key !== 'kind')
        .map(([key, field]) => [key, initialValue(field)]),
    );
    form.setFieldValue('mechanic', { kind: code, ...args });
  };

  return (
    <>
      <Form.Item
        name={['mechanic', 'kind']}
        label={t('editor.mechanicKind')}
        extra={mechanic?.description[language]}
        rules={[{ required: true, message: t('form.required') }]}
      >
        <Select
          disabled={disabled}
          loading={mechanics.isPending}
          options={(mechanics.data ?? []).map((candidate) => ({
            value: candidate.code,
            label: candidate.name[language],
          }))}
          onChange={chooseMechanic}
          style={{ maxWidth: 420 }}
        />
      </Form.Item>
      {argsSchema && <ObjectFields schema={argsSchema} name={['mechanic']} language={language} />}
    </>
  );
}
