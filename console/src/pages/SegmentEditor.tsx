import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Flex,
  Form,
  Result,
  Spin,
  Statistic,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useApi } from '../api/context';
import type { components } from '../api/perk-api';
import { dataOf } from '../api/problem';
import { type Segment, useSegment, useSegmentConditions } from '../api/programme';
import { points } from '../format';
import { withoutEmpty } from '../forms/compact';
import { NameCodeFields } from '../forms/name-code-fields';
import { firstCondition, RuleNode, type RuleValue } from '../forms/rule-builder';
import { clearServerErrorsOnChange, showServerErrors } from '../forms/server-errors';
import { useFormSave } from '../forms/use-form-save';
import { languageOf } from '../i18n';
import { can, useSession } from '../session';
import { SegmentMembersFile } from './SegmentMembersFile';

type SegmentRule = components['schemas']['SegmentRule'];

interface SegmentForm {
  id: string;
  name: string;
  rule?: RuleValue;
}

// The builder edits groups: a rule of one condition is shown as a group holding it.
function asGroup(rule: Segment['rule']): RuleValue | undefined {
  if (!rule) return undefined;
  const node = rule as RuleValue;
  return node.kind === 'and' || node.kind === 'or' ? node : { kind: 'and', rules: [node] };
}

/** How long the rule must rest before its size is asked for: typing makes no request per key. */
const previewDelayMs = 400;

/** The rule's size now, asked of the server once the rule rests and its fields are filled. */
function useLivePreview(form: ReturnType<typeof Form.useForm<SegmentForm>>[0], enabled: boolean) {
  const { client } = useApi();
  const { t } = useTranslation();
  const rule = Form.useWatch('rule', form);
  const [asked, setAsked] = useState<string | null>(null);
  const shape = JSON.stringify(withoutEmpty(rule ?? null));
  useEffect(() => {
    if (!enabled || rule === undefined) return;
    const timer = setTimeout(() => {
      form
        .validateFields([['rule']], { recursive: true, validateOnly: true })
        .then(() => setAsked(shape))
        .catch(() => setAsked(null));
    }, previewDelayMs);
    return () => clearTimeout(timer);
  }, [enabled, rule, shape, form]);
  return useQuery({
    queryKey: ['segment-preview', asked],
    enabled: asked !== null,
    retry: false,
    placeholderData: (previous) => previous,
    queryFn: async () => {
      try {
        const body = { rule: JSON.parse(asked ?? 'null') as SegmentRule };
        return dataOf(await client.POST('/v1/segments/preview', { body }));
      } catch (error) {
        // The server's word on the rule shows at the fields it names, as on saving.
        showServerErrors(form, error, t);
        throw error;
      }
    },
  });
}

export default function SegmentEditor() {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const { id } = useParams();
  const creating = id === 'new';
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { client } = useApi();
  const queries = useQueryClient();
  const session = useSession();
  const writes = can(session.data, 'segments.write');
  const [form] = Form.useForm<SegmentForm>();
  const conditions = useSegmentConditions();
  const stored = useSegment(creating ? null : (id ?? null));
  const isStatic = stored.data?.kind === 'static';
  const preview = useLivePreview(form, writes && !isStatic);

  useEffect(() => {
    if (!stored.data) return;
    const rule = asGroup(stored.data.rule);
    form.setFieldsValue({ id: stored.data.id, name: stored.data.name, ...(rule ? { rule } : {}) });
  }, [stored.data, form]);

  const initialValues = useMemo(
    (): Partial<SegmentForm> => ({ id: `segment-${Date.now().toString(36)}` }),
    [],
  );
  useEffect(() => {
    if (creating && conditions.data && form.getFieldValue('rule') === undefined) {
      form.setFieldValue('rule', { kind: 'and', rules: [firstCondition(conditions.data)] });
    }
  }, [creating, conditions.data, form]);

  const { save, saving, problem } = useFormSave(form, async (values) => {
    const rule = isStatic ? undefined : (withoutEmpty(values.rule) as SegmentRule);
    const body = { name: values.name, ...(rule ? { rule } : {}) };
    if (creating) dataOf(await client.POST('/v1/segments', { body: { id: values.id, ...body } }));
    else {
      dataOf(await client.PUT('/v1/segments/{id}', { params: { path: { id: values.id } }, body }));
    }
    await queries.invalidateQueries({ queryKey: ['segments'] });
    message.success(t('segments.saved'));
    navigate('/segments');
  });

  if ((!creating && stored.isPending) || conditions.isPending) return <Spin />;
  if (stored.isError || conditions.isError) {
    return <Result status="warning" title={t('segments.notLoaded')} />;
  }
  const size = preview.data?.size ?? stored.data?.memberCount;
  return (
    <>
      <Flex align="center" gap={12} style={{ marginBottom: 16 }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {creating ? t('segments.newTitle') : t('segments.editTitle')}
        </Typography.Title>
        {stored.data && <Tag>{t(`segmentKinds.${stored.data.kind}`)}</Tag>}
      </Flex>
      {problem && <Alert type="error" title={problem} style={{ marginBottom: 16 }} />}
      <Flex gap={24} align="flex-start" wrap>
        {/* One column for the form and the members file, so that their cards line up. */}
        <div style={{ flex: '1 1 640px', maxWidth: 860 }}>
          <Form<SegmentForm>
            form={form}
            onFieldsChange={clearServerErrorsOnChange(form)}
            layout="vertical"
            initialValues={initialValues}
            disabled={!writes}
            scrollToFirstError
          >
            <Card title={t('segments.about')} style={{ marginBottom: 16 }}>
              <NameCodeFields
                creating={creating}
                labels={{
                  name: t('segments.name'),
                  code: t('segments.id'),
                  codeHint: t('segments.idHint'),
                }}
              />
            </Card>
            {isStatic ? (
              <Alert type="info" title={t('segments.staticHint')} style={{ marginBottom: 16 }} />
            ) : (
              <Card title={t('segments.rule')} style={{ marginBottom: 16 }}>
                <RuleNode
                  name={['rule']}
                  conditions={conditions.data ?? []}
                  language={language}
                  readOnly={!writes}
                />
              </Card>
            )}
            {writes && (
              <Flex gap={8}>
                <Button type="primary" onClick={save} loading={saving}>
                  {t('segments.save')}
                </Button>
                <Button onClick={() => navigate('/segments')}>{t('segments.cancel')}</Button>
              </Flex>
            )}
          </Form>
          {/* Outside the form: its controls are not disabled with the form's fields. */}
          {stored.data && (
            <div style={{ marginTop: 16 }}>
              <SegmentMembersFile
                id={stored.data.id}
                upload={writes && isStatic}
                download={can(session.data, 'customers.read')}
              />
            </div>
          )}
        </div>
        <Card style={{ flex: '0 0 260px', position: 'sticky', top: 24 }}>
          <Statistic
            title={preview.data ? t('segments.liveSize') : t('segments.storedSize')}
            loading={preview.isFetching && !preview.data}
            value={
              size === undefined
                ? '—'
                : t('segments.size', { count: size, size: points(size, language) })
            }
            valueStyle={{ opacity: preview.isFetching || preview.isError ? 0.5 : 1 }}
          />
          <div data-testid="segment-size" data-size={size ?? ''} />
          {preview.data && (
            <Typography.Text type="secondary">
              {t('segments.of', { total: points(preview.data.customers, language) })}
            </Typography.Text>
          )}
          {preview.isError && (
            <Typography.Paragraph type="danger" style={{ marginTop: 8, marginBottom: 0 }}>
              {t('segments.previewRefused')}
            </Typography.Paragraph>
          )}
        </Card>
      </Flex>
    </>
  );
}
