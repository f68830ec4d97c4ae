import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { type Segment, useSegments } from '../api/programme';
import { dateTime, points } from '../format';
import { languageOf } from '../i18n';
import { can, useSession } from '../session';

export default function SegmentsPage() {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n);
  const navigate = useNavigate();
  const session = useSession();
  const writes = can(session.data, 'segments.write');
  const segments = useSegments();
  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('segments.title')}
        </Typography.Title>
        {writes && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/segments/new')}>
            {t('segments.new')}
          </Button>
        )}
      </Flex>
      <Table<Segment>
        rowKey="id"
        loading={segments.isPending}
        dataSource={segments.data ?? []}
        locale={{ emptyText: t('segments.none') }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          {
            title: t('segments.name'),
            key: 'name',
            render: (_value, segment) => (
              <Link to={`/segments/${encodeURIComponent(segment.id)}`} translate="no">
                {segment.name}
              </Link>
            ),
          },
          {
            title: t('segments.id'),
            key: 'id',
            render: (_value, segment) => <code>{segment.id}</code>,
          },
          {
            title: t('segments.kind'),
            key: 'kind',
            render: (_value, segment) => <Tag>{t(`segmentKinds.${segment.kind}`)}</Tag>,
          },
          {
            title: t('segments.members'),
            key: 'members',
            align: 'right',
            render: (_value, segment) => (
              <span data-testid={`members-${segment.id}`}>
                {points(segment.memberCount, language)}
              </span>
            ),
          },
          {
            title: t('segments.computedAt'),
            key: 'computedAt',
            render: (_value, segment) =>
              segment.computedAt ? dateTime(segment.computedAt, language) : '—',
          },
        ]}
      />
    </>
  );
}
