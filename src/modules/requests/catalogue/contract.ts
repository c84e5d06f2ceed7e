// Shapes of the service catalogue API: a tenant's Open311 services as its admins edit them, the
// services members of a cooperation publish for adoption, and the adoption itself. Messages are
// German and every issue names its field, so the admin page can point at the input to fix.
import { z } from 'zod';
import { DATATYPES } from '../tables.ts';

const CODE = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const code = z.string({ error: 'Dienstkürzel als Text erwartet' }).regex(CODE, { error: 'Dienstkürzel: Kleinbuchstaben, Ziffern, - und _, höchstens 64 Zeichen, z. B. "strassenschaden"' });
const slug = z.string().min(1).max(100);
const text = (max: number, what: string) => z.string({ error: `${what} als Text erwartet` }).trim().max(max, { error: `höchstens ${max} Zeichen` });

/** Unknown keys are refused (a typo must not be silently dropped), with a German message. */
function strict<T extends z.ZodRawShape>(shape: T, allowed: string) {
  return z.strictObject(shape, {
    error: (i) => (i.code === 'unrecognized_keys' ? `unbekannte Felder: ${i.keys.join(', ')} (erlaubt: ${allowed})` : 'Objekt erwartet'),
  });
}

export const TenantParams = z.object({ slug });
export const ServiceParams = z.object({ slug, code });
export const CooperationParams = z.object({ slug });
export const ListQuery = z.object({
  include_inactive: z.enum(['true', 'false'], { error: 'true oder false' }).optional().describe('auch abgeschaltete Dienste (nur für Mitarbeitende der Kommune)'),
});

const ListValue = strict({ key: text(100, 'Schlüssel').min(1, { error: 'Schlüssel fehlt' }), name: text(200, 'Bezeichnung').min(1, { error: 'Bezeichnung fehlt' }) }, 'key, name');

const Attribute = strict({
  code: z.string({ error: 'Attributkürzel als Text erwartet' }).regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'Attributkürzel: Buchstaben, Ziffern, - und _, höchstens 64 Zeichen' }),
  datatype: z.enum(DATATYPES, { error: `Datentyp: einer von ${DATATYPES.join(', ')}` }),
  required: z.boolean({ error: 'true oder false' }).default(false),
  description: text(500, 'Frage').min(1, { error: 'Frage an die Meldenden fehlt' }),
  datatype_description: text(500, 'Hinweis').optional(),
  order: z.number({ error: 'Zahl erwartet' }).int({ error: 'ganze Zahl erwartet' }).min(1, { error: 'ab 1' }).max(1000, { error: 'höchstens 1000' }).optional(),
  values: z.array(ListValue, { error: 'Liste von {key, name} erwartet' }).max(200, { error: 'höchstens 200 Werte' }).optional(),
}, 'code, datatype, required, description, datatype_description, order, values').superRefine((a, ctx) => {
  const list = a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist';
  if (list && !a.values?.length) ctx.addIssue({ code: 'custom', path: ['values'], message: 'Auswahllisten brauchen mindestens einen Wert {key, name}' });
  if (!list && a.values) ctx.addIssue({ code: 'custom', path: ['values'], message: `Werte gibt es nur bei singlevaluelist und multivaluelist, nicht bei ${a.datatype}` });
  const seen = new Set<string>();
  a.values?.forEach((v, i) => {
    if (seen.has(v.key)) ctx.addIssue({ code: 'custom', path: ['values', i, 'key'], message: `Schlüssel „${v.key}“ ist doppelt` });
    seen.add(v.key);
  });
});

export const ServiceBody = strict({
  name: text(200, 'Name').min(1, { error: 'Name fehlt' }),
  description: text(4000, 'Beschreibung').default(''),
  category: text(100, 'Kategorie').default(''),
  keywords: z.array(text(60, 'Stichwort').min(1, { error: 'leeres Stichwort' }), { error: 'Liste von Stichwörtern erwartet' }).max(30, { error: 'höchstens 30 Stichwörter' }).default([]),
  attributes: z.array(Attribute, { error: 'Liste von Attributen erwartet' }).max(50, { error: 'höchstens 50 Attribute' }).default([]),
  department: z.string({ error: 'Kurzname einer Abteilung erwartet' }).min(1).max(100).nullable().default(null).describe('Kurzname einer Abteilung der Kommune; null: keine'),
  type: z.enum(['realtime', 'batch', 'blackbox'], { error: 'realtime, batch oder blackbox' }).default('realtime'),
  active: z.boolean({ error: 'true oder false' }).default(true).describe('false schaltet den Dienst ab; bestehende Anliegen behalten ihn'),
}, 'name, description, category, keywords, attributes, department, type, active').superRefine((s, ctx) => {
  const codes = new Set<string>();
  const orders = new Set<number>();
  s.attributes.forEach((a, i) => {
    if (codes.has(a.code)) ctx.addIssue({ code: 'custom', path: ['attributes', i, 'code'], message: `Attributkürzel „${a.code}“ ist doppelt` });
    codes.add(a.code);
    if (a.order !== undefined && orders.has(a.order)) ctx.addIssue({ code: 'custom', path: ['attributes', i, 'order'], message: `Reihenfolge ${a.order} ist doppelt` });
    if (a.order !== undefined) orders.add(a.order);
  });
});
export type ServiceBodyT = z.infer<typeof ServiceBody>;

export const AdoptBody = strict({
  from: strict({ tenant: slug, code }, 'tenant, code').describe('der Dienst eines Mitglieds einer gemeinsamen Kooperation'),
  code: code.optional().describe('eigenes Kürzel; ohne: das des Originals'),
  department: z.string().min(1).max(100).nullable().optional().describe('eigene Abteilung; ohne: die gleichnamige Abteilung, falls vorhanden'),
}, 'from, code, department');
export type AdoptBodyT = z.infer<typeof AdoptBody>;

const AttributeView = z.object({
  code: z.string(), datatype: z.enum(DATATYPES), required: z.boolean(), description: z.string(), datatype_description: z.string().nullable(), order: z.number(),
  values: z.array(z.object({ key: z.string(), name: z.string() })).optional(),
});

export const ServiceView = z.object({
  code: z.string(), name: z.string(), description: z.string(), category: z.string(), keywords: z.array(z.string()), type: z.string(), active: z.boolean(),
  attributes: z.array(AttributeView), department: z.string().nullable(), has_sla: z.boolean(),
  adopted_from: z.object({ tenant: z.string(), code: z.string() }).nullable().describe('das Original bei einem übernommenen Dienst'),
});
export const ServiceList = z.object({ tenant: z.string(), services: z.array(ServiceView) });
export const CooperationServiceList = z.object({
  cooperation: z.string(),
  services: z.array(ServiceView.extend({
    municipality: z.object({ slug: z.string(), name: z.string() }),
    adopted_by: z.array(z.string()).describe('Kommunen, die diesen Dienst übernommen haben'),
  })),
});
