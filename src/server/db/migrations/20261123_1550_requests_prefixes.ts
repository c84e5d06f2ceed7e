import { sql, type Kysely } from 'kysely';

// Request numbers start with a short code of the municipality ("GIE-2026-000042"). Three letters
// of the short name are not unique (Wetzlar and Wetteraukreis are both "WET"), so each tenant's
// code is assigned once, unique across the platform, and kept.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE requests_prefixes (
      tenant_id uuid PRIMARY KEY REFERENCES core_tenants(id),
      prefix    text NOT NULL UNIQUE CHECK (prefix ~ '^[A-Z]{1,3}$')
    );
  `.execute(db);
}
