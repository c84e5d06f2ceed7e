import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- The latest link check of each resource URL (catalogue metadata quality): one row per
    -- resource, replaced by every check. A result belongs to the URL it was made for; when the
    -- resource's URL changes, the row is stale until the next check.
    CREATE TABLE catalog_link_checks (
      resource_id    uuid PRIMARY KEY REFERENCES catalog_resources(id) ON DELETE CASCADE,
      tenant_id      uuid NOT NULL REFERENCES core_tenants(id) ON DELETE CASCADE,
      url            text NOT NULL,
      checked_at     timestamptz NOT NULL DEFAULT now(),
      ok             boolean NOT NULL,
      status         integer CHECK (status BETWEEN 100 AND 999),  -- last HTTP status, if any answer came
      error          text CHECK (error IN ('http', 'timeout', 'dns', 'connection', 'tls', 'private_address', 'protocol', 'redirects', 'invalid_url', 'invalid_response')),
      detail         text,
      method         text CHECK (method IN ('HEAD', 'GET')),
      final_url      text,                                        -- after redirects
      redirects      integer NOT NULL DEFAULT 0,
      content_type   text,
      content_length bigint CHECK (content_length >= 0),
      duration_ms    integer NOT NULL DEFAULT 0,
      failing_since  timestamptz,                                 -- first failed check of the current streak
      CHECK (ok = (error IS NULL))
    );
    CREATE INDEX catalog_link_checks_checked ON catalog_link_checks (checked_at);
    CREATE INDEX catalog_link_checks_tenant ON catalog_link_checks (tenant_id);
  `.execute(db);
}
