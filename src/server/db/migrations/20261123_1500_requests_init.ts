import { sql, type Kysely } from 'kysely';

// Citizen requests (issue 6): each tenant's service catalogue (Open311 services with their
// attributes), the requests themselves, and every request's event log — the log is the truth
// (states, assignments, notes, public updates); the columns on requests_items are its current
// summary, kept in the same transaction as each event.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE requests_services (
      id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id     uuid NOT NULL REFERENCES core_tenants(id),
      code          text NOT NULL CHECK (code ~ '^[a-z0-9][a-z0-9_-]{0,63}$'),  -- Open311 service_code
      name          text NOT NULL,
      description   text NOT NULL DEFAULT '',
      category      text NOT NULL DEFAULT '',          -- Open311 "group"
      keywords      text[] NOT NULL DEFAULT '{}',
      type          text NOT NULL DEFAULT 'realtime' CHECK (type IN ('realtime', 'batch', 'blackbox')),
      -- Open311 attributes: [{code, datatype, required, description, datatype_description, order, values: [{key, name}]}]
      attributes    jsonb NOT NULL DEFAULT '[]',
      department_id uuid REFERENCES core_departments(id),
      sla_policy    jsonb,                             -- see src/modules/requests/sla (null: no promise)
      adopted_from  uuid REFERENCES requests_services(id),  -- a cooperation partner's service this one copies
      active        boolean NOT NULL DEFAULT true,
      created_at    timestamptz NOT NULL DEFAULT now(),
      updated_at    timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, code)
    );

    CREATE TABLE requests_items (
      id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id      uuid NOT NULL REFERENCES core_tenants(id),
      number         text NOT NULL UNIQUE,             -- Open311 service_request_id, e.g. "GI-2026-000042"
      service_id     uuid NOT NULL REFERENCES requests_services(id),
      -- received, acknowledged, in_progress, waiting_citizen, waiting_third_party, resolved, closed
      state          text NOT NULL DEFAULT 'received',
      description    text NOT NULL DEFAULT '',
      lat            double precision,
      lon            double precision,
      address        text,
      attributes     jsonb NOT NULL DEFAULT '{}',
      media_url      text,
      department_id  uuid REFERENCES core_departments(id),
      assignee_id    uuid REFERENCES core_users(id),
      priority       smallint NOT NULL DEFAULT 2 CHECK (priority BETWEEN 1 AND 4),
      merged_into    uuid REFERENCES requests_items(id),
      source         text NOT NULL DEFAULT 'open311',  -- open311, web, staff
      client_name    text,                             -- the Open311 client (API token's name) that posted it
      -- Personal data: never in public APIs; deleted after the retention period (personal_deleted_at).
      contact_name   text,
      contact_email  text,
      contact_phone  text,
      notify         boolean NOT NULL DEFAULT false,   -- the citizen opted in to e-mails
      personal_deleted_at timestamptz,
      requested_at   timestamptz NOT NULL DEFAULT now(),
      updated_at     timestamptz NOT NULL DEFAULT now(),
      expected_at    timestamptz,                      -- resolution deadline from the SLA engine
      closed_at      timestamptz
    );
    CREATE INDEX requests_items_tenant_requested ON requests_items (tenant_id, requested_at DESC);
    CREATE INDEX requests_items_service ON requests_items (service_id, requested_at DESC);
    CREATE INDEX requests_items_inbox ON requests_items (tenant_id, department_id, expected_at) WHERE state NOT IN ('resolved', 'closed');
    CREATE INDEX requests_items_updated ON requests_items (updated_at);

    CREATE TABLE requests_events (
      id          bigserial PRIMARY KEY,
      request_id  uuid NOT NULL REFERENCES requests_items(id) ON DELETE CASCADE,
      tenant_id   uuid NOT NULL REFERENCES core_tenants(id),
      at          timestamptz NOT NULL DEFAULT now(),
      kind        text NOT NULL,          -- created, state, assigned, note, update, merged, reopened
      from_state  text,
      to_state    text,
      public      boolean NOT NULL DEFAULT false,  -- shown to the citizen and in Open311 updates
      text        text,
      actor_id    uuid REFERENCES core_users(id),
      data        jsonb NOT NULL DEFAULT '{}'
    );
    CREATE INDEX requests_events_request ON requests_events (request_id, at);
    CREATE INDEX requests_events_public ON requests_events (tenant_id, at) WHERE public;

    -- Per tenant and year, the last number handed out (GI-2026-000042).
    CREATE TABLE requests_counters (
      tenant_id uuid NOT NULL REFERENCES core_tenants(id),
      year      int NOT NULL,
      last      int NOT NULL DEFAULT 0,
      PRIMARY KEY (tenant_id, year)
    );
  `.execute(db);
}
