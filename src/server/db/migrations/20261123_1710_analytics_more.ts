import { sql, type Kysely } from 'kysely';

// Service analytics, second step (issue 7):
// - a monthly rollup of the counters, kept in the same transaction as the daily ones, so that
//   dashboards over years read months, not days;
// - feedback comments, apart from the counters: scrubbed of contact data before they are stored,
//   readable by the service's owners only, deleted after a retention period, never published;
// - per service of a municipality: its name and its owners;
// - offline application counts per service and month (for the digital share);
// - saved views: a chart definition as data, private, for the municipality, or shared with the
//   cooperations it belongs to.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE analytics_counters_monthly (
      tenant_id      uuid NOT NULL REFERENCES core_tenants(id),
      service_key    text NOT NULL,
      online_service text NOT NULL,
      form_version   text NOT NULL DEFAULT '',
      month          date NOT NULL CHECK (extract(day FROM month) = 1),
      metric         text NOT NULL,
      dimension      text NOT NULL DEFAULT '',
      count          bigint NOT NULL,
      PRIMARY KEY (tenant_id, service_key, online_service, form_version, month, metric, dimension)
    );
    -- Overviews of one municipality and comparisons of one service across municipalities.
    CREATE INDEX analytics_counters_monthly_tenant ON analytics_counters_monthly (tenant_id, month, metric);
    CREATE INDEX analytics_counters_monthly_service ON analytics_counters_monthly (service_key, metric, month);
    INSERT INTO analytics_counters_monthly
      SELECT tenant_id, service_key, online_service, form_version, date_trunc('month', day)::date, metric, dimension, sum(count)
        FROM analytics_counters GROUP BY 1, 2, 3, 4, 5, 6, 7;

    CREATE TABLE analytics_comments (
      id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id      uuid NOT NULL REFERENCES core_tenants(id),
      service_key    text NOT NULL,
      online_service text NOT NULL,
      form_version   text NOT NULL DEFAULT '',
      day            date NOT NULL,
      rating         smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
      comment        text NOT NULL,               -- already scrubbed of e-mail, phone, IBAN
      received_at    timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX analytics_comments_service ON analytics_comments (tenant_id, service_key, day DESC);
    CREATE INDEX analytics_comments_received ON analytics_comments (received_at);

    CREATE TABLE analytics_services (
      tenant_id   uuid NOT NULL REFERENCES core_tenants(id),
      service_key text NOT NULL,
      name        text NOT NULL,
      updated_at  timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, service_key)
    );
    CREATE TABLE analytics_service_owners (
      tenant_id   uuid NOT NULL REFERENCES core_tenants(id),
      service_key text NOT NULL,
      user_id     uuid NOT NULL REFERENCES core_users(id),
      PRIMARY KEY (tenant_id, service_key, user_id)
    );

    CREATE TABLE analytics_offline_counts (
      tenant_id   uuid NOT NULL REFERENCES core_tenants(id),
      service_key text NOT NULL,
      month       date NOT NULL CHECK (extract(day FROM month) = 1),
      channel     text NOT NULL CHECK (channel IN ('counter', 'post', 'email', 'phone', 'other')),
      count       int NOT NULL CHECK (count >= 0),
      updated_by  uuid REFERENCES core_users(id),
      updated_at  timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, service_key, month, channel)
    );

    CREATE TABLE analytics_views (
      id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id   uuid NOT NULL REFERENCES core_tenants(id),
      name        text NOT NULL,
      description text NOT NULL DEFAULT '',
      definition  jsonb NOT NULL,
      visibility  text NOT NULL DEFAULT 'private' CHECK (visibility IN ('private', 'tenant', 'cooperation')),
      copied_from uuid REFERENCES analytics_views(id) ON DELETE SET NULL,
      created_by  uuid REFERENCES core_users(id),
      created_at  timestamptz NOT NULL DEFAULT now(),
      updated_at  timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, name)
    );
  `.execute(db);
}
