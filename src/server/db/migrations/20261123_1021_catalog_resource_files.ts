import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- A resource is a link or an uploaded file (url_type 'upload'); the file lives in core_files.
    ALTER TABLE catalog_resources ADD COLUMN file_id uuid REFERENCES core_files(id);
    CREATE UNIQUE INDEX catalog_resources_file ON catalog_resources (file_id) WHERE file_id IS NOT NULL;

    -- Whatever path changes a resource (resource_update, package_update with a resource list,
    -- a harvest), its file's metadata cannot drift from the stored bytes: while the URL stays
    -- the download URL, the file and its size, checksum and media type stay; a new URL turns
    -- the resource into a link and releases the file.
    CREATE FUNCTION catalog_resources_keep_file() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.file_id IS NOT DISTINCT FROM OLD.file_id THEN
        IF NEW.url IS DISTINCT FROM OLD.url THEN
          NEW.file_id := NULL;
          IF NEW.url_type = 'upload' THEN NEW.url_type := NULL; END IF;
        ELSE
          NEW.url_type := 'upload';
          NEW.size := OLD.size;
          NEW.hash := OLD.hash;
          NEW.mimetype := OLD.mimetype;
        END IF;
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER catalog_resources_keep_file BEFORE UPDATE ON catalog_resources
      FOR EACH ROW WHEN (OLD.file_id IS NOT NULL) EXECUTE FUNCTION catalog_resources_keep_file();

    -- A released file (resource deleted, file replaced or detached) is deleted in the same
    -- transaction, so no file outlives its resource.
    CREATE FUNCTION catalog_resources_drop_file() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' OR OLD.file_id IS DISTINCT FROM NEW.file_id THEN
        DELETE FROM core_files WHERE id = OLD.file_id;
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER catalog_resources_drop_file AFTER DELETE OR UPDATE ON catalog_resources
      FOR EACH ROW WHEN (OLD.file_id IS NOT NULL) EXECUTE FUNCTION catalog_resources_drop_file();
  `.execute(db);
}
