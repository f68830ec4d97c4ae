import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/context';
import { customerKey } from '../../api/customers';
import { dataOf } from '../../api/problem';
import { showServerErrors } from '../../forms/server-errors';
import { UnitNumber } from '../../forms/unit-number';

interface AdjustForm {
  points: number;
  reason: string;
}

/**
 * Credits (+) or debits (−) points by hand with a reason. One operation id per opened form, so
 * saving it twice (a double click, a retry after a timeout) credits once.
 */
export function AdjustPointsModal({
  customerId,
  open,
  onClose,
}: {
  customerId: string;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { client } = useApi();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<AdjustForm>();
  const [operationId, setOperationId] = useState(() => crypto.randomUUID());
  const [problem, setProblem] = useState<string | null>(null);
  const adjust = useMutation({
    mutationFn: async (values: AdjustForm) =>
      dataOf(
        await client.POST('/v1/customers/{id}/points/adjustments', {
          params: { path: { id: customerId } },
          body: { points: values.points, reason: values.reason.trim(), operationId },
        }),
      ),
    onSuccess: async () => {
      message.success(t('adjust.done'));
      await queries.invalidateQueries({ queryKey: customerKey(customerId) });
      await queries.invalidateQueries({ queryKey: ['audit'] });
      form.resetFields();
      setOperationId(crypto.randomUUID());
      onClose();
    },
    onError: (error) => setProblem(showServerErrors(form, error, t)),
  });
  return (
    <Modal
      title={t('adjust.title')}
      open={open}
      okText={t('adjust.submit')}
      cancelText={t('editor.cancel')}
      confirmLoading={adjust.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden={false}
    >
      {problem && <Alert type="error" title={problem} style={{ marginBottom: 16 }} />}
      <Form<AdjustForm>
        form={form}
        layout="vertical"
        onFinish={(values) => {
          setProblem(null);
          adjust.mutate(values);
        }}
      >
        <Form.Item
          name="points"
          label={t('adjust.points')}
          extra={t('adjust.pointsHint')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <UnitNumber unit="points" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('adjust.reason')}
          extra={t('adjust.reasonHint')}
          rules={[{ required: true, whitespace: true, message: t('adjust.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
