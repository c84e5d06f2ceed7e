import { sql, type Kysely } from 'kysely';

// Scheduled refresh and automatic first load of datastore resources (issue 5, item 4): one
// settings row per resource that an editor changed. No row means: no scheduled refresh, and
// automatic loading on (tabular formats). Versions themselves are the succeeded loads
// (datastore_loads.version) and their tables datastore_data."<id>_v<n>" (ADR 0005).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE datastore_refresh (
      resource_id      uuid PRIMARY KEY REFERENCES catalog_resources(id) ON DELETE CASCADE,
      tenant_id        uuid NOT NULL REFERENCES core_tenants(id),
      -- NULL: no scheduled refresh. The refresh is due when the last load of the resource
      -- (whoever started it) is at least this old.
      interval_minutes int CHECK (interval_minutes IS NULL OR interval_minutes BETWEEN 15 AND 525600),
      -- false: the automatic first load of tabular resources leaves this resource alone.
      auto_load        boolean NOT NULL DEFAULT true,
      updated_by       text NOT NULL,
      updated_at       timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX datastore_refresh_scheduled ON datastore_refresh (resource_id) WHERE interval_minutes IS NOT NULL;
    CREATE INDEX datastore_loads_resource_version ON datastore_loads (resource_id, version) WHERE status = 'succeeded';
  `.execute(db);
}
