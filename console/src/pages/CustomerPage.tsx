import {
  EditOutlined,
  HistoryOutlined,
  MergeCellsOutlined,
  PlusCircleOutlined,
  RiseOutlined,
} from '@ant-design/icons';
import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Row,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { type Customer, customerName, useCustomer, useCustomerTier } from '../api/customers';
import { ProblemError } from '../api/problem';
import { useTierProgram } from '../api/programme';
import { count, date } from '../format';
import { languageOf } from '../i18n';
import { can, useSession } from '../session';
import { AdjustPointsModal } from './customer/AdjustPointsModal';
import { CampaignsCard } from './customer/CampaignsCard';
import { CouponsCard } from './customer/CouponsCard';
import { EditProfileModal } from './customer/EditProfileModal';
import { GiftCardsCard } from './customer/GiftCardsCard';
import { MergeModal } from './customer/MergeModal';
import { MoveTierModal } from './customer/MoveTierModal';
import { PointsSection } from './customer/PointsSection';
import { PurchasesSection } from './customer/PurchasesSection';
import { useCustomFields } from './customer/queries';
import { SegmentsCard, TierCard } from './customer/TierSegmentsSection';

/**
 * One customer: profile, identifiers, points, history, tier and segments, campaigns, coupons and
 * gift cards, and what support does. Controls the operator's role cannot use are not shown (the
 * API refuses them anyway).
 */
export default function CustomerPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const customer = useCustomer(id);
  const session = useSession();
  const navigate = useNavigate();
  const [adjusting, setAdjusting] = useState(false);
  const [merging, setMerging] = useState(false);
  const [editing, setEditing] = useState(false);
  const [movingTier, setMovingTier] = useState(false);
  const tierProgram = useTierProgram();
  const tier = useCustomerTier(id);
  // Manual moves exist only while the programme's auto-transition is off (the server's rule).
  const manualTiers =
    can(session.data, 'tiers.assign') &&
    tierProgram.data &&
    !tierProgram.data.program.autoTransition
      ? tierProgram.data.program
      : null;
  if (customer.isPending) return <Spin />;
  if (customer.error) {
    const code = customer.error instanceof ProblemError ? customer.error.problem.code : null;
    return (
      <Alert
        type="error"
        title={code ? t(`problems.${code}`, { defaultValue: code }) : t('errors.network')}
      />
    );
  }
  const profile = customer.data;
  const name = customerName(profile) ?? t('customers.noName');
  return (
    <>
      <Breadcrumb
        style={{ marginBottom: 8 }}
        items={[
          { title: <Link to="/customers">{t('customers.title')}</Link> },
          { title: <span translate="no">{name}</span> },
        ]}
      />
      <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 16 }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          <span translate="no">{name}</span>
        </Typography.Title>
        <Space wrap>
          {can(session.data, 'customers.write') && (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              {t('customerPage.editProfile')}
            </Button>
          )}
          {manualTiers && (
            <Button icon={<RiseOutlined />} onClick={() => setMovingTier(true)}>
              {t('customerPage.moveTier')}
            </Button>
          )}
          {can(session.data, 'points.adjust') && (
            <Button type="primary" icon={<PlusCircleOutlined />} onClick={() => setAdjusting(true)}>
              {t('adjust.open')}
            </Button>
          )}
          {can(session.data, 'customers.merge') && (
            <Button icon={<MergeCellsOutlined />} onClick={() => setMerging(true)}>
              {t('merge.open')}
            </Button>
          )}
          {can(session.data, 'audit.read') && (
            <Button
              icon={<HistoryOutlined />}
              onClick={() =>
                navigate(`/audit?entityType=customer&entityId=${encodeURIComponent(profile.id)}`)
              }
            >
              {t('customer.changes')}
            </Button>
          )}
        </Space>
      </Flex>
      {profile.resolvedFrom && (
        <Alert type="info" title={t('customer.resolvedFrom')} style={{ marginBottom: 16 }} />
      )}
      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <Profile customer={profile} />
        </Col>
        <Col xs={24} xl={10}>
          <TierCard customerId={profile.id} />
          <CampaignsCard customerId={profile.id} />
          <SegmentsCard customerId={profile.id} />
        </Col>
      </Row>
      <PointsSection customerId={profile.id} />
      <PurchasesSection customerId={profile.id} />
      <CouponsCard customerId={profile.id} />
      <GiftCardsCard customerId={profile.id} />
      <AdjustPointsModal
        customerId={profile.id}
        open={adjusting}
        onClose={() => setAdjusting(false)}
      />
      <MergeModal survivor={profile} open={merging} onClose={() => setMerging(false)} />
      {can(session.data, 'customers.write') && (
        <EditProfileModal customer={profile} open={editing} onClose={() => setEditing(false)} />
      )}
      {manualTiers && (
        <MoveTierModal
          key={tier.data?.tier?.id ?? ''}
          customerId={profile.id}
          currentTierId={tier.data?.tier?.id ?? null}
          program={manualTiers}
          open={movingTier}
          onClose={() => setMovingTier(false)}
        />
      )}
    </>
  );
}

function Profile({ customer }: { customer: Customer }) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const fields = useCustomFields();
  const consents = (['sms', 'email', 'push'] as const).filter((kind) => customer.consents[kind]);
  return (
    <Card title={t('customer.profile')} style={{ marginBottom: 16 }}>
      <Descriptions size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('customers.identifiers')} span={2}>
          <Space size={[4, 4]} wrap>
            {customer.identifiers.map((identifier) => (
              <Tag key={`${identifier.kind}:${identifier.system ?? ''}:${identifier.value}`}>
                {t(`identifiers.${identifier.kind}`)}
                {identifier.system ? ` (${identifier.system})` : ''}:{' '}
                <span translate="no">{identifier.value}</span>
              </Tag>
            ))}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('customer.number')}>{customer.number}</Descriptions.Item>
        <Descriptions.Item label={t('customers.since')}>
          {date(customer.createdAt, language)}
        </Descriptions.Item>
        <Descriptions.Item label={t('customer.gender')}>
          {customer.gender ? t(`genders.${customer.gender}`) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('customer.birthDate')}>
          {customer.birthDate ? date(customer.birthDate, language) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('customers.city')}>
          <span translate="no">{customer.city ?? '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('customer.consents')}>
          {consents.length > 0
            ? consents.map((kind) => t(`consents.${kind}`)).join(', ')
            : t('customer.noConsents')}
        </Descriptions.Item>
        {customer.specialCategories.length > 0 && (
          <Descriptions.Item label={t('customer.specialCategories')}>
            <span translate="no">{customer.specialCategories.join(', ')}</span>
          </Descriptions.Item>
        )}
        {(fields.data ?? [])
          .filter((field) => customer.customFields[field.key] !== undefined)
          .map((field) => (
            <Descriptions.Item
              key={field.key}
              label={language === 'ru' ? field.titleRu : field.titleEn}
            >
              <CustomValue value={customer.customFields[field.key]} type={field.type} />
            </Descriptions.Item>
          ))}
      </Descriptions>
    </Card>
  );
}

/** A custom field's value as the operator reads it: dates and yes/no in their language. */
function CustomValue({
  value,
  type,
}: {
  value: string | number | boolean | undefined;
  type: string;
}) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  if (typeof value === 'boolean')
    return <>{value ? t('customerPage.yes') : t('customerPage.no')}</>;
  if (type === 'date' && typeof value === 'string') return <>{date(value, language)}</>;
  if (typeof value === 'number') return <>{count(value, language)}</>;
  return <span translate="no">{value ?? '—'}</span>;
}
