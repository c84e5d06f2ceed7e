// Reads a multipart/form-data request as CKAN clients send it: text fields plus at most one
// file in the field `upload`, streamed straight into the file store.
import type {} from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../../server/db/connect.ts';
import { BadRequest } from '../../../server/http/errors.ts';
import { deleteFile, storeFile, type StoredFile } from '../../core/index.ts';

export type Form = { fields: Record<string, string | string[]>; file?: StoredFile };

export const FILE_FIELD = 'upload';
// Room for the text fields next to the file when judging a request by its Content-Length.
const FIELDS_ALLOWANCE = 1_048_576;

type Options = {
  db: Db;
  maxBytes: number;
  createdBy: string | null;
  /** false: a file part is an error (actions that take no file). */
  allowFile: boolean;
  /** Runs before the file is stored, with the fields sent before it (e.g. a permission check). */
  beforeFile?: (fields: Form['fields']) => Promise<void>;
};

/** A refused upload ends the connection with the answer: the client stops sending at once
 *  (instead of the server reading, or stalling on, the rest of a file it will not keep). */
export function closeOnRefusedUpload(scope: FastifyInstance): void {
  scope.addHook('onError', async (req, reply) => {
    if (req.isMultipart() && !req.raw.complete) reply.header('connection', 'close');
  });
}

/** 413 at once when the declared body is larger than any allowed upload. */
export function refuseOversizedBody(req: FastifyRequest, maxBytes: number, tooLarge: () => Error): void {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes + FIELDS_ALLOWANCE) throw tooLarge();
}

export async function readForm(req: FastifyRequest, o: Options): Promise<Form> {
  const fields: Form['fields'] = {};
  let file: StoredFile | undefined;
  try {
    const parts = req.parts({
      // One byte over the limit is enough for storeFile to see it (and answer 413).
      limits: { fileSize: o.maxBytes + 1, files: 2, fields: 200, fieldSize: 1_048_576, parts: 210 },
    });
    for await (const part of parts) {
      if (part.type === 'field') {
        const v = String(part.value ?? '');
        const prev = fields[part.fieldname];
        fields[part.fieldname] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
        continue;
      }
      // A form whose file input was left empty sends a part without a file name.
      if (!part.filename) {
        part.file.resume();
        continue;
      }
      if (!o.allowFile || part.fieldname !== FILE_FIELD || file) {
        part.file.resume();
        throw BadRequest(
          !o.allowFile ? 'Diese Aktion nimmt keine Datei an.' : file ? 'Nur eine Datei je Anfrage.' : `Die Datei gehört in das Feld "${FILE_FIELD}".`,
          [{ field: part.fieldname, message: 'unerwartete Datei' }],
        );
      }
      await o.beforeFile?.(fields);
      file = await storeFile(o.db, part.file, { filename: part.filename, maxBytes: o.maxBytes, createdBy: o.createdBy, field: FILE_FIELD });
    }
    return { fields, file };
  } catch (err) {
    if (file) await deleteFile(o.db, file.id).catch(() => undefined);
    throw err;
  }
}
