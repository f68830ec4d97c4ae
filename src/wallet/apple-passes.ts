import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../store/database.ts';

/** A pass as stored: its serial, whose it is, and when it last changed. */
export interface StoredPass {
  serial: string;
  passTypeId: string;
  customerId: string;
  tag: number;
  updatedAt: Date;
}

/**
 * The pass's authentication token: an HMAC of its type and serial under the configured secret,
 * so the same token is written into every copy of the pass Perk builds (a device sends the one
 * its copy holds) while the database keeps only its hash.
 */
export function passToken(secret: string, passTypeId: string, serial: string): string {
  return createHmac('sha256', secret).update(`${passTypeId}\n${serial}`).digest('base64url');
}

/**
 * The new `updated_at` of a pass changed at `now`, for an UPDATE of `wallet_passes`: whole seconds,
 * as `Last-Modified` and `If-Modified-Since` have, and a second past the previous one at least, so
 * two changes within one second still tell apart (a burst runs a few seconds ahead, no harm).
 */
export function nextModified(now: Date) {
  return sql<Date>`greatest(date_trunc('second', ${now}::timestamptz), updated_at + interval '1 second')`;
}

function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** The customer's pass of `passTypeId`, made on first use (a second maker finds the first's). */
export async function ensurePass(
  db: Db,
  customerId: string,
  passTypeId: string,
  tokenSecret: string,
  now: Date,
): Promise<StoredPass> {
  const existing = await findCustomerPass(db, customerId, passTypeId);
  if (existing) return existing;
  const serial = randomUUID();
  const hash = tokenHash(passToken(tokenSecret, passTypeId, serial)).toString('hex');
  await db
    .insertInto('wallet_passes')
    .values({
      serial,
      pass_type_id: passTypeId,
      customer_id: customerId,
      auth_token_hash: hash,
      updated_at: new Date(Math.floor(now.getTime() / 1000) * 1000),
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['customer_id', 'pass_type_id']).doNothing())
    .execute();
  const made = await findCustomerPass(db, customerId, passTypeId);
  if (!made) throw new Error('a wallet pass just written is missing');
  return made;
}

async function findCustomerPass(db: Db, customerId: string, passTypeId: string) {
  const row = await db
    .selectFrom('wallet_passes')
    .select(['serial', 'pass_type_id', 'customer_id', 'tag', 'updated_at'])
    .where('customer_id', '=', customerId)
    .where('pass_type_id', '=', passTypeId)
    .executeTakeFirst();
  return row ? storedPass(row) : null;
}

/**
 * The pass `serial` of `passTypeId` when `authorization` is `ApplePass <its token>`; null for an
 * unknown pass and for a wrong or missing token alike, so a caller cannot tell which serials exist.
 */
export async function authenticPass(
  db: Db,
  passTypeId: string,
  serial: string,
  authorization: string | undefined,
): Promise<StoredPass | null> {
  const token = /^ApplePass (\S+)$/.exec(authorization ?? '')?.[1];
  if (!token) return null;
  const row = await db
    .selectFrom('wallet_passes')
    .select(['serial', 'pass_type_id', 'customer_id', 'tag', 'updated_at', 'auth_token_hash'])
    .where('serial', '=', serial)
    .where('pass_type_id', '=', passTypeId)
    .executeTakeFirst();
  if (!row) return null;
  const stored = Buffer.from(row.auth_token_hash, 'hex');
  const given = tokenHash(token);
  return stored.length === given.length && timingSafeEqual(stored, given) ? storedPass(row) : null;
}

/**
 * Records that `deviceId` holds the pass and pushes to `pushToken`; answers `created`, or
 * `existing` when the device had registered it before (its push token is then brought up to date).
 */
export async function registerDevice(
  db: Db,
  registration: { deviceId: string; passTypeId: string; serial: string; pushToken: string },
  now: Date,
): Promise<'created' | 'existing'> {
  const { rows } = await sql<{ created: boolean }>`
    INSERT INTO wallet_registrations (device_id, pass_type_id, serial, push_token, created_at)
    VALUES (${registration.deviceId}, ${registration.passTypeId}, ${registration.serial},
      ${registration.pushToken}, ${now})
    ON CONFLICT (device_id, pass_type_id, serial)
      DO UPDATE SET push_token = excluded.push_token
    RETURNING (xmax = 0) AS created`.execute(db);
  return rows[0]?.created ? 'created' : 'existing';
}

/** Forgets that `deviceId` holds the pass (the pass was deleted from it). */
export async function unregisterDevice(
  db: Db,
  registration: { deviceId: string; passTypeId: string; serial: string },
): Promise<void> {
  await db
    .deleteFrom('wallet_registrations')
    .where('device_id', '=', registration.deviceId)
    .where('pass_type_id', '=', registration.passTypeId)
    .where('serial', '=', registration.serial)
    .execute();
}

/**
 * The serials of `passTypeId` that `deviceId` holds and that changed after tag `since` (all of
 * them without one), with the newest tag among them; null when none did.
 */
export async function updatedSerials(
  db: Db,
  deviceId: string,
  passTypeId: string,
  since: number | undefined,
): Promise<{ serialNumbers: string[]; lastUpdated: string } | null> {
  let query = db
    .selectFrom('wallet_registrations as r')
    .innerJoin('wallet_passes as p', 'p.serial', 'r.serial')
    .select(['p.serial', 'p.tag'])
    .where('r.device_id', '=', deviceId)
    .where('r.pass_type_id', '=', passTypeId)
    .orderBy('p.serial');
  if (since !== undefined) query = query.where('p.tag', '>', since);
  const rows = await query.execute();
  if (rows.length === 0) return null;
  const lastUpdated = Math.max(...rows.map((row) => Number(row.tag)));
  return { serialNumbers: rows.map((row) => row.serial), lastUpdated: String(lastUpdated) };
}

function storedPass(row: {
  serial: string;
  pass_type_id: string;
  customer_id: string;
  tag: number;
  updated_at: Date;
}): StoredPass {
  return {
    serial: row.serial,
    passTypeId: row.pass_type_id,
    customerId: row.customer_id,
    tag: Number(row.tag),
    updatedAt: row.updated_at,
  };
}
