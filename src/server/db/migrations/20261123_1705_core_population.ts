import { sql, type Kysely } from 'kysely';

// Population per municipality or district, with its reference date: analytics compare services
// per 1,000 inhabitants and by size class (Gemeindegrößenklasse).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE core_tenants
      ADD COLUMN population      int CHECK (population > 0),
      ADD COLUMN population_date date;
  `.execute(db);
}
