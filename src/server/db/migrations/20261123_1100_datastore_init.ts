import { sql, type Kysely } from 'kysely';

// The datastore (see docs/adr/0005-datastore-tables.md): every loaded resource is served as the
// view `datastore."<resource id>"` over its current physical table `datastore_data."<id>_v<n>"`
// (`_id` plus typed columns); this bookkeeping says what exists.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE SCHEMA IF NOT EXISTS datastore;          -- one view per resource, the stable name
    CREATE SCHEMA IF NOT EXISTS datastore_data;     -- physical tables, one per loaded version
    CREATE SCHEMA IF NOT EXISTS datastore_staging;  -- all-text COPY targets during a load

    -- The table currently served for a resource. Replaced (never edited in place) by a load:
    -- the new table is built under another name and swapped in with this row, in one transaction.
    CREATE TABLE datastore_tables (
      resource_id  uuid PRIMARY KEY REFERENCES catalog_resources(id) ON DELETE CASCADE,
      tenant_id    uuid NOT NULL REFERENCES core_tenants(id),
      table_name   text NOT NULL UNIQUE,  -- the physical table in datastore_data now behind the view
      -- [{ id, type: text|int|numeric|date|timestamp|bool|json, info: { label, notes, unit, geo } }]
      fields       jsonb NOT NULL,
      primary_key  text[] NOT NULL DEFAULT '{}',
      row_count    bigint NOT NULL DEFAULT 0,
      version      int NOT NULL DEFAULT 1,
      source       text NOT NULL CHECK (source IN ('load', 'push')),
      created_at   timestamptz NOT NULL DEFAULT now(),
      updated_at   timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX datastore_tables_tenant ON datastore_tables (tenant_id);

    -- Every load of a resource (upload or URL), with its progress and result: a version.
    CREATE TABLE datastore_loads (
      id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      resource_id   uuid NOT NULL REFERENCES catalog_resources(id) ON DELETE CASCADE,
      tenant_id     uuid NOT NULL REFERENCES core_tenants(id),
      status        text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'unchanged', 'failed')),
      phase         text NOT NULL DEFAULT 'queued',
      source_url    text,
      file_id       uuid,
      bytes_total   bigint,
      bytes_done    bigint NOT NULL DEFAULT 0,
      rows_done     bigint NOT NULL DEFAULT 0,
      row_count     bigint,
      checksum      text,
      etag          text,
      last_modified text,
      dialect       jsonb,
      fields        jsonb,
      problem_count bigint NOT NULL DEFAULT 0,
      error         text,
      version       int,
      created_by    text NOT NULL,
      created_at    timestamptz NOT NULL DEFAULT now(),
      started_at    timestamptz,
      finished_at   timestamptz
    );
    CREATE INDEX datastore_loads_resource ON datastore_loads (resource_id, id DESC);

    -- Per-row problems of a load (capped): row number in the file, column, value, why.
    CREATE TABLE datastore_load_problems (
      load_id     bigint NOT NULL REFERENCES datastore_loads(id) ON DELETE CASCADE,
      row_number  bigint NOT NULL,
      column_name text,
      value       text,
      reason      text NOT NULL
    );
    CREATE INDEX datastore_load_problems_load ON datastore_load_problems (load_id, row_number);
  `.execute(db);
}
