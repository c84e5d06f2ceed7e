import { sql, type Kysely } from 'kysely';

// Citizen side of requests (issue 6): the tracking link's token, kept only as its SHA-256 hash
// (the link is the citizen's only key, so a database leak must not hand out working links), and
// the photos sent with a request. Photos live in the core file store; they may show people, so
// they are staff-only unless someone marks one public.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE requests_items ADD COLUMN tracking_token_hash text;
    CREATE UNIQUE INDEX requests_items_tracking ON requests_items (tracking_token_hash) WHERE tracking_token_hash IS NOT NULL;

    CREATE TABLE requests_photos (
      id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      request_id  uuid NOT NULL REFERENCES requests_items(id) ON DELETE CASCADE,
      tenant_id   uuid NOT NULL REFERENCES core_tenants(id),
      file_id     uuid NOT NULL REFERENCES core_files(id),
      -- What was removed before storing (e.g. ["APP1:Exif", "eXIf"]): proof for staff and audits.
      stripped    text[] NOT NULL DEFAULT '{}',
      public      boolean NOT NULL DEFAULT false,
      created_at  timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX requests_photos_request ON requests_photos (request_id);
  `.execute(db);
}
