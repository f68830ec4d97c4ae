import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Descriptions, Flex, Form, Segmented, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/context';
import { dataOf, fieldProblems, ProblemError } from '../../api/problem';
import { type PromotionDefinition, useStores } from '../../api/queries';
import { CartLines } from '../../components/CartLines';
import { ReceiptLines } from '../../components/ReceiptLines';
import { date, localNoon, money, points } from '../../format';
import { StoreSelect } from '../../forms/store-select';
import { type Language, languageOf } from '../../i18n';
import type { PreviewCart, PromotionPreviewAnswer } from './promotion-queries';

interface CartForm {
  storeId?: string;
  lines?: { sku?: string; unitPriceMinor?: number | null; quantity?: number | null }[];
}

/** When the sample cart is priced: now, or as a what-if on the promotion's first day. */
type When = 'now' | 'firstDay';

/**
 * The promotion's first day as a what-if time for a store: its first local date at noon there,
 * or its first instant; null when it has no start.
 */
function firstDayAt(definition: PromotionDefinition, timeZone: string | undefined): string | null {
  if (definition.validFromDate && timeZone) return localNoon(definition.validFromDate, timeZone);
  return definition.validFrom ?? null;
}

/** How long the form must rest before the cart is priced again: typing makes no request per key. */
const previewDelayMs = 500;

/** The sample cart as the API takes it, or null while a line lacks its product, price or count. */
function cartOf(values: CartForm): PreviewCart | null {
  const lines = values.lines ?? [];
  if (!values.storeId || lines.length === 0) return null;
  const complete = lines.every((line) => line.sku && line.unitPriceMinor != null && line.quantity);
  if (!complete) return null;
  return {
    storeId: values.storeId,
    lines: lines.map((line, index) => ({
      lineId: String(index + 1),
      sku: line.sku ?? '',
      unitPriceMinor: line.unitPriceMinor ?? 0,
      quantity: line.quantity ?? 1,
    })),
  };
}

/**
 * A sample cart priced with the promotion as it is being edited, saved nowhere: placed inside the
 * editor's form, it reads that form's values through `toDefinition` and asks again once they rest.
 */
export function PromotionPreview<Values>({
  toDefinition,
}: {
  toDefinition: (values: Values) => PromotionDefinition;
}) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const { client } = useApi();
  const editor = Form.useFormInstance<Values>();
  const edited = Form.useWatch([], { form: editor, preserve: true });
  const [cartForm] = Form.useForm<CartForm>();
  const cartValues = Form.useWatch([], cartForm);
  const stores = useStores();
  const [asked, setAsked] = useState<string | null>(null);
  const [when, setWhen] = useState<When>('now');

  useEffect(() => {
    const first = stores.data?.[0];
    if (first && !cartForm.getFieldValue('storeId')) cartForm.setFieldValue('storeId', first.id);
  }, [stores.data, cartForm]);

  const cart = cartOf(cartValues ?? {});
  // The definition is made from the editor's values only here, where they are known to be there.
  const definition = edited ? toDefinition(edited as Values) : null;
  const timeZone = stores.data?.find((store) => store.id === cart?.storeId)?.timeZone;
  const firstDay = definition && firstDayAt(definition, timeZone);
  // A promotion that starts later is tried on its first day as a what-if: the server prices a
  // time ahead of its clock only so, with the customer as of now.
  const at = when === 'firstDay' && firstDay ? { at: firstDay, whatIf: true } : {};
  const shape =
    cart && definition ? JSON.stringify({ definition, cart: { ...cart, ...at } }) : null;
  useEffect(() => {
    const timer = setTimeout(() => setAsked(shape), previewDelayMs);
    return () => clearTimeout(timer);
  }, [shape]);

  const preview = useQuery({
    queryKey: ['promotion-preview', asked],
    enabled: asked !== null,
    retry: false,
    placeholderData: (previous) => previous,
    queryFn: async () =>
      dataOf(await client.POST('/v1/promotions/preview', { body: JSON.parse(asked ?? '{}') })),
  });

  return (
    <Card title={t('preview.title')} style={{ marginBottom: 16 }} data-testid="promotion-preview">
      <Typography.Paragraph type="secondary">{t('preview.lead')}</Typography.Paragraph>
      <Form<CartForm>
        form={cartForm}
        component={false}
        layout="vertical"
        initialValues={{ lines: [{ quantity: 1 }] }}
      >
        <Flex gap={16} wrap>
          <Form.Item name="storeId" label={t('why.store')} style={{ width: 320 }}>
            <StoreSelect />
          </Form.Item>
          <Form.Item
            label={t('preview.when')}
            extra={when === 'firstDay' && firstDay ? t('why.whatIfNote') : undefined}
            style={{ maxWidth: 420 }}
          >
            <Segmented<When>
              data-testid="preview-when"
              value={when}
              onChange={setWhen}
              options={[
                { value: 'now', label: t('preview.whenNow') },
                {
                  value: 'firstDay',
                  disabled: !firstDay,
                  label: firstDay
                    ? t('preview.whenFirstDay', {
                        date: date(definition?.validFromDate ?? firstDay, language),
                      })
                    : t('preview.whenNoStart'),
                },
              ]}
            />
          </Form.Item>
        </Flex>
        <CartLines required={false} />
      </Form>
      <div style={{ marginTop: 16 }}>
        {cart === null ? (
          <Typography.Text type="secondary">{t('preview.fillCart')}</Typography.Text>
        ) : preview.isError ? (
          <Refusal error={preview.error} />
        ) : preview.data ? (
          <Outcome
            answer={preview.data}
            language={language}
            stale={preview.isFetching || asked !== shape}
          />
        ) : null}
      </div>
    </Card>
  );
}

function Refusal({ error }: { error: Error }) {
  const { t } = useTranslation();
  if (!(error instanceof ProblemError)) return <Alert type="error" title={t('errors.network')} />;
  const problems = fieldProblems(error.problem);
  return (
    <Alert
      type="warning"
      title={t('preview.refused')}
      description={
        problems.length > 0 ? (
          <ul style={{ margin: 0, paddingLeft: 20 }}>
            {problems.map((problem) => (
              <li key={`${problem.field}-${problem.code}`}>
                {t(`problems.${problem.code}`, { defaultValue: problem.message })}
              </li>
            ))}
          </ul>
        ) : (
          t(`problems.${error.problem.code}`, { defaultValue: error.problem.detail })
        )
      }
    />
  );
}

function Outcome({
  answer,
  language,
  stale,
}: {
  answer: PromotionPreviewAnswer;
  language: Language;
  stale: boolean;
}) {
  const { t } = useTranslation();
  const { calculation, current, promotion } = answer;
  return (
    <div style={{ opacity: stale ? 0.6 : 1 }} data-testid="preview-outcome">
      <Flex gap={8} align="center" style={{ marginBottom: 8 }}>
        <Tag color={promotion.applied ? 'green' : 'default'}>
          {promotion.applied ? t('why.applied') : t('why.notApplied')}
        </Tag>
        {promotion.discountMinor > 0 && <span>−{money(promotion.discountMinor, language)}</span>}
        {promotion.points > 0 && <span>+{t('why.pointsCount', { count: promotion.points })}</span>}
      </Flex>
      <Typography.Paragraph>
        {promotion.explanation ? (
          <>
            {promotion.explanation.text[language]}
            {promotion.explanation.hint && <> {promotion.explanation.hint.text[language]}</>}
          </>
        ) : (
          t('preview.untouched')
        )}
      </Typography.Paragraph>
      <ReceiptLines lines={calculation.lines} />
      <Descriptions column={2} size="small" style={{ marginTop: 12 }} bordered>
        <Descriptions.Item label={t('preview.withDraft')}>
          <strong data-testid="preview-total">{money(calculation.totalMinor, language)}</strong>
          {' · '}
          {t('preview.discountPoints', {
            discount: money(calculation.discountMinor, language),
            points: points(calculation.bonusPoints, language),
          })}
        </Descriptions.Item>
        <Descriptions.Item label={t('preview.now')}>
          {money(current.totalMinor, language)}
          {' · '}
          {t('preview.discountPoints', {
            discount: money(current.discountMinor, language),
            points: points(current.bonusPoints, language),
          })}
        </Descriptions.Item>
      </Descriptions>
    </div>
  );
}
