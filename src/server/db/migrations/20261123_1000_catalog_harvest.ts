import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Harvest sources of a tenant: another CKAN (package_search paging) or a DCAT-AP catalogue
    -- (RDF/XML or Turtle with Hydra paging).
    CREATE TABLE catalog_harvest_sources (
      id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id        uuid NOT NULL REFERENCES core_tenants(id) ON DELETE CASCADE,
      name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      type             text NOT NULL CHECK (type IN ('ckan', 'dcat')),
      url              text NOT NULL CHECK (url ~ '^https?://'),
      organization     text,                   -- CKAN only: harvest this remote organisation
      interval_minutes integer CHECK (interval_minutes BETWEEN 15 AND 43200), -- NULL: manual runs only
      enabled          boolean NOT NULL DEFAULT true,
      -- Start of the last run that read the whole source: incremental runs ask for changes since.
      last_success_at  timestamptz,
      next_run_at      timestamptz,             -- when the scheduler enqueues the next run
      created_at       timestamptz NOT NULL DEFAULT now(),
      updated_at       timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, name)
    );
    CREATE INDEX catalog_harvest_sources_due ON catalog_harvest_sources (next_run_at) WHERE enabled AND interval_minutes IS NOT NULL;

    CREATE TABLE catalog_harvest_runs (
      id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      source_id   uuid NOT NULL REFERENCES catalog_harvest_sources(id) ON DELETE CASCADE,
      tenant_id   uuid NOT NULL REFERENCES core_tenants(id) ON DELETE CASCADE,
      job_id      bigint,
      full_run    boolean NOT NULL,
      started_at  timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      status      text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'partial', 'failed')),
      pages       integer NOT NULL DEFAULT 0,
      created     integer NOT NULL DEFAULT 0,
      updated     integer NOT NULL DEFAULT 0,
      unchanged   integer NOT NULL DEFAULT 0,
      deleted     integer NOT NULL DEFAULT 0,
      skipped     integer NOT NULL DEFAULT 0,  -- not harvested on purpose (from this platform, via another source)
      errors      integer NOT NULL DEFAULT 0,  -- datasets that could not be stored, and run failures
      warnings    integer NOT NULL DEFAULT 0,
      message     text NOT NULL DEFAULT ''
    );
    CREATE INDEX catalog_harvest_runs_source ON catalog_harvest_runs (source_id, started_at DESC);

    -- What a run saw and did, for the UI and the API.
    CREATE TABLE catalog_harvest_log (
      id         bigserial PRIMARY KEY,
      run_id     uuid NOT NULL REFERENCES catalog_harvest_runs(id) ON DELETE CASCADE,
      at         timestamptz NOT NULL DEFAULT now(),
      level      text NOT NULL CHECK (level IN ('info', 'warning', 'error')),
      dataset    text,                          -- the remote identifier (guid) the entry is about
      title      text,
      message    text NOT NULL
    );
    CREATE INDEX catalog_harvest_log_run ON catalog_harvest_log (run_id, id);

    -- Which dataset came from which source under which remote identifier: re-runs update
    -- instead of duplicating. origin is where the dataset originally comes from (dct:identifier
    -- or the identifier extra), to detect harvest loops and the same dataset via two sources.
    -- A deleted source leaves its records (source_id NULL) so its datasets stay known as harvested.
    CREATE TABLE catalog_harvest_records (
      dataset_id   uuid PRIMARY KEY REFERENCES catalog_datasets(id) ON DELETE CASCADE,
      tenant_id    uuid NOT NULL REFERENCES core_tenants(id) ON DELETE CASCADE,
      source_id    uuid REFERENCES catalog_harvest_sources(id) ON DELETE SET NULL,
      guid         text NOT NULL,
      origin       text NOT NULL,
      content_hash text,                        -- NULL after the harvester deleted the dataset
      harvested_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (source_id, guid)
    );
    CREATE INDEX catalog_harvest_records_origin ON catalog_harvest_records (tenant_id, origin);
  `.execute(db);
}
