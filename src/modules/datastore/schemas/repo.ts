// SQL of common schemas: the schemas, their attachments, the cooperation and its members, and the
// merged view datastore."schema_<cooperation>_<schema>" over datastore_schema_rows (see the
// migration 20261123_1210_datastore_schemas).
import { sql, type Kysely, type ColumnType, type Generated } from 'kysely';
import type { Database } from '../../../server/db/types.ts';
import { FIELD_TYPES } from '../tables.ts';
import type { Report } from './validate.ts';
import { MERGED_TYPE, type TableSchema } from './table-schema.ts';

type Ts = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface DatastoreSchemaTables {
  datastore_schemas: {
    id: Generated<string>; cooperation_id: string; name: string; title: string; description: Generated<string>; version: string;
    table_schema: Json<TableSchema>; view_name: string; created_by: string; created_at: Ts; updated_at: Ts;
  };
  datastore_schema_resources: {
    schema_id: string; resource_id: string; tenant_id: string; status: AttachmentStatus; report: ColumnType<Report | null, string | null, string | null>; schema_version: string;
    table_version: number | null; table_updated_at: ColumnType<Date | null, string | null, string | null>; validated_at: Ts; attached_by: string; attached_at: Ts;
  };
}

/** pending: the check is queued or running; the others are the last check's result. */
export type AttachmentStatus = 'pending' | Report['status'];

type Q = Kysely<Database & DatastoreSchemaTables>;
export const q = (db: Kysely<Database>): Q => db as unknown as Q;

export type SchemaRow = { id: string; cooperation_id: string; name: string; title: string; description: string; version: string; table_schema: TableSchema; view_name: string; created_by: string; created_at: Date; updated_at: Date };

export function findCooperation(db: Kysely<Database>, slug: string) {
  return db.selectFrom('core_cooperations').select(['id', 'slug', 'name']).where('slug', '=', slug).executeTakeFirst();
}

export async function memberTenantIds(db: Kysely<Database>, cooperationId: string): Promise<string[]> {
  const r = await db.selectFrom('core_cooperation_members').select('tenant_id').where('cooperation_id', '=', cooperationId).execute();
  return r.map((x) => x.tenant_id);
}

export function listSchemas(db: Kysely<Database>, cooperationId: string) {
  return q(db).selectFrom('datastore_schemas as s')
    .selectAll('s')
    .select([
      sql<number>`(SELECT count(*)::int FROM datastore_schema_resources a WHERE a.schema_id = s.id)`.as('attached'),
      sql<number>`(SELECT count(*)::int FROM datastore_schema_resources a WHERE a.schema_id = s.id AND a.status = 'valid')`.as('valid'),
    ])
    .where('s.cooperation_id', '=', cooperationId).orderBy('s.name').execute() as Promise<(SchemaRow & { attached: number; valid: number })[]>;
}

export function findSchemaById(db: Kysely<Database>, id: string) {
  return q(db).selectFrom('datastore_schemas').selectAll().where('id', '=', id).executeTakeFirst() as Promise<SchemaRow | undefined>;
}

export function findSchemaByView(db: Kysely<Database>, viewName: string) {
  return q(db).selectFrom('datastore_schemas').select(['id', 'view_name']).where('view_name', '=', viewName).executeTakeFirst();
}

export function findSchema(db: Kysely<Database>, cooperationId: string, name: string, lock = false) {
  const b = q(db).selectFrom('datastore_schemas').selectAll().where('cooperation_id', '=', cooperationId).where('name', '=', name);
  return (lock ? b.forUpdate() : b).executeTakeFirst() as Promise<SchemaRow | undefined>;
}

export function insertSchema(db: Kysely<Database>, s: { cooperation_id: string; name: string; title: string; description: string; version: string; table_schema: TableSchema; view_name: string; created_by: string }) {
  return q(db).insertInto('datastore_schemas').values({ ...s, table_schema: JSON.stringify(s.table_schema) }).returning('id').executeTakeFirstOrThrow();
}

export function updateSchema(db: Kysely<Database>, id: string, s: { title: string; description: string; version: string; table_schema: TableSchema }) {
  return q(db).updateTable('datastore_schemas').set({ ...s, table_schema: JSON.stringify(s.table_schema), updated_at: sql<Date>`now()` }).where('id', '=', id).execute();
}

export function deleteSchema(db: Kysely<Database>, id: string) {
  return q(db).deleteFrom('datastore_schemas').where('id', '=', id).execute();
}

/** Attachments with their resource, dataset and tenant (what decides visibility), and the served table's version now. */
export function attachments(db: Kysely<Database>, schemaId: string) {
  return q(db).selectFrom('datastore_schema_resources as a')
    .innerJoin('catalog_resources as r', 'r.id', 'a.resource_id')
    .innerJoin('catalog_datasets as d', 'd.id', 'r.dataset_id')
    .innerJoin('core_tenants as t', 't.id', 'a.tenant_id')
    .leftJoin('datastore_tables as dt', 'dt.resource_id', 'a.resource_id')
    .select([
      'a.resource_id', 'a.tenant_id', 'a.status', 'a.report', 'a.schema_version', 'a.table_version', 'a.table_updated_at', 'a.validated_at', 'a.attached_at',
      'r.name as resource_name', 'd.name as dataset_name', 'd.title as dataset_title', 'd.state', 'd.private', 't.slug as tenant_slug', 't.name as tenant_name', 't.ars',
      'dt.version as current_version', 'dt.updated_at as current_updated_at',
    ])
    .where('a.schema_id', '=', schemaId).orderBy('t.name').orderBy('a.resource_id').execute();
}

export function findAttachment(db: Kysely<Database>, schemaId: string, resourceId: string, lock = false) {
  const b = q(db).selectFrom('datastore_schema_resources').selectAll().where('schema_id', '=', schemaId).where('resource_id', '=', resourceId);
  return (lock ? b.forUpdate() : b).executeTakeFirst();
}

export type AttachmentValues = { status: Report['status']; report: Report; schema_version: string; table_version: number | null; table_updated_at: string | null };

export function upsertAttachment(db: Kysely<Database>, a: { schema_id: string; resource_id: string; tenant_id: string; attached_by: string } & AttachmentValues) {
  const v = { status: a.status, report: JSON.stringify(a.report), schema_version: a.schema_version, table_version: a.table_version, table_updated_at: a.table_updated_at, validated_at: sql<Date>`now()` };
  return q(db).insertInto('datastore_schema_resources').values({ ...a, ...v })
    .onConflict((oc) => oc.columns(['schema_id', 'resource_id']).doUpdateSet(v)).execute();
}

/** Attaches a resource with its check pending; an existing attachment keeps its last report. */
export function upsertPending(db: Kysely<Database>, a: { schema_id: string; resource_id: string; tenant_id: string; attached_by: string; schema_version: string }) {
  return q(db).insertInto('datastore_schema_resources').values({ ...a, status: 'pending', report: null })
    .onConflict((oc) => oc.columns(['schema_id', 'resource_id']).doUpdateSet({ status: 'pending' })).execute();
}

/** Marks a schema's attachments (or one) pending; returns them with their tenant. */
export function markPending(db: Kysely<Database>, schemaId: string, resourceId?: string) {
  let b = q(db).updateTable('datastore_schema_resources').set({ status: 'pending' }).where('schema_id', '=', schemaId);
  if (resourceId) b = b.where('resource_id', '=', resourceId);
  return b.returning(['schema_id', 'resource_id', 'tenant_id']).execute();
}

/** Attachments to check again: their table or the schema changed since the last check, or
 *  (with `pending`) a check is pending, whose job may have been lost. */
export function staleAttachments(db: Kysely<Database>, o: { schemaId?: string; pending: boolean; limit: number }) {
  let b = q(db).selectFrom('datastore_schema_resources as a')
    .innerJoin('datastore_schemas as s', 's.id', 'a.schema_id')
    .leftJoin('datastore_tables as dt', 'dt.resource_id', 'a.resource_id')
    .select(['a.schema_id', 'a.resource_id', 'a.tenant_id', 'a.status'])
    .where((w) => w.or([
      w.and([w('a.status', '<>', 'pending'), sql<boolean>`(a.schema_version <> s.version OR a.table_version IS DISTINCT FROM dt.version OR a.table_updated_at IS DISTINCT FROM dt.updated_at)`]),
      ...(o.pending ? [w('a.status', '=', 'pending')] : []),
    ]));
  if (o.schemaId) b = b.where('a.schema_id', '=', o.schemaId);
  return b.orderBy('a.schema_id').orderBy('a.resource_id').limit(o.limit).execute();
}

export function deleteAttachment(db: Kysely<Database>, schemaId: string, resourceId: string) {
  return q(db).deleteFrom('datastore_schema_resources').where('schema_id', '=', schemaId).where('resource_id', '=', resourceId).executeTakeFirst();
}

// ---------------------------------------------------------------- the merged view

export const viewTable = (viewName: string) => sql.table(`datastore.${viewName}`);

/** The merged view's columns: kommune, ars, resource_id, _id, then the schema's fields in their types. */
export function mergedColumns(schema: TableSchema) {
  return [
    { id: 'kommune', type: 'text' as const }, { id: 'ars', type: 'text' as const }, { id: 'resource_id', type: 'text' as const },
    ...schema.fields.map((f) => ({ id: f.name, type: MERGED_TYPE[f.type] })),
  ];
}

/** (Re)creates the view datastore."<view>" over datastore_schema_rows with the schema's columns. */
export async function createView(db: Kysely<Database>, viewName: string, schemaId: string, schema: TableSchema): Promise<void> {
  const defs = [sql`kommune text`, sql`ars text`, sql`resource_id text`, sql`_id bigint`, ...schema.fields.map((f) => sql`${sql.id(f.name)} ${sql.raw(FIELD_TYPES[MERGED_TYPE[f.type]])}`)];
  await sql`DROP VIEW IF EXISTS ${viewTable(viewName)}`.execute(db);
  // The schema id is a uuid from our own row; views take no parameters, so it is inlined as a literal.
  if (!/^[0-9a-f-]{36}$/.test(schemaId)) throw new Error('bad schema id');
  await sql`CREATE VIEW ${viewTable(viewName)} AS SELECT * FROM datastore_schema_rows(${sql.lit(schemaId)}::uuid) AS m(${sql.join(defs)})`.execute(db);
}

export async function dropView(db: Kysely<Database>, viewName: string): Promise<void> {
  await sql`DROP VIEW IF EXISTS ${viewTable(viewName)}`.execute(db);
}

/** Resources with a datastore table that the given member tenants could attach (all member
 *  tenants' for `tenantIds` null), newest first, with whether each is attached already. */
export function attachable(db: Kysely<Database>, cooperationId: string, schemaId: string, tenantIds: string[] | null, limit: number) {
  let b = q(db).selectFrom('datastore_tables as dt')
    .innerJoin('catalog_resources as r', 'r.id', 'dt.resource_id')
    .innerJoin('catalog_datasets as d', 'd.id', 'r.dataset_id')
    .innerJoin('core_tenants as t', 't.id', 'dt.tenant_id')
    .innerJoin('core_cooperation_members as m', (j) => j.onRef('m.tenant_id', '=', 'dt.tenant_id').on('m.cooperation_id', '=', cooperationId))
    .select([
      'dt.resource_id', 'dt.row_count', 'r.name as resource_name', 'd.name as dataset_name', 'd.title as dataset_title', 't.slug as tenant_slug', 't.name as tenant_name',
      sql<boolean>`EXISTS (SELECT 1 FROM datastore_schema_resources a WHERE a.schema_id = ${schemaId} AND a.resource_id = dt.resource_id)`.as('attached'),
    ])
    .where('d.state', '<>', 'deleted');
  if (tenantIds) b = b.where('dt.tenant_id', 'in', tenantIds.length ? tenantIds : ['00000000-0000-0000-0000-000000000000']);
  return b.orderBy('t.name').orderBy('d.title').orderBy('r.name').limit(limit).execute();
}
