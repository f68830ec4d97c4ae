import { DeleteOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Form, Segmented, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SegmentCondition } from '../api/programme';
import type { Language } from '../i18n';
import { type FieldSchema, ObjectFields } from './schema-fields';

type Name = (string | number)[];

/** A segment rule as the API takes it: a condition, or conditions under AND, OR and NOT. */
export type RuleValue =
  | { kind: 'and' | 'or'; rules: RuleValue[] }
  | { kind: 'not'; rule: RuleValue }
  | ({ kind: string } & Record<string, unknown>);

interface NodeProps {
  name: Name;
  conditions: SegmentCondition[];
  language: Language;
  readOnly: boolean;
  onRemove?: (() => void) | undefined;
}

/** A new condition: the server's example of the first condition of the language. */
export function firstCondition(conditions: SegmentCondition[]): RuleValue {
  return { ...(conditions[0]?.example ?? { kind: 'spend', min: 0 }) } as RuleValue;
}

/** One node of a rule, drawn by its kind: a group, a negation, or a condition. */
export function RuleNode(props: NodeProps) {
  const kind: unknown = Form.useWatch([...props.name, 'kind'], Form.useFormInstance());
  if (kind === 'and' || kind === 'or') return <RuleGroup {...props} />;
  if (kind === 'not') return <Negation {...props} />;
  return <ConditionCard {...props} />;
}

function RemoveButton({ onRemove }: { onRemove: (() => void) | undefined }) {
  const { t } = useTranslation();
  if (!onRemove) return null;
  return (
    <Button
      size="small"
      icon={<DeleteOutlined />}
      aria-label={t('form.remove')}
      onClick={onRemove}
    />
  );
}

// Holds a group's list in the form, so that a problem of the whole list (an empty group) shows here.
function RulesSlot(_props: { value?: unknown; onChange?: unknown }) {
  return null;
}

function RuleGroup({ name, conditions, language, readOnly, onRemove }: NodeProps) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const rules: RuleValue[] = Form.useWatch([...name, 'rules'], form) ?? [];
  const setRules = (next: RuleValue[]) => form.setFieldValue([...name, 'rules'], next);
  return (
    <Card
      size="small"
      style={{ marginBottom: 12, background: '#fafafa' }}
      title={
        <Form.Item name={[...name, 'kind']} noStyle>
          <Segmented
            disabled={readOnly}
            options={[
              { value: 'and', label: t('segments.and') },
              { value: 'or', label: t('segments.or') },
            ]}
          />
        </Form.Item>
      }
      extra={readOnly ? null : <RemoveButton onRemove={onRemove} />}
    >
      {rules.map((_rule, index) => (
        <RuleNode
          // The form keeps each node's values by position; the key follows the same.
          // biome-ignore lint/suspicious/noArrayIndexKey: nodes are named by their position
          key={index}
          name={[...name, 'rules', index]}
          conditions={conditions}
          language={language}
          readOnly={readOnly}
          onRemove={() => setRules(rules.filter((_, other) => other !== index))}
        />
      ))}
      <Form.Item name={[...name, 'rules']} style={{ marginBottom: 0 }}>
        <RulesSlot />
      </Form.Item>
      {!readOnly && (
        <Flex gap={8} wrap>
          <Button
            icon={<PlusOutlined />}
            onClick={() => setRules([...rules, firstCondition(conditions)])}
          >
            {t('segments.addCondition')}
          </Button>
          <Button
            icon={<PlusOutlined />}
            onClick={() =>
              setRules([...rules, { kind: 'or', rules: [firstCondition(conditions)] }])
            }
          >
            {t('segments.addGroup')}
          </Button>
          <Button
            icon={<StopOutlined />}
            onClick={() => setRules([...rules, { kind: 'not', rule: firstCondition(conditions) }])}
          >
            {t('segments.addExclusion')}
          </Button>
        </Flex>
      )}
    </Card>
  );
}

function Negation({ name, conditions, language, readOnly, onRemove }: NodeProps) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      style={{ marginBottom: 12, borderColor: '#ffa39e' }}
      title={t('segments.not')}
      extra={readOnly ? null : <RemoveButton onRemove={onRemove} />}
    >
      <RuleNode
        name={[...name, 'rule']}
        conditions={conditions}
        language={language}
        readOnly={readOnly}
      />
    </Card>
  );
}

function ConditionCard({ name, conditions, language, readOnly, onRemove }: NodeProps) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const kind: unknown = Form.useWatch([...name, 'kind'], form);
  const condition = conditions.find((candidate) => candidate.kind === kind);
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      extra={readOnly ? null : <RemoveButton onRemove={onRemove} />}
      title={t('segments.condition')}
    >
      <Form.Item
        name={[...name, 'kind']}
        label={t('segments.conditionKind')}
        extra={condition?.description[language]}
        rules={[{ required: true, message: t('form.required') }]}
      >
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          style={{ maxWidth: 420 }}
          options={conditions.map((candidate) => ({
            value: candidate.kind,
            label: candidate.name[language],
          }))}
          onChange={(next: string) => {
            const chosen = conditions.find((candidate) => candidate.kind === next);
            form.setFieldValue(name, { ...(chosen?.example ?? {}), kind: next });
          }}
        />
      </Form.Item>
      {condition && (
        <Flex gap={16} wrap>
          <ObjectFields schema={condition.schema as FieldSchema} name={name} language={language} />
        </Flex>
      )}
    </Card>
  );
}
