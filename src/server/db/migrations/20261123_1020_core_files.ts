import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Uploaded files, stored in PostgreSQL so that every app instance serves them (ADR 0004).
    -- A file is 'pending' from its first chunk until the module that asked for it claims it in
    -- the transaction that links it (e.g. a catalogue resource); pending files that nobody
    -- claimed (a failed request, a crash mid-upload) are removed by the core.files.cleanup job.
    CREATE TABLE core_files (
      id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id    uuid REFERENCES core_tenants(id) ON DELETE CASCADE,
      filename     text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
      content_type text NOT NULL,
      size         bigint NOT NULL DEFAULT 0 CHECK (size >= 0),
      chunk_count  integer NOT NULL DEFAULT 0 CHECK (chunk_count >= 0),
      sha256       text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'stored')),
      created_by   uuid REFERENCES core_users(id) ON DELETE SET NULL,
      created_at   timestamptz NOT NULL DEFAULT now(),
      stored_at    timestamptz,
      CHECK (status = 'pending' OR sha256 IS NOT NULL)
    );
    CREATE INDEX core_files_pending ON core_files (created_at) WHERE status = 'pending';
    CREATE INDEX core_files_tenant ON core_files (tenant_id);

    -- The content in chunks of about 1 MiB, written and read one at a time.
    CREATE TABLE core_file_chunks (
      file_id uuid NOT NULL REFERENCES core_files(id) ON DELETE CASCADE,
      seq     integer NOT NULL CHECK (seq >= 0),
      data    bytea NOT NULL,
      PRIMARY KEY (file_id, seq)
    );
  `.execute(db);
}
