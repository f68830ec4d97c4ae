import { HistoryOutlined, MergeCellsOutlined, PlusCircleOutlined } from '@ant-design/icons';
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
import { type Customer, customerName, useCustomer } from '../api/customers';
import { ProblemError } from '../api/problem';
import { date } from '../format';
import { languageOf } from '../i18n';
import { can, useSession } from '../session';
import { AdjustPointsModal } from './customer/AdjustPointsModal';
import { MergeModal } from './customer/MergeModal';
import { PointsSection } from './customer/PointsSection';
import { PurchasesSection } from './customer/PurchasesSection';
import { SegmentsCard, TierCard } from './customer/TierSegmentsSection';

/** One customer: profile, identifiers, points, history, tier and segments, and what support does. */
export default function CustomerPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const customer = useCustomer(id);
  const session = useSession();
  const navigate = useNavigate();
  const [adjusting, setAdjusting] = useState(false);
  const [merging, setMerging] = useState(false);
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
          <SegmentsCard customerId={profile.id} />
        </Col>
      </Row>
      <PointsSection customerId={profile.id} />
      <PurchasesSection customerId={profile.id} />
      <AdjustPointsModal
        customerId={profile.id}
        open={adjusting}
        onClose={() => setAdjusting(false)}
      />
      <MergeModal survivor={profile} open={merging} onClose={() => setMerging(false)} />
    </>
  );
}

function Profile({ customer }: { customer: Customer }) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
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
      </Descriptions>
    </Card>
  );
}
