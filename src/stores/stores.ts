import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import { isTimeZone } from '../calendar/time-zone.ts';
import { invalid, notFound } from '../errors.ts';
import type { Db } from '../store/database.ts';
import type { Channel, StoresTable } from '../store/schema.ts';

export interface StoreInput {
  name: string;
  region: string;
  timeZone: string;
  channel: Channel;
}

export interface Store extends StoreInput {
  id: string;
}

/** Creates or replaces a store; repeating the same call changes nothing. */
export async function putStore(
  db: Db,
  actor: Actor,
  id: string,
  input: StoreInput,
): Promise<{ store: Store; created: boolean }> {
  if (!isTimeZone(input.timeZone)) {
    throw invalid(
      'unknown_time_zone',
      `"${input.timeZone}" is not an IANA time zone such as Europe/Moscow`,
      '/timeZone',
    );
  }
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('stores')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    const values = {
      name: input.name,
      region: input.region,
      time_zone: input.timeZone,
      channel: input.channel,
    };
    const store = { id, ...input };
    if (before && sameStore(toStore(before), store)) return { store, created: false };
    await trx
      .insertInto('stores')
      .values({ id, ...values })
      .onConflict((oc) => oc.column('id').doUpdateSet({ ...values, updated_at: new Date() }))
      .execute();
    await recordAudit(trx, actor, {
      action: before ? 'store.update' : 'store.create',
      entityType: 'store',
      entityId: id,
      before: before ? toStore(before) : undefined,
      after: store,
    });
    return { store, created: !before };
  });
}

export async function getStore(db: Db, id: string): Promise<Store> {
  const row = await db.selectFrom('stores').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('store_not_found', `No store with id "${id}"`, '/storeId');
  return toStore(row);
}

export async function listStores(db: Db): Promise<Store[]> {
  const rows = await db.selectFrom('stores').selectAll().orderBy('id').execute();
  return rows.map(toStore);
}

function toStore(
  row: Pick<StoresTable, 'id' | 'name' | 'region' | 'time_zone' | 'channel'>,
): Store {
  return {
    id: row.id,
    name: row.name,
    region: row.region,
    timeZone: row.time_zone,
    channel: row.channel,
  };
}

function sameStore(a: Store, b: Store): boolean {
  return (
    a.name === b.name &&
    a.region === b.region &&
    a.timeZone === b.timeZone &&
    a.channel === b.channel
  );
}
