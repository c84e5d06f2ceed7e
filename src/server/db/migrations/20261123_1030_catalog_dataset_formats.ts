import { sql, type Kysely } from 'kysely';

// The distinct (upper-case) formats of a dataset's resources, kept on the dataset by triggers in
// the writing transaction. The res_format facet and filter then read one array column instead
// of joining every resource and counting distinct datasets: the cold facet query over the whole
// catalogue was dominated by that join.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE catalog_datasets ADD COLUMN formats text[] NOT NULL DEFAULT '{}';
    UPDATE catalog_datasets d SET formats = f.formats
      FROM (SELECT dataset_id, array_agg(DISTINCT upper(format) ORDER BY upper(format)) AS formats
              FROM catalog_resources WHERE format <> '' GROUP BY dataset_id) f
     WHERE f.dataset_id = d.id;
    CREATE INDEX catalog_datasets_formats ON catalog_datasets USING gin (formats);
    -- An organisation's DCAT catalogue pages newest change first (dcat/repo.ts).
    CREATE INDEX catalog_datasets_org_modified ON catalog_datasets (organization_id, metadata_modified DESC, id);

    CREATE FUNCTION catalog_refresh_formats(ids uuid[]) RETURNS void LANGUAGE sql AS $$
      UPDATE catalog_datasets d
         SET formats = coalesce((SELECT array_agg(DISTINCT upper(r.format) ORDER BY upper(r.format))
                                   FROM catalog_resources r WHERE r.dataset_id = d.id AND r.format <> ''), '{}')
       WHERE d.id = ANY(ids)
    $$;
    -- Statement-level with transition tables: one UPDATE per statement, however many rows
    -- (bulk loads and harvests write many resources at once).
    CREATE FUNCTION catalog_formats_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM catalog_refresh_formats(ARRAY(SELECT DISTINCT dataset_id FROM new_rows)); RETURN NULL; END $$;
    CREATE FUNCTION catalog_formats_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM catalog_refresh_formats(ARRAY(SELECT DISTINCT dataset_id FROM old_rows)); RETURN NULL; END $$;
    CREATE FUNCTION catalog_formats_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM catalog_refresh_formats(ARRAY(SELECT dataset_id FROM new_rows UNION SELECT dataset_id FROM old_rows));
      RETURN NULL;
    END $$;
    CREATE TRIGGER catalog_resources_formats_ins AFTER INSERT ON catalog_resources
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_formats_after_insert();
    CREATE TRIGGER catalog_resources_formats_del AFTER DELETE ON catalog_resources
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_formats_after_delete();
    CREATE TRIGGER catalog_resources_formats_upd AFTER UPDATE ON catalog_resources
      REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_formats_after_update();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TRIGGER catalog_resources_formats_ins ON catalog_resources;
    DROP TRIGGER catalog_resources_formats_del ON catalog_resources;
    DROP TRIGGER catalog_resources_formats_upd ON catalog_resources;
    DROP FUNCTION catalog_formats_after_insert, catalog_formats_after_delete, catalog_formats_after_update, catalog_refresh_formats;
    DROP INDEX catalog_datasets_org_modified;
    ALTER TABLE catalog_datasets DROP COLUMN formats;
  `.execute(db);
}
