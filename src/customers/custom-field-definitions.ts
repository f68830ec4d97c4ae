import { sql } from 'kysely';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import { conflict } from '../errors.ts';
import type { Db } from '../store/database.ts';
import type { CustomFieldDefinitionsTable, CustomFieldType } from '../store/schema.ts';

export interface CustomFieldDefinitionInput {
  type: CustomFieldType;
  titleRu: string;
  titleEn: string;
}

export interface CustomFieldDefinition extends CustomFieldDefinitionInput {
  key: string;
}

/**
 * Defines a custom field or renames it; repeating the same call changes nothing. The type of a
 * field that some customer already holds cannot change (`custom_field_in_use`, 409): the stored
 * values would no longer fit it.
 */
export async function putCustomFieldDefinition(
  db: Db,
  actor: Actor,
  key: string,
  input: CustomFieldDefinitionInput,
): Promise<{ definition: CustomFieldDefinition; created: boolean }> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('custom_field_definitions')
      .selectAll()
      .where('key', '=', key)
      .forUpdate()
      .executeTakeFirst();
    const before = row ? toDefinition(row) : undefined;
    const definition = { key, ...input };
    if (before && sameDefinition(before, definition)) return { definition, created: false };
    if (before && before.type !== input.type && (await isInUse(trx, key))) {
      throw conflict(
        'custom_field_in_use',
        `Customers hold values of "${key}" as ${before.type}; its type cannot change`,
        '/type',
      );
    }
    const values = { type: input.type, title_ru: input.titleRu, title_en: input.titleEn };
    await trx
      .insertInto('custom_field_definitions')
      .values({ key, ...values })
      .onConflict((oc) => oc.column('key').doUpdateSet(values))
      .execute();
    await recordAudit(trx, actor, {
      action: before ? 'customer_field.update' : 'customer_field.create',
      entityType: 'customer_field',
      entityId: key,
      before,
      after: definition,
    });
    return { definition, created: !before };
  });
}

/** Every defined custom field, by key. */
export async function listCustomFieldDefinitions(db: Db): Promise<CustomFieldDefinition[]> {
  const rows = await db.selectFrom('custom_field_definitions').selectAll().orderBy('key').execute();
  return rows.map(toDefinition);
}

/** The defined keys with their types, as profile validation needs them. */
export async function customFieldTypes(db: Db): Promise<Map<string, CustomFieldType>> {
  const rows = await db.selectFrom('custom_field_definitions').select(['key', 'type']).execute();
  return new Map(rows.map((row) => [row.key, row.type]));
}

async function isInUse(db: Db, key: string): Promise<boolean> {
  const row = await db
    .selectFrom('customers')
    .select('id')
    .where(sql<boolean>`jsonb_exists(custom_fields, ${key})`)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

function toDefinition(
  row: Pick<CustomFieldDefinitionsTable, 'key' | 'type' | 'title_ru' | 'title_en'>,
): CustomFieldDefinition {
  return { key: row.key, type: row.type, titleRu: row.title_ru, titleEn: row.title_en };
}

function sameDefinition(a: CustomFieldDefinition, b: CustomFieldDefinition): boolean {
  return a.type === b.type && a.titleRu === b.titleRu && a.titleEn === b.titleEn;
}
