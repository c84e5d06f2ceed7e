// SQL of resource uploads: linking a stored file to its resource.
import type { Kysely } from 'kysely';
import type { Database } from '../../../server/db/types.ts';

type Q = Kysely<Database>;

/** Points the resource at its (new) file; the old one is released by the table's trigger. */
export function attachFile(db: Q, resourceId: string, f: { fileId: string; url: string; size: number; sha256: string; mimetype: string }) {
  return db
    .updateTable('catalog_resources')
    .set({ file_id: f.fileId, url: f.url, url_type: 'upload', size: f.size, hash: f.sha256, mimetype: f.mimetype })
    .where('id', '=', resourceId)
    .execute();
}
