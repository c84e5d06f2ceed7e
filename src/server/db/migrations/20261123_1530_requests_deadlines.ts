import { sql, type Kysely } from 'kysely';

// Service levels of citizen requests (issue 6): each municipality's business calendar, the
// deadlines computed from a request's event log (materialised for the inbox and dashboards;
// recomputed after every event), and the thresholds already acted on (each exactly once).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE requests_calendars (
      tenant_id  uuid PRIMARY KEY REFERENCES core_tenants(id),
      config     jsonb NOT NULL,            -- src/modules/requests/sla/contract.ts SlaCalendarConfig
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE requests_deadlines (
      request_id  uuid NOT NULL REFERENCES requests_items(id) ON DELETE CASCADE,
      tenant_id   uuid NOT NULL REFERENCES core_tenants(id),
      clock       text NOT NULL CHECK (clock IN ('firstResponse', 'maxSilence', 'resolution', 'legal')),
      policy_id   text NOT NULL,
      cycle       int NOT NULL,
      status      text NOT NULL CHECK (status IN ('running', 'paused', 'met', 'breached')),
      started_at  timestamptz NOT NULL,
      due_at      timestamptz,              -- null while paused
      stopped_at  timestamptz,
      announced_due_at timestamptz,         -- a new date told to the citizen after a breach
      PRIMARY KEY (request_id, clock)
    );
    CREATE INDEX requests_deadlines_due ON requests_deadlines (tenant_id, clock, status, due_at);
    CREATE TABLE requests_sla_fired (
      request_id uuid NOT NULL REFERENCES requests_items(id) ON DELETE CASCADE,
      clock      text NOT NULL,
      cycle      int NOT NULL,
      percent    numeric NOT NULL,
      fired_at   timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (request_id, clock, cycle, percent)
    );
  `.execute(db);
}
