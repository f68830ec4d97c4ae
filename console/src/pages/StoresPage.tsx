import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Form, Input, Modal, Select, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/context';
import type { components } from '../api/perk-api';
import { dataOf } from '../api/problem';
import { useFormSave } from '../forms/use-form-save';
import { can, useSession } from '../session';

type Store = components['schemas']['Store'];
type Channel = Store['channel'];
const channels: Channel[] = ['pos', 'web', 'app'];
const storesKey = ['stores'] as const;

/** The stores: their region, time zone and channel; admins add and edit them. */
export default function StoresPage() {
  const { t } = useTranslation();
  const { client } = useApi();
  const session = useSession();
  const writes = can(session.data, 'stores.write');
  const [editing, setEditing] = useState<Store | 'new' | null>(null);
  const stores = useQuery({
    queryKey: storesKey,
    queryFn: async () => dataOf(await client.GET('/v1/stores')).items,
  });
  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('stores.title')}
        </Typography.Title>
        {writes && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('stores.new')}
          </Button>
        )}
      </Flex>
      <Table<Store>
        rowKey="id"
        loading={stores.isPending}
        dataSource={stores.data ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t('stores.none') }}
        data-testid="stores"
        columns={[
          {
            title: t('stores.id'),
            key: 'id',
            render: (_value, store) =>
              writes ? (
                <Button type="link" style={{ padding: 0 }} onClick={() => setEditing(store)}>
                  <code translate="no">{store.id}</code>
                </Button>
              ) : (
                <code translate="no">{store.id}</code>
              ),
          },
          {
            title: t('stores.name'),
            key: 'name',
            render: (_value, store) => <span translate="no">{store.name}</span>,
          },
          {
            title: t('stores.region'),
            key: 'region',
            render: (_value, store) => <span translate="no">{store.region}</span>,
          },
          {
            title: t('stores.timeZone'),
            key: 'timeZone',
            render: (_value, store) => <code translate="no">{store.timeZone}</code>,
          },
          {
            title: t('stores.channel'),
            key: 'channel',
            render: (_value, store) => <Tag>{t(`stores.channels.${store.channel}`)}</Tag>,
          },
        ]}
      />
      {editing && (
        <StoreModal
          store={editing === 'new' ? null : editing}
          taken={new Set((stores.data ?? []).map((store) => store.id))}
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}

/** The zone's offset from UTC now ("GMT+05:00"), so a zone is told by its clock, not only its name. */
function offsetOf(zone: string): string {
  const parts = new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'longOffset' });
  return parts.formatToParts(new Date()).find((part) => part.type === 'timeZoneName')?.value ?? '';
}

/**
 * A new store (its id chosen once) or an existing one to edit. The API replaces a store put under
 * a known id, so a new one is checked against the stores listed first.
 */
function StoreModal({
  store,
  taken,
  onClose,
}: {
  store: Store | null;
  taken: Set<string>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { client } = useApi();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Store>();
  const { save, saving, problem } = useFormSave(form, async ({ id, ...body }) => {
    dataOf(await client.PUT('/v1/stores/{id}', { params: { path: { id } }, body }));
    await queries.invalidateQueries({ queryKey: storesKey });
    message.success(t('stores.saved', { id }));
    onClose();
  });
  const zoneOptions = useMemo(() => {
    const zones = Intl.supportedValuesOf('timeZone');
    return (store && !zones.includes(store.timeZone) ? [store.timeZone] : [])
      .concat(zones)
      .map((zone) => ({ value: zone, label: `${zone} · ${offsetOf(zone)}` }));
  }, [store]);
  return (
    <Modal
      open
      title={store ? t('stores.edit') : t('stores.new')}
      okText={t('stores.save')}
      cancelText={t('editor.cancel')}
      confirmLoading={saving}
      onOk={() => save()}
      onCancel={onClose}
    >
      {problem && <Alert type="error" title={problem} style={{ marginBottom: 16 }} />}
      <Form<Store>
        form={form}
        layout="vertical"
        initialValues={store ?? { channel: 'pos', timeZone: 'Europe/Moscow' }}
      >
        <Form.Item
          name="id"
          label={t('stores.id')}
          extra={store ? undefined : t('stores.idHint')}
          rules={[
            { required: true, message: t('form.required') },
            { pattern: /^[A-Za-z0-9._:-]+$/, message: t('stores.idPattern') },
            {
              validator: async (_rule, value: string) => {
                if (!store && taken.has(value)) throw new Error(t('stores.idTaken'));
              },
            },
          ]}
        >
          <Input disabled={store !== null} maxLength={100} />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('stores.name')}
          rules={[{ required: true, whitespace: true, message: t('form.required') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="region"
          label={t('stores.region')}
          rules={[{ required: true, whitespace: true, message: t('form.required') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="timeZone"
          label={t('stores.timeZone')}
          extra={t('stores.timeZoneHint')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Select showSearch options={zoneOptions} />
        </Form.Item>
        <Form.Item name="channel" label={t('stores.channel')}>
          <Select
            options={channels.map((channel) => ({
              value: channel,
              label: t(`stores.channels.${channel}`),
            }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
