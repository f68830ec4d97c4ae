import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/context';
import { customerKey } from '../../api/customers';
import { dataOf } from '../../api/problem';
import type { TierProgram } from '../../api/programme';
import { showServerErrors } from '../../forms/server-errors';
import { languageOf } from '../../i18n';

// The select's value for "no tier": tier ids are letters, digits, dots, dashes and underscores.
const NO_TIER = ' ';

interface MoveForm {
  tierId: string;
  note?: string;
}

/**
 * Puts the customer in a tier by hand, with a note for the tier history. Offered only while the
 * programme's auto-transition is off; the server refuses it otherwise (manual_moves_disabled).
 */
export function MoveTierModal({
  customerId,
  currentTierId,
  program,
  open,
  onClose,
}: {
  customerId: string;
  currentTierId: string | null;
  program: TierProgram;
  open: boolean;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const { client } = useApi();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<MoveForm>();
  const [problem, setProblem] = useState<string | null>(null);
  const move = useMutation({
    mutationFn: async (values: MoveForm) => {
      const note = values.note?.trim();
      return dataOf(
        await client.POST('/v1/customers/{id}/tier', {
          params: { path: { id: customerId } },
          body: {
            tierId: values.tierId === NO_TIER ? null : values.tierId,
            ...(note ? { note } : {}),
          },
        }),
      );
    },
    onSuccess: async () => {
      message.success(t('customerPage.tierMoved'));
      await queries.invalidateQueries({ queryKey: customerKey(customerId) });
      form.resetFields();
      onClose();
    },
    onError: (error) => setProblem(showServerErrors(form, error, t)),
  });
  return (
    <Modal
      title={t('customerPage.moveTier')}
      open={open}
      okText={t('customerPage.moveTierSubmit')}
      cancelText={t('editor.cancel')}
      confirmLoading={move.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      {problem && <Alert type="error" title={problem} style={{ marginBottom: 16 }} />}
      <Form<MoveForm>
        form={form}
        layout="vertical"
        initialValues={{ tierId: currentTierId ?? NO_TIER }}
        onFinish={(values) => {
          setProblem(null);
          move.mutate(values);
        }}
      >
        <Form.Item name="tierId" label={t('customer.tier')}>
          <Select
            options={[
              ...program.tiers.map((tier) => ({ value: tier.id, label: tier.name[language] })),
              { value: NO_TIER, label: t('customer.noTier') },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="note"
          label={t('customerPage.tierNote')}
          extra={t('customerPage.tierNoteHint')}
        >
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
