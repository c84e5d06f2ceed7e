import { sql, type Kysely } from 'kysely';

// Service catalogue and retention of personal data (issue 6, items 2 and 7). The daily retention
// job looks for finished requests whose personal fields are still there; with a million requests
// a partial index on exactly those keeps each batch from scanning the whole table (once cleared,
// a request leaves the index). Adopted services are found by their original for the cooperation
// list ("adopted by").
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX requests_items_retention ON requests_items ((coalesce(closed_at, updated_at)))
      WHERE personal_deleted_at IS NULL AND state IN ('resolved', 'closed');
    CREATE INDEX requests_services_adopted_from ON requests_services (adopted_from) WHERE adopted_from IS NOT NULL;
  `.execute(db);
}
