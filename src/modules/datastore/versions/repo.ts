// SQL of refresh settings, versions and retention. Versions are the succeeded loads
// (datastore_loads.version) and their physical tables datastore_data."<id>_v<n>" (ADR 0005).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../server/db/types.ts';
import type { Field } from '../tables.ts';
import { dataRef, versionName } from '../repo.ts';
import { cancelIndexBuilds } from '../fulltext/repo.ts';

type Q = Kysely<Database>;

/** A queued or running load younger than this blocks a scheduled one (older ones are taken as
 *  lost: the load job's time limit is one hour and its retries back off for minutes). */
const BUSY_HOURS = 6;

// ---------------------------------------------------------------- settings

export function findSettings(db: Q, resourceId: string) {
  return db.selectFrom('datastore_refresh').select(['interval_minutes', 'auto_load', 'updated_at']).where('resource_id', '=', resourceId).executeTakeFirst();
}

export function saveSettings(db: Q, s: { resourceId: string; tenantId: string; intervalMinutes: number | null; autoLoad: boolean; by: string }) {
  const values = { interval_minutes: s.intervalMinutes, auto_load: s.autoLoad, updated_by: s.by, updated_at: sql<Date>`now()` };
  return db.insertInto('datastore_refresh').values({ resource_id: s.resourceId, tenant_id: s.tenantId, ...values })
    .onConflict((oc) => oc.column('resource_id').doUpdateSet(values)).execute();
}

/** When the resource's last load (any) was created: the refresh clock starts there. */
export async function lastLoadAt(db: Q, resourceId: string): Promise<Date | null> {
  const r = await db.selectFrom('datastore_loads').select('created_at').where('resource_id', '=', resourceId).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return r?.created_at ?? null;
}

// ---------------------------------------------------------------- scheduling

export type Candidate = { resource_id: string; tenant_id: string; url: string; file_id: string | null };

/** Resources with a refresh interval whose last load is at least that old (most overdue first). */
export async function dueRefreshes(db: Q, limit: number): Promise<Candidate[]> {
  const r = await sql<Candidate>`
    SELECT s.resource_id, r.tenant_id, r.url, r.file_id
    FROM datastore_refresh s
    JOIN catalog_resources r ON r.id = s.resource_id
    JOIN catalog_datasets d ON d.id = r.dataset_id
    CROSS JOIN LATERAL (SELECT max(l.created_at) AS at FROM datastore_loads l WHERE l.resource_id = s.resource_id) last
    WHERE s.interval_minutes IS NOT NULL AND d.state <> 'deleted'
      AND (last.at IS NULL OR last.at <= now() - make_interval(mins => s.interval_minutes))
    ORDER BY last.at NULLS FIRST
    LIMIT ${limit}`.execute(db);
  return r.rows;
}

/** Tabular resources (CSV, TSV by format or media type) of active, not harvested datasets that
 *  were never loaded nor pushed, with a file or an http(s) address, unless switched off — and not
 *  the platform's own API answers (`ownApi`, e.g. the analytics open data): those are always
 *  current, and a copy would only go stale. */
export async function neverLoaded(db: Q, limit: number, ownApi = ''): Promise<Candidate[]> {
  const r = await sql<Candidate>`
    SELECT r.id AS resource_id, r.tenant_id, r.url, r.file_id
    FROM catalog_resources r
    JOIN catalog_datasets d ON d.id = r.dataset_id
    LEFT JOIN datastore_refresh s ON s.resource_id = r.id
    WHERE d.state = 'active' AND coalesce(s.auto_load, true)
      AND (upper(regexp_replace(btrim(r.format), '^.*[/#]', '')) IN ('CSV', 'TSV', '.CSV', '.TSV')
           OR lower(split_part(coalesce(r.mimetype, ''), ';', 1)) IN ('text/csv', 'text/tab-separated-values'))
      AND (r.file_id IS NOT NULL OR r.url ~* '^https?://')
      AND (${ownApi} = '' OR r.file_id IS NOT NULL OR left(r.url, length(${ownApi})) <> ${ownApi})
      AND coalesce(r.url_type, '') <> 'datastore'
      AND NOT EXISTS (SELECT 1 FROM datastore_loads l WHERE l.resource_id = r.id)
      AND NOT EXISTS (SELECT 1 FROM datastore_tables t WHERE t.resource_id = r.id)
      AND NOT EXISTS (SELECT 1 FROM catalog_harvest_records h WHERE h.dataset_id = d.id)
    ORDER BY r.created, r.id
    LIMIT ${limit}`.execute(db);
  return r.rows;
}

/** Serialises scheduling with other loads of the resource (the lock runLoad's start takes). */
export async function lockResource(db: Q, resourceId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`datastore.load:${resourceId}`}))`.execute(db);
}

export async function loadPending(db: Q, resourceId: string): Promise<boolean> {
  const r = await db.selectFrom('datastore_loads').select('id').where('resource_id', '=', resourceId).where('status', 'in', ['queued', 'running'])
    .where('created_at', '>', sql<Date>`now() - make_interval(hours => ${BUSY_HOURS})`).limit(1).executeTakeFirst();
  return !!r;
}

export async function hasAnyLoad(db: Q, resourceId: string): Promise<boolean> {
  const r = await db.selectFrom('datastore_loads').select('id').where('resource_id', '=', resourceId).limit(1).executeTakeFirst();
  return !!r;
}

// ---------------------------------------------------------------- versions

export type VersionRow = { load_id: number; version: number; row_count: number | null; checksum: string | null; fields: Field[] | null; created_by: string; finished_at: Date | null; source_url: string | null; file_id: string | null; replaced_at: Date | null; kept: boolean };

/** Every succeeded load of the resource (a version), oldest first, with whether its table still
 *  exists and when a newer version replaced it. */
export async function versionsOf(db: Q, resourceId: string): Promise<VersionRow[]> {
  const r = await sql<VersionRow>`
    SELECT l.id::int AS load_id, l.version, l.row_count::int AS row_count, l.checksum, l.fields, l.created_by, l.finished_at, l.source_url, l.file_id,
      (SELECT min(n.finished_at) FROM datastore_loads n WHERE n.resource_id = l.resource_id AND n.status = 'succeeded' AND n.version > l.version) AS replaced_at,
      EXISTS (SELECT 1 FROM pg_tables p WHERE p.schemaname = 'datastore_data' AND p.tablename = l.resource_id::text || '_v' || l.version) AS kept
    FROM datastore_loads l
    WHERE l.resource_id = ${resourceId} AND l.status = 'succeeded' AND l.version IS NOT NULL
    ORDER BY l.version, l.id`.execute(db);
  return r.rows;
}

export async function tableExists(db: Q, tableName: string): Promise<boolean> {
  const r = await sql<{ ok: boolean }>`SELECT to_regclass(${`datastore_data."${tableName}"`}) IS NOT NULL AS ok`.execute(db);
  return r.rows[0]!.ok;
}

export type Expired = { resource_id: string; version: number };

/**
 * Versions whose table is still there but not served, and were replaced more than `days` ago:
 * replaced = the next newer version's load finished; without one (a version made by retyping or
 * push replaced it) the served table's last change. Oldest first, at most `limit`.
 */
export async function expiredVersions(db: Q, days: number, limit: number): Promise<Expired[]> {
  const r = await sql<Expired>`
    SELECT l.resource_id, l.version
    FROM datastore_loads l
    JOIN datastore_tables t ON t.resource_id = l.resource_id
    WHERE l.status = 'succeeded' AND l.version IS NOT NULL AND l.version <> t.version
      AND coalesce(
            (SELECT min(n.finished_at) FROM datastore_loads n WHERE n.resource_id = l.resource_id AND n.status = 'succeeded' AND n.version > l.version),
            t.updated_at) < now() - make_interval(secs => ${days * 86_400})
      AND EXISTS (SELECT 1 FROM pg_tables p WHERE p.schemaname = 'datastore_data' AND p.tablename = l.resource_id::text || '_v' || l.version)
    ORDER BY l.finished_at
    LIMIT ${limit}`.execute(db);
  return r.rows;
}

/** Drops a version's table inside the caller's transaction unless it is (now) the served one.
 *  Waits at most a few seconds for readers (an export in progress): then it is left for the next run. */
export async function dropVersionTable(db: Q, resourceId: string, version: number): Promise<boolean> {
  const served = await db.selectFrom('datastore_tables').select('version').where('resource_id', '=', resourceId).forUpdate().executeTakeFirst();
  if (!served || served.version === version) return false;
  await sql`SET LOCAL lock_timeout = '5s'`.execute(db);
  await cancelIndexBuilds(db, versionName(resourceId, version));
  await sql`DROP TABLE IF EXISTS ${dataRef(versionName(resourceId, version))}`.execute(db);
  return true;
}
