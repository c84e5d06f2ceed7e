import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Publishing organisations: one per tenant (name = tenant slug) plus departments that publish.
    CREATE TABLE catalog_organizations (
      id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id     uuid NOT NULL REFERENCES core_tenants(id) ON DELETE CASCADE,
      department_id uuid REFERENCES core_departments(id) ON DELETE SET NULL,
      name          text NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9_-]{2,100}$'),
      title         text NOT NULL,
      description   text NOT NULL DEFAULT '',
      state         text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'deleted')),
      created_at    timestamptz NOT NULL DEFAULT now(),
      updated_at    timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX catalog_organizations_tenant ON catalog_organizations (tenant_id);

    -- array_to_string is STABLE in general (element output functions); for text[] it is
    -- immutable, which the generated search column below requires.
    CREATE FUNCTION catalog_words(text[]) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT array_to_string($1, ' ') $$;

    CREATE TABLE catalog_datasets (
      id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id         uuid NOT NULL REFERENCES core_tenants(id) ON DELETE CASCADE,
      organization_id   uuid NOT NULL REFERENCES catalog_organizations(id),
      name              text NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9_-]{2,100}$'),
      title             text NOT NULL,
      notes             text NOT NULL DEFAULT '',
      state             text NOT NULL DEFAULT 'active' CHECK (state IN ('draft', 'active', 'deleted')),
      private           boolean NOT NULL DEFAULT false,
      license_id        text,
      tags              text[] NOT NULL DEFAULT '{}',
      themes            text[] NOT NULL DEFAULT '{}',  -- EU data theme codes, lower case (groups)
      url               text,                           -- landing page
      version           text,
      author            text,
      author_email      text,
      maintainer        text,
      maintainer_email  text,
      frequency         text,                           -- EU frequency code, e.g. MONTHLY
      temporal_start    timestamptz,
      temporal_end      timestamptz,
      issued            timestamptz,
      modified          timestamptz,
      hvd_category      text,
      extras            jsonb NOT NULL DEFAULT '{}',    -- further key/value metadata (CKAN extras)
      creator_user_id   uuid REFERENCES core_users(id) ON DELETE SET NULL,
      metadata_created  timestamptz NOT NULL DEFAULT now(),
      metadata_modified timestamptz NOT NULL DEFAULT now(),
      -- German full text, weighted title > tags > description.
      search            tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('german', coalesce(title, '')), 'A') ||
        setweight(to_tsvector('german', catalog_words(tags)), 'B') ||
        setweight(to_tsvector('german', coalesce(notes, '')), 'C')) STORED
    );
    CREATE INDEX catalog_datasets_search ON catalog_datasets USING gin (search);
    CREATE INDEX catalog_datasets_tenant ON catalog_datasets (tenant_id, state);
    CREATE INDEX catalog_datasets_org ON catalog_datasets (organization_id);
    CREATE INDEX catalog_datasets_modified ON catalog_datasets (metadata_modified);
    CREATE INDEX catalog_datasets_tags ON catalog_datasets USING gin (tags);
    CREATE INDEX catalog_datasets_themes ON catalog_datasets USING gin (themes);

    CREATE TABLE catalog_resources (
      id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      dataset_id    uuid NOT NULL REFERENCES catalog_datasets(id) ON DELETE CASCADE,
      tenant_id     uuid NOT NULL REFERENCES core_tenants(id) ON DELETE CASCADE,
      position      integer NOT NULL,
      name          text NOT NULL DEFAULT '',
      description   text NOT NULL DEFAULT '',
      url           text NOT NULL,
      format        text NOT NULL DEFAULT '',
      mimetype      text,
      size          bigint CHECK (size >= 0),
      hash          text,
      license_id    text,
      url_type      text,
      created       timestamptz NOT NULL DEFAULT now(),
      last_modified timestamptz
    );
    CREATE INDEX catalog_resources_dataset ON catalog_resources (dataset_id, position);

    -- Every metadata change of a dataset: who, when, before and after (for the readable diff).
    CREATE TABLE catalog_dataset_history (
      id          bigserial PRIMARY KEY,
      dataset_id  uuid NOT NULL REFERENCES catalog_datasets(id) ON DELETE CASCADE,
      tenant_id   uuid NOT NULL REFERENCES core_tenants(id) ON DELETE CASCADE,
      at          timestamptz NOT NULL DEFAULT now(),
      actor       text NOT NULL,
      action      text NOT NULL,
      before      jsonb,
      after       jsonb
    );
    CREATE INDEX catalog_dataset_history_dataset ON catalog_dataset_history (dataset_id, at DESC);

    -- Every tenant publishes at least through its own organisation, also tenants created later:
    -- the catalogue reacts to core's rows, core does not need to know the catalogue.
    INSERT INTO catalog_organizations (tenant_id, name, title)
      SELECT id, slug, name FROM core_tenants ON CONFLICT (name) DO NOTHING;
    CREATE FUNCTION catalog_tenant_organization() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO catalog_organizations (tenant_id, name, title) VALUES (NEW.id, NEW.slug, NEW.name)
        ON CONFLICT (name) DO NOTHING;
      RETURN NEW;
    END $$;
    CREATE TRIGGER catalog_tenant_organization AFTER INSERT ON core_tenants
      FOR EACH ROW EXECUTE FUNCTION catalog_tenant_organization();
  `.execute(db);
}
