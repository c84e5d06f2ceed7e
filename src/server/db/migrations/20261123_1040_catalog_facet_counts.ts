import { sql, type Kysely } from 'kysely';

// Facet counts of the whole public catalogue, kept exact in the writing transaction, so the
// portal's start facets never scan all datasets (a cold scan took 300–600 ms at 100,000).
// Writers only append per-statement deltas (no shared counter rows, so no lock contention or
// deadlocks between concurrent publishers); a job folds the deltas into the totals every few
// seconds, and readers add the not yet folded deltas (see search/facet-counts.ts).
// Counted: datasets that are active and public. Values: organisation and tenant ids (names
// may change), licence, HVD category, frequency, themes, tags, resource formats, and one
// '_total' row.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE catalog_facet_counts (field text NOT NULL, value text NOT NULL, n bigint NOT NULL, PRIMARY KEY (field, value));
    CREATE TABLE catalog_facet_deltas (id bigserial PRIMARY KEY, field text NOT NULL, value text NOT NULL, n bigint NOT NULL);

    CREATE FUNCTION catalog_facet_rows(rs catalog_datasets[], sign int) RETURNS TABLE (field text, value text, n bigint)
    LANGUAGE sql STABLE AS $$
      SELECT f.field, f.value, sign * count(*)
        FROM unnest(rs) d,
        LATERAL (VALUES ('_total', ''), ('organization', d.organization_id::text), ('tenant', d.tenant_id::text),
                        ('license_id', d.license_id), ('hvd_category', d.hvd_category), ('frequency', d.frequency)
                 UNION ALL SELECT 'groups', x FROM unnest(d.themes) x
                 UNION ALL SELECT 'tags', x FROM unnest(d.tags) x
                 UNION ALL SELECT 'res_format', x FROM unnest(d.formats) x) f(field, value)
       WHERE d.state = 'active' AND NOT d.private AND f.value IS NOT NULL
       GROUP BY f.field, f.value
    $$;
    CREATE FUNCTION catalog_facets_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO catalog_facet_deltas (field, value, n) SELECT * FROM catalog_facet_rows(ARRAY(SELECT r::catalog_datasets FROM new_rows r), 1);
      RETURN NULL;
    END $$;
    CREATE FUNCTION catalog_facets_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO catalog_facet_deltas (field, value, n) SELECT * FROM catalog_facet_rows(ARRAY(SELECT r::catalog_datasets FROM old_rows r), -1);
      RETURN NULL;
    END $$;
    CREATE FUNCTION catalog_facets_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO catalog_facet_deltas (field, value, n)
      SELECT field, value, sum(n) FROM (
        SELECT * FROM catalog_facet_rows(ARRAY(SELECT r::catalog_datasets FROM new_rows r), 1)
        UNION ALL SELECT * FROM catalog_facet_rows(ARRAY(SELECT r::catalog_datasets FROM old_rows r), -1)) x
      GROUP BY field, value HAVING sum(n) <> 0;
      RETURN NULL;
    END $$;
    CREATE TRIGGER catalog_datasets_facets_ins AFTER INSERT ON catalog_datasets
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_facets_after_insert();
    CREATE TRIGGER catalog_datasets_facets_del AFTER DELETE ON catalog_datasets
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_facets_after_delete();
    CREATE TRIGGER catalog_datasets_facets_upd AFTER UPDATE ON catalog_datasets
      REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_facets_after_update();

    -- Folds committed deltas into the totals; concurrent calls skip rows another one took.
    CREATE FUNCTION catalog_facet_compact() RETURNS bigint LANGUAGE plpgsql AS $$
    DECLARE moved bigint;
    BEGIN
      WITH taken AS (DELETE FROM catalog_facet_deltas RETURNING field, value, n),
           folded AS (INSERT INTO catalog_facet_counts AS c (field, value, n)
                      SELECT field, value, sum(n) FROM taken GROUP BY field, value ORDER BY field, value
                      ON CONFLICT (field, value) DO UPDATE SET n = c.n + EXCLUDED.n RETURNING 1)
      SELECT count(*) INTO moved FROM folded;
      DELETE FROM catalog_facet_counts WHERE n = 0;
      RETURN moved;
    END $$;

    INSERT INTO catalog_facet_counts (field, value, n)
    SELECT field, value, n FROM catalog_facet_rows(ARRAY(SELECT d FROM catalog_datasets d), 1);
  `.execute(db);
}
