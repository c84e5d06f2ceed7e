import { sql, type Kysely } from 'kysely';

// Service analytics: the protected monthly table of the open data, stored (issue 7).
// Protecting a month means small-cell suppression over that month's whole table (every
// municipality × every service); at 100 municipalities × 300 services that takes about half a
// second a month, too slow to redo on every download or peer comparison. So each completed month
// is protected once and stored; open data, the federal reports and the peer comparison all read
// the stored cells, which also means they always hide the same cells.
// - analytics_open_months: which months are stored, protected with which minimum;
// - analytics_open_cells: the published figures in publication order; NULL = suppressed;
// - analytics_open_dirty: one row per batch with late events for a completed month. Insert-only
//   (no unique key): a counter row per month would be a lock every concurrent late batch queues
//   on. The job deletes the marks and protects their months in one transaction.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE analytics_open_months (
      month        date PRIMARY KEY CHECK (extract(day FROM month) = 1),
      min_cell     integer NOT NULL CHECK (min_cell >= 1),
      protected_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE analytics_open_cells (
      month       date NOT NULL REFERENCES analytics_open_months(month) ON DELETE CASCADE,
      position    integer NOT NULL,
      level       text NOT NULL CHECK (level IN ('zelle', 'summe_kommune', 'summe_leistung', 'summe_gesamt')),
      tenant_id   uuid REFERENCES core_tenants(id),
      service_key text,
      views       bigint, starts bigint, submissions bigint,
      r1 bigint, r2 bigint, r3 bigint, r4 bigint, r5 bigint,
      PRIMARY KEY (month, position)
    );
    -- The peer comparison: one service's cells across municipalities and months.
    CREATE INDEX analytics_open_cells_service ON analytics_open_cells (service_key, month);
    -- A municipality's rows (its dataset in the catalogue downloads them).
    CREATE INDEX analytics_open_cells_tenant ON analytics_open_cells (tenant_id, month);
    CREATE TABLE analytics_open_dirty (
      id    bigserial PRIMARY KEY,
      month date NOT NULL
    );
  `.execute(db);
}
