import { sql, type Kysely } from 'kysely';

// Validation of common-schema attachments as jobs: an attachment is `pending` from attaching (or
// from a change of its table or of the schema) until the job `datastore.schema.validate` has
// written its report. A new attachment has no report yet (NULL); a re-check keeps the last one.
//
// The merged view's function now also compares the served table's `updated_at` with the validated
// one, so rows pushed or deleted after the check (same version) leave the merged view until the
// table is checked again, also for readers that go straight to the view (datastore_search_sql).
// It names its tables without a schema, so it keeps the search_path it was created with:
// datastore_search_sql runs with search_path = datastore, where they would not be found.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE datastore_schema_resources DROP CONSTRAINT datastore_schema_resources_status_check;
    ALTER TABLE datastore_schema_resources ADD CONSTRAINT datastore_schema_resources_status_check
      CHECK (status IN ('pending', 'valid', 'invalid', 'no-table'));
    ALTER TABLE datastore_schema_resources ALTER COLUMN report DROP NOT NULL;
    CREATE INDEX datastore_schema_resources_pending ON datastore_schema_resources (schema_id) WHERE status = 'pending';

    CREATE OR REPLACE FUNCTION datastore_schema_rows(p_schema uuid) RETURNS SETOF record
    LANGUAGE plpgsql STABLE SET search_path FROM CURRENT AS $f$
    DECLARE
      cols text;
      q text := '';
      r record;
    BEGIN
      SELECT string_agg(format('CAST(%I AS %s) AS %I', f->>'name',
               CASE f->>'type'
                 WHEN 'string' THEN 'text' WHEN 'number' THEN 'numeric' WHEN 'integer' THEN 'bigint'
                 WHEN 'boolean' THEN 'boolean' WHEN 'date' THEN 'date' WHEN 'datetime' THEN 'timestamp'
                 WHEN 'year' THEN 'bigint' WHEN 'object' THEN 'jsonb' WHEN 'array' THEN 'jsonb' ELSE 'text' END,
               f->>'name'), ', ' ORDER BY n)
        INTO cols
        FROM datastore_schemas s, jsonb_array_elements(s.table_schema->'fields') WITH ORDINALITY AS x(f, n)
        WHERE s.id = p_schema;
      IF cols IS NULL THEN RETURN; END IF;
      FOR r IN
        SELECT a.resource_id, t.name, t.ars
        FROM datastore_schema_resources a
        JOIN datastore_schemas s ON s.id = a.schema_id AND s.version = a.schema_version
        JOIN datastore_tables dt ON dt.resource_id = a.resource_id AND dt.version = a.table_version
                                AND dt.updated_at = a.table_updated_at
        JOIN catalog_resources cr ON cr.id = a.resource_id
        JOIN catalog_datasets d ON d.id = cr.dataset_id AND NOT d.private AND d.state = 'active'
        JOIN core_tenants t ON t.id = cr.tenant_id
        WHERE a.schema_id = p_schema AND a.status = 'valid'
        ORDER BY t.name, a.resource_id
      LOOP
        q := q || CASE WHEN q = '' THEN '' ELSE ' UNION ALL ' END
          || format('SELECT %L::text AS kommune, %L::text AS ars, %L::text AS resource_id, CAST(_id AS bigint) AS _id, %s FROM datastore.%I',
                    r.name, r.ars, r.resource_id, cols, r.resource_id::text);
      END LOOP;
      IF q = '' THEN RETURN; END IF;
      RETURN QUERY EXECUTE q;
    END
    $f$;
  `.execute(db);
}
