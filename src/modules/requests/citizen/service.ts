// Use cases of the citizen side: the form's service catalogue, sending a request without login
// (with an optional photo whose location metadata is removed before it is stored), and the
// tracking page reached through a secret link. Every problem of a submission is collected and
// reported at once, per field; nothing is written unless everything is valid.
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Db } from '../../../server/db/connect.ts';
import { AppError, NotFound, ValidationFailed, type FieldIssue } from '../../../server/http/errors.ts';
import { claimFile, FileRefused, storeFile } from '../../core/index.ts';
import * as requestsRepo from '../repo.ts';
import { STATE_LABELS, type ServiceAttribute, type State } from '../tables.ts';
import { berlinYear, checkAttributes } from '../open311/service.ts';
import { queueNotification } from '../notify/index.ts';
import { districtDepartment } from '../routing/service.ts';
import { recompute } from '../deadlines/recompute.ts';
import type { Open311Error } from '../open311/format.ts';
import { SubmitParts, type SubmitFields } from './contract.ts';
import { PHOTO_FIELD, type CitizenForm } from './form.ts';
import { BrokenImage, PHOTO_EXTENSION, sniffPhoto, stripPhotoMetadata, type Stripped } from './image-metadata.ts';
import * as repo from './repo.ts';

export type CitizenConfig = { photoMaxBytes: number; publicUrl: string };

/** Middle of Hessen, for a tenant without any located request yet. */
const HESSEN = { lat: 50.61, lon: 8.93 };

export async function servicesFor(db: Db, cfg: CitizenConfig, slug: string) {
  const t = await repo.tenantBySlug(db, slug);
  if (!t) throw NotFound(`Die Kommune "${slug}"`);
  const services = await requestsRepo.listServices(db, t.id);
  return {
    tenant: { slug: t.slug, name: t.name },
    map_centre: (await repo.recentRequestsCentre(db, t.id)) ?? HESSEN,
    photo_max_bytes: cfg.photoMaxBytes,
    services: services.map((s) => ({
      code: s.code, name: s.name, description: s.description, category: s.category, keywords: s.keywords,
      attributes: (s.attributes as ServiceAttribute[]).toSorted((a, b) => a.order - b.order).map((a) => ({
        code: a.code, datatype: a.datatype, required: a.required, description: a.description, datatype_description: a.datatype_description ?? null, order: a.order, values: a.values ?? [],
      })),
    })),
  };
}

/** Open311's attribute messages ("attribute[menge] fehlt (…)") as issues of the form field `attribute[menge]`. */
function attributeIssues(errors: Open311Error[]): FieldIssue[] {
  return errors.map((e) => {
    const m = /^(attribute\[[^\]]+\]):?\s*(.*)$/.exec(e.description);
    if (!m) return { field: 'attributes', message: e.description };
    return { field: m[1]!, message: m[2]!.startsWith('fehlt') ? 'Bitte ausfüllen (Pflichtangabe)' : m[2]! };
  });
}

function rawAttributes(v: unknown): Record<string, string | string[]> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
  return Object.fromEntries(Object.entries(v).filter(([, x]) => typeof x === 'string' || (Array.isArray(x) && x.every((y) => typeof y === 'string'))));
}

type CheckedPhoto = { stripped: Stripped; type: keyof typeof PHOTO_EXTENSION };

/** The photo's real type by its bytes (the declared type and the name are ignored) and its bytes without metadata. */
function checkPhoto(form: CitizenForm, issues: FieldIssue[]): CheckedPhoto | undefined {
  if (!form.photo) return undefined;
  const type = sniffPhoto(form.photo.bytes);
  if (!type) {
    issues.push({ field: PHOTO_FIELD, message: 'Nur Fotos im Format JPEG, PNG oder WebP', code: 'refused' });
    return undefined;
  }
  try {
    return { stripped: stripPhotoMetadata(form.photo.bytes, type), type };
  } catch (err) {
    if (!(err instanceof BrokenImage)) throw err;
    issues.push({ field: PHOTO_FIELD, message: `Das Foto ist beschädigt oder unvollständig (${err.message})`, code: 'refused' });
    return undefined;
  }
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const trackingPath = (token: string) => `/anliegen/verfolgen/${token}`;

export async function submit(db: Db, cfg: CitizenConfig, form: CitizenForm) {
  const issues: FieldIssue[] = [];
  let f: SubmitFields | undefined = {} as SubmitFields;
  for (const part of SubmitParts) {
    const parsed = part.safeParse(form.fields);
    if (parsed.success) f = f && { ...f, ...parsed.data };
    else {
      f = undefined;
      for (const i of parsed.error.issues) issues.push({ field: i.path[0] === 'attributes' && i.path.length > 1 ? `attribute[${String(i.path[1])}]` : String(i.path[0] ?? 'body'), message: i.message, code: i.code });
    }
  }
  const tenantSlug = typeof form.fields.tenant === 'string' ? form.fields.tenant.trim() : '';
  const tenant = tenantSlug && !issues.some((i) => i.field === 'tenant') ? await repo.tenantBySlug(db, tenantSlug) : undefined;
  if (tenantSlug && !tenant && !issues.some((i) => i.field === 'tenant')) issues.push({ field: 'tenant', message: `"${tenantSlug}" ist keine Kommune dieser Plattform` });
  const code = typeof form.fields.service_code === 'string' ? form.fields.service_code.trim() : '';
  const service = tenant && code ? await requestsRepo.findService(db, tenant.id, code) : undefined;
  if (tenant && code && !service) issues.push({ field: 'service_code', message: `Die Kategorie "${code}" gibt es in ${tenant.name} nicht` });
  let attributes: Record<string, string | string[]> = {};
  if (service) {
    // Checked even when other fields failed, so the form shows every problem in one go.
    const errors: Open311Error[] = [];
    attributes = checkAttributes(service.attributes as ServiceAttribute[], f?.attributes ?? rawAttributes(form.fields.attributes), errors);
    issues.push(...attributeIssues(errors));
  }
  const photo = checkPhoto(form, issues);
  // A wrong file alone is "unsupported media type"; with other problems all are listed together.
  if (issues.length === 1 && issues[0]!.field === PHOTO_FIELD) throw FileRefused(issues[0]!.message, PHOTO_FIELD);
  if (issues.length || !f || !tenant || !service) throw issues.length ? ValidationFailed(issues) : new AppError(500, 'internal', 'Interner Fehler');

  // A district rule for this place and service names the department, as for Open311 reports.
  const departmentId = (f.lat !== undefined && f.lon !== undefined ? await districtDepartment(db, tenant.id, service.code, f.lat, f.lon) : undefined) ?? service.department_id;
  const token = randomBytes(32).toString('base64url'); // 256 bits; only its hash is stored
  // Drawn outside the transaction, so the counter is not locked while the request is written.
  const drawn = await requestsRepo.nextNumber(db, tenant, berlinYear());
  const number = await db.transaction().execute(async (trx) => {
    const number = drawn;
    const r = await requestsRepo.insertRequest(trx, {
      tenantId: tenant.id, number, serviceId: service.id, description: f.description, lat: f.lat ?? null, lon: f.lon ?? null, address: f.address ?? null,
      attributes, mediaUrl: null, departmentId, source: 'web', clientName: null,
      contactName: null, contactEmail: f.email ?? null, contactPhone: null, notify: f.notify,
    });
    await repo.setTrackingHash(trx, r.id, sha256(token));
    await requestsRepo.insertEvent(trx, { requestId: r.id, tenantId: tenant.id, kind: 'created', toState: 'received', public: true, data: { via: 'web', photo: Boolean(photo) } });
    await recompute(trx, r.id); // deadlines and expected_at from the first event on, as for Open311 reports
    // The receipt, with the tracking link (only this moment knows the token), if the reporter opted in.
    await queueNotification(trx, { tenantId: tenant.id, requestId: r.id, kind: 'acknowledged', to: { citizen: true }, data: { trackingUrl: new URL(trackingPath(token), cfg.publicUrl).toString() }, dedupeKey: `created:${r.id}` });
    if (photo) {
      // A neutral name: the original one can carry a date, a place or a person's name.
      const file = await storeFile(trx, Readable.from([photo.stripped.bytes]), { filename: `${number}.${PHOTO_EXTENSION[photo.type]}`, maxBytes: cfg.photoMaxBytes, createdBy: null, field: PHOTO_FIELD });
      if (!(await claimFile(trx, file.id, tenant.id))) throw new Error(`Foto ${file.id} konnte nicht übernommen werden`);
      await repo.insertPhoto(trx, { requestId: r.id, tenantId: tenant.id, fileId: file.id, stripped: photo.stripped.removed });
    }
    return number;
  });
  const path = trackingPath(token);
  return { number, tracking_path: path, tracking_url: new URL(path, cfg.publicUrl).toString(), photo: Boolean(photo) };
}

const KIND_TITLES: Record<string, string> = {
  created: 'Eingegangen', reopened: 'Wieder geöffnet', merged: 'Mit einer gleichartigen Meldung zusammengeführt', update: 'Mitteilung der Verwaltung',
};
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function track(db: Db, token: string) {
  const r = await repo.trackedRequest(db, sha256(token));
  if (!r) throw NotFound('Das Anliegen zu diesem Link');
  const state = r.state as State;
  const events = await repo.publicEvents(db, r.id);
  return {
    number: r.number, state, state_label: STATE_LABELS[state] ?? state, closed: state === 'resolved' || state === 'closed',
    tenant: { slug: r.tenant_slug, name: r.tenant_name }, service: { code: r.service_code, name: r.service_name },
    description: r.description, address: r.address, lat: r.lat, lon: r.lon,
    submitted_at: r.requested_at.toISOString(), expected_at: iso(r.expected_at), closed_at: iso(r.closed_at), photos: Number(r.photos ?? 0),
    timeline: events.map((e) => {
      const to = e.to_state as State | null;
      const title = e.kind === 'state' && to ? (STATE_LABELS[to] ?? to) : (KIND_TITLES[e.kind] ?? 'Aktualisierung');
      return { at: e.at.toISOString(), kind: e.kind, title, state: to, text: e.text };
    }),
  };
}
