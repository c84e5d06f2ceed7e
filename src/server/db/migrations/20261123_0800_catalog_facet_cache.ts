import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Facet counts of public searches, shared by all instances; an entry is valid only while the
    -- catalogue version it was computed for is current (see search/facet-cache.ts).
    CREATE UNLOGGED TABLE catalog_facet_cache (
      key        text PRIMARY KEY,
      version    text NOT NULL,
      result     jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    -- The catalogue version: bumped by every change to datasets or resources, in the same
    -- transaction, so a cached facet can never outlive the data it counted.
    CREATE TABLE catalog_version (id boolean PRIMARY KEY DEFAULT true CHECK (id), version bigint NOT NULL);
    INSERT INTO catalog_version VALUES (true, 1);
    CREATE FUNCTION catalog_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE catalog_version SET version = version + 1;
      RETURN NULL;
    END $$;
    CREATE TRIGGER catalog_datasets_version AFTER INSERT OR UPDATE OR DELETE ON catalog_datasets
      FOR EACH STATEMENT EXECUTE FUNCTION catalog_bump_version();
    CREATE TRIGGER catalog_resources_version AFTER INSERT OR UPDATE OR DELETE ON catalog_resources
      FOR EACH STATEMENT EXECUTE FUNCTION catalog_bump_version();
    CREATE TRIGGER catalog_organizations_version AFTER INSERT OR UPDATE OR DELETE ON catalog_organizations
      FOR EACH STATEMENT EXECUTE FUNCTION catalog_bump_version();
  `.execute(db);
}
