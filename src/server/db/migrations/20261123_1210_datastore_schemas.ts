import { sql, type Kysely } from 'kysely';

// Common table schemas of a cooperation (issue 5, item 5): a cooperation defines a Frictionless
// Table Schema, member cities attach their resources, each attachment keeps its validation report,
// and one merged view per schema serves the conforming public resources as one table.
//
// The merged view datastore."schema_<cooperation>_<schema>" selects from the set-returning
// function datastore_schema_rows(schema id), which builds the UNION ALL over the resource views at
// query time. A plain view over the resource views would depend on them, and PostgreSQL would
// then refuse the DROP VIEW with which every load or push swaps in a new version (ADR 0005); the
// function keeps the per-resource swaps free and never reads a resource whose served version is
// not the validated one.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE datastore_schemas (
      id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      cooperation_id uuid NOT NULL REFERENCES core_cooperations(id) ON DELETE CASCADE,
      name           text NOT NULL CHECK (name ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
      title          text NOT NULL,
      description    text NOT NULL DEFAULT '',
      version        text NOT NULL,
      -- the Frictionless Table Schema as given (fields, primaryKey, missingValues)
      table_schema   jsonb NOT NULL,
      view_name      text NOT NULL UNIQUE,
      created_by     text NOT NULL,
      created_at     timestamptz NOT NULL DEFAULT now(),
      updated_at     timestamptz NOT NULL DEFAULT now(),
      UNIQUE (cooperation_id, name)
    );

    -- A member city's resource attached to a schema, with the result of its last validation.
    CREATE TABLE datastore_schema_resources (
      schema_id        uuid NOT NULL REFERENCES datastore_schemas(id) ON DELETE CASCADE,
      resource_id      uuid NOT NULL REFERENCES catalog_resources(id) ON DELETE CASCADE,
      tenant_id        uuid NOT NULL REFERENCES core_tenants(id),
      -- valid: conforms; invalid: the report says why; no-table: nothing in the datastore yet
      status           text NOT NULL CHECK (status IN ('valid', 'invalid', 'no-table')),
      report           jsonb NOT NULL,
      schema_version   text NOT NULL,
      -- the served table the report is about (datastore_tables.version, updated_at)
      table_version    int,
      table_updated_at timestamptz,
      validated_at     timestamptz NOT NULL DEFAULT now(),
      attached_by      text NOT NULL,
      attached_at      timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (schema_id, resource_id)
    );
    CREATE INDEX datastore_schema_resources_resource ON datastore_schema_resources (resource_id);

    -- The rows of all conforming, public and active resources of a schema, with the
    -- municipality's name and ARS and the resource id, the schema's columns cast to its types.
    CREATE FUNCTION datastore_schema_rows(p_schema uuid) RETURNS SETOF record
    LANGUAGE plpgsql STABLE AS $f$
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
