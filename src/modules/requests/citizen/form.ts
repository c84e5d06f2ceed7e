// Reads the citizen form as the browser sends it (multipart/form-data with an optional photo in
// the field `photo`) or as JSON (no photo). The photo is held in memory (a few MB at most) until
// every field has been checked: a refused request writes nothing, not even a pending file.
import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { BadRequest } from '../../../server/http/errors.ts';
import { FileTooLarge } from '../../core/index.ts';

export const PHOTO_FIELD = 'photo';
const FIELDS_ALLOWANCE = 256 * 1024;

export type Photo = { bytes: Buffer; filename: string; declaredType: string };
export type CitizenForm = { fields: Record<string, unknown>; photo?: Photo };

/** `attribute[code]` and `attribute[code][]` form fields → { code: value | values }. */
function collectAttributes(fields: Record<string, string | string[]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const attributes: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(fields)) {
    const m = /^attribute\[([^\]]{1,64})\](\[\])?$/.exec(k);
    if (!m) out[k] = Array.isArray(v) ? v.at(-1) : v;
    else attributes[m[1]!] = m[2] ? (Array.isArray(v) ? v : [v]) : v;
  }
  return { ...out, attributes };
}

export async function readCitizenForm(req: FastifyRequest, photoMaxBytes: number): Promise<CitizenForm> {
  if (!req.isMultipart()) {
    const body = req.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw BadRequest('Formulardaten (multipart/form-data) oder ein JSON-Objekt erwartet');
    return { fields: body as Record<string, unknown> };
  }
  // Judged by the declared length first: no reason to read 50 MB to refuse them.
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > photoMaxBytes + FIELDS_ALLOWANCE) throw FileTooLarge(photoMaxBytes, PHOTO_FIELD);
  const fields: Record<string, string | string[]> = {};
  let photo: Photo | undefined;
  const parts = req.parts({ limits: { fileSize: photoMaxBytes + 1, files: 2, fields: 100, fieldSize: 64 * 1024, parts: 110 } });
  for await (const part of parts) {
    if (part.type === 'field') {
      const v = String(part.value ?? '');
      const prev = fields[part.fieldname];
      fields[part.fieldname] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
      continue;
    }
    // An empty file input still sends a part, without a file name.
    if (!part.filename) {
      part.file.resume();
      continue;
    }
    if (part.fieldname !== PHOTO_FIELD || photo) {
      part.file.resume();
      throw BadRequest(photo ? 'Nur ein Foto je Meldung.' : `Das Foto gehört in das Feld "${PHOTO_FIELD}".`, [{ field: part.fieldname, message: 'unerwartete Datei' }]);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of part.file as AsyncIterable<Buffer>) {
      size += c.length;
      if (size > photoMaxBytes) throw FileTooLarge(photoMaxBytes, PHOTO_FIELD);
      chunks.push(c);
    }
    photo = { bytes: Buffer.concat(chunks, size), filename: part.filename, declaredType: part.mimetype };
  }
  return { fields: collectAttributes(fields), photo };
}
