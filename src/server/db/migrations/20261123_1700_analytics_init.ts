import { sql, type Kysely } from 'kysely';

// Service analytics (issue 7), without people: registered source systems (one key per platform
// per municipality, stored hashed), the batches received (for idempotent re-delivery), and
// counters — municipality × service key × online service × form version × day × metric ×
// dimension. No raw event, IP, user agent, cookie or visitor id is ever stored.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE analytics_sources (
      id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id   uuid NOT NULL REFERENCES core_tenants(id),
      name        text NOT NULL,
      platform    text NOT NULL DEFAULT '',
      key_hash    text NOT NULL UNIQUE,          -- sha256 of the key, never the key
      key_prefix  text NOT NULL,
      created_by  uuid REFERENCES core_users(id),
      created_at  timestamptz NOT NULL DEFAULT now(),
      revoked_at  timestamptz,
      UNIQUE (tenant_id, name)
    );
    CREATE TABLE analytics_batches (
      source_id   uuid NOT NULL REFERENCES analytics_sources(id),
      batch_id    text NOT NULL,
      events      int NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (source_id, batch_id)
    );
    CREATE TABLE analytics_counters (
      tenant_id      uuid NOT NULL REFERENCES core_tenants(id),
      service_key    text NOT NULL,
      online_service text NOT NULL,
      form_version   text NOT NULL DEFAULT '',
      day            date NOT NULL,
      metric         text NOT NULL,
      dimension      text NOT NULL DEFAULT '',
      count          bigint NOT NULL,
      PRIMARY KEY (tenant_id, service_key, online_service, form_version, day, metric, dimension)
    );
    CREATE INDEX analytics_counters_day ON analytics_counters (tenant_id, day);
  `.execute(db);
}
