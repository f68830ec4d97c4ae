import { Form, Select, Switch } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSegments, useTierProgram } from '../../api/programme';
import type { Language } from '../../i18n';

interface Option {
  value: string;
  label: ReactNode;
  /** The name searched by (the label may be drawn as data in no interface language). */
  title: string;
}

/**
 * The options of a picker by name. A stored id the list no longer holds (a deleted segment) is
 * still offered, marked, so that the operator sees it and may remove it.
 */
function withMissing(options: Option[], chosen: string[] | undefined, missing: string): Option[] {
  const known = new Set(options.map((option) => option.value));
  const lost = (chosen ?? []).filter((id) => !known.has(id));
  const marked = lost.map((id) => ({ value: id, label: `${missing}: ${id}`, title: id }));
  return [...options, ...marked];
}

/** Who the promotion is for: tiers and segments by name, segments kept out, anonymous carts. */
export function AudienceFields({ language }: { language: Language }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const segments = useSegments();
  const tiers = useTierProgram();
  const segmentOptions: Option[] = (segments.data ?? []).map((segment) => ({
    value: segment.id,
    // Segment names are the programme's data, in no interface language.
    label: <span translate="no">{segment.name}</span>,
    title: segment.name,
  }));
  const tierOptions: Option[] = (tiers.data?.program.tiers ?? []).map((tier) => ({
    value: tier.id,
    label: tier.name[language],
    title: tier.name[language],
  }));
  const tierIds: string[] | undefined = Form.useWatch(['audience', 'tierIds'], form);
  const segmentIds: string[] | undefined = Form.useWatch(['audience', 'segmentIds'], form);
  const excluded: string[] | undefined = Form.useWatch(['audience', 'excludedSegmentIds'], form);
  const missing = t('promotionForm.missing');
  return (
    <>
      <Form.Item
        name={['audience', 'tierIds']}
        label={t('promotionForm.tiers')}
        extra={t('promotionForm.tiersHint')}
      >
        <Select
          mode="multiple"
          allowClear
          placeholder={t('promotionForm.anyTier')}
          loading={tiers.isPending}
          options={withMissing(tierOptions, tierIds, missing)}
          showSearch={{ optionFilterProp: 'title' }}
          style={{ maxWidth: 560 }}
        />
      </Form.Item>
      <Form.Item
        name={['audience', 'segmentIds']}
        label={t('promotionForm.segments')}
        extra={t('promotionForm.segmentsHint')}
      >
        <Select
          mode="multiple"
          allowClear
          placeholder={t('promotionForm.anySegment')}
          loading={segments.isPending}
          options={withMissing(segmentOptions, segmentIds, missing)}
          showSearch={{ optionFilterProp: 'title' }}
          style={{ maxWidth: 560 }}
        />
      </Form.Item>
      <Form.Item
        name={['audience', 'excludedSegmentIds']}
        label={t('promotionForm.excludedSegments')}
        extra={t('promotionForm.excludedSegmentsHint')}
      >
        <Select
          mode="multiple"
          allowClear
          placeholder={t('promotionForm.noneExcluded')}
          loading={segments.isPending}
          options={withMissing(segmentOptions, excluded, missing)}
          showSearch={{ optionFilterProp: 'title' }}
          style={{ maxWidth: 560 }}
        />
      </Form.Item>
      <Form.Item
        name={['audience', 'anonymousAllowed']}
        label={t('promotionForm.anonymous')}
        extra={t('promotionForm.anonymousHint')}
        valuePropName="checked"
      >
        <Switch />
      </Form.Item>
    </>
  );
}
