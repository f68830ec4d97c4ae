import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * The two fields every thing an operator makes opens with: its name (free text, for people) and
 * its code (the id other things and the API refer to it by, fixed once saved).
 */
export function NameCodeFields({
  labels,
  creating,
}: {
  labels: { name: string; code: string; codeHint: string };
  creating: boolean;
}) {
  const { t } = useTranslation();
  const required = [{ required: true, message: t('form.required') }];
  return (
    <>
      <Form.Item name="name" label={labels.name} rules={required}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item
        name="id"
        label={labels.code}
        extra={creating ? labels.codeHint : undefined}
        rules={required}
      >
        <Input disabled={!creating} maxLength={100} />
      </Form.Item>
    </>
  );
}
