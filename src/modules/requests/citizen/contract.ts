// Schemas of the citizen form API (/api/v1/requests…): what the form sends, what it gets back,
// and what the tracking page shows. Field names are the form's input names, so an issue's
// `field` points at the input that needs fixing.
import { z } from 'zod';
import { DATATYPES } from '../tables.ts';

const slug = z.string().trim().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { error: 'Kurzname einer Kommune erwartet, z. B. "giessen"' });

export const ServicesQuery = z.object({ tenant: slug });

const Attribute = z.object({
  code: z.string(), datatype: z.enum(DATATYPES), required: z.boolean(), description: z.string(), datatype_description: z.string().nullable(),
  order: z.number(), values: z.array(z.object({ key: z.string(), name: z.string() })),
});

export const ServicesAnswer = z.object({
  tenant: z.object({ slug: z.string(), name: z.string() }),
  /** Where the location map starts: the middle of the tenant's recent requests, or central Hessen. */
  map_centre: z.object({ lat: z.number(), lon: z.number() }),
  /** Largest photo the form accepts (REQUESTS_PHOTO_MAX_BYTES). */
  photo_max_bytes: z.number().int(),
  services: z.array(z.object({
    code: z.string(), name: z.string(), description: z.string(), category: z.string(), keywords: z.array(z.string()), attributes: z.array(Attribute),
  })),
});

/** A coordinate as a JSON number or as the text of a form field ("50.58", also "50,58"). */
const coordinate = (what: string, lo: number, hi: number) =>
  z.union([z.number(), z.string().trim().regex(/^[+-]?\d{1,3}([.,]\d+)?$/, { error: `${what}: Dezimalgrad erwartet (WGS84), z. B. ${lo < -90 ? '8.6784' : '50.5841'}` }).transform((s) => Number(s.replace(',', '.')))])
    .pipe(z.number({ error: `${what}: Zahl erwartet` }).min(lo, { error: `${what}: zwischen ${lo} und ${hi} Grad` }).max(hi, { error: `${what}: zwischen ${lo} und ${hi} Grad` }));

const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);
const checkbox = z.union([z.boolean(), z.enum(['on', 'true', '1', 'ja', 'false', '0', 'nein']).transform((v) => ['on', 'true', '1', 'ja'].includes(v))]);

// The form in three parts, each checked on its own: a zod object skips its cross-field checks when
// any field fails, and the citizen should see every problem at once.
const Subject = z.object({
  tenant: slug,
  service_code: z.string({ error: 'Bitte eine Kategorie wählen' }).trim().min(1, { error: 'Bitte eine Kategorie wählen' }).max(64),
  description: z.string({ error: 'Bitte beschreiben Sie das Anliegen' }).trim().min(1, { error: 'Bitte beschreiben Sie das Anliegen' }).max(4000, { error: 'höchstens 4000 Zeichen' }),
  attributes: z.record(z.string(), z.union([z.string().max(4000), z.array(z.string().max(4000)).max(50)])).default({}),
});

const Location = z.object({
  lat: z.preprocess(blankToUndefined, coordinate('Breite', -90, 90).optional()),
  lon: z.preprocess(blankToUndefined, coordinate('Länge', -180, 180).optional()),
  address: z.preprocess(blankToUndefined, z.string().trim().max(300, { error: 'höchstens 300 Zeichen' }).optional()),
}).superRefine((f, ctx) => {
  if (f.lat === undefined && f.lon === undefined && !f.address) {
    ctx.addIssue({ code: 'custom', path: ['lat'], message: 'Ort fehlt: bitte auf der Karte wählen, Koordinaten eingeben oder eine Adresse nennen' });
  } else if ((f.lat === undefined) !== (f.lon === undefined)) {
    ctx.addIssue({ code: 'custom', path: [f.lat === undefined ? 'lat' : 'lon'], message: 'Breite und Länge nur zusammen angeben' });
  }
});

const Contact = z.object({
  email: z.preprocess(blankToUndefined, z.email({ error: 'keine gültige E-Mail-Adresse' }).max(254).optional()),
  notify: z.preprocess(blankToUndefined, checkbox.default(false)),
}).superRefine((f, ctx) => {
  if (f.notify && !f.email) ctx.addIssue({ code: 'custom', path: ['email'], message: 'Für Benachrichtigungen brauchen wir eine E-Mail-Adresse' });
});

export const SubmitParts = [Subject, Location, Contact] as const;
export type SubmitFields = z.infer<typeof Subject> & z.infer<typeof Location> & z.infer<typeof Contact>;

export const SubmitAnswer = z.object({
  number: z.string(),
  /** Path of the tracking page; the token in it is shown only in this answer. */
  tracking_path: z.string(),
  tracking_url: z.string(),
  photo: z.boolean(),
});

export const TrackParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{32,100}$/, { error: 'kein gültiger Verfolgungs-Link' }) });

export const TrackAnswer = z.object({
  number: z.string(),
  state: z.string(),
  state_label: z.string(),
  closed: z.boolean(),
  tenant: z.object({ slug: z.string(), name: z.string() }),
  service: z.object({ code: z.string(), name: z.string() }),
  description: z.string(),
  address: z.string().nullable(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  submitted_at: z.string(),
  expected_at: z.string().nullable(),
  closed_at: z.string().nullable(),
  /** Only whether photos exist: they may show people and are for staff only. */
  photos: z.number().int(),
  timeline: z.array(z.object({ at: z.string(), kind: z.string(), title: z.string(), state: z.string().nullable(), text: z.string().nullable() })),
});
