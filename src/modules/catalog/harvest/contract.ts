// Request and response schemas of the harvesting API (routes, OpenAPI, web UI).
import { z } from 'zod';

const httpUrl = z
  .url({ protocol: /^https?$/, error: 'muss eine http(s)-Adresse sein' })
  .max(2000)
  .refine((u) => !URL.canParse(u) || (!new URL(u).username && !new URL(u).password), 'darf keine Zugangsdaten enthalten');

export const HarvestType = z.enum(['ckan', 'dcat']).describe('ckan: eine andere CKAN-Instanz; dcat: ein DCAT-AP-Katalog in RDF/XML oder Turtle');
const fields = {
  name: z.string().trim().min(1, 'darf nicht leer sein').max(200),
  type: HarvestType,
  url: httpUrl.describe('CKAN: die Adresse des Portals (oder seiner API); DCAT: die Adresse der ersten Katalogseite'),
  organization: z
    .string()
    .regex(/^[a-z0-9_-]{2,100}$/, 'CKAN-Organisationsnamen bestehen aus 2–100 Kleinbuchstaben, Ziffern, - und _')
    .nullable()
    .describe('nur CKAN: nur die Datensätze dieser Organisation ernten'),
  intervalMinutes: z.number().int().min(15, 'mindestens alle 15 Minuten').max(43_200, 'höchstens alle 30 Tage').nullable()
    .describe('automatisch alle n Minuten ernten; null: nur von Hand'),
  enabled: z.boolean(),
};
export const HarvestSourceCreate = z
  .object({ ...fields, organization: fields.organization.optional(), intervalMinutes: fields.intervalMinutes.optional(), enabled: fields.enabled.default(true) })
  .strict();
export const HarvestSourceUpdate = z.object(fields).partial().strict();

export const RunStatus = z.enum(['running', 'succeeded', 'partial', 'failed']);
export const HarvestRun = z.object({
  id: z.uuid(),
  sourceId: z.uuid(),
  sourceName: z.string(),
  jobId: z.number().nullable(),
  full: z.boolean().describe('vollständiger Lauf (sonst nur Änderungen seit dem letzten vollständigen)'),
  status: RunStatus,
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  pages: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  deleted: z.number(),
  skipped: z.number().describe('absichtlich nicht geerntet: stammen von dieser Plattform oder kommen schon über eine andere Quelle'),
  errors: z.number(),
  warnings: z.number(),
  message: z.string(),
});
export const HarvestSource = z.object({
  id: z.uuid(),
  tenantSlug: z.string(),
  name: z.string(),
  type: HarvestType,
  url: z.string(),
  organization: z.string().nullable(),
  intervalMinutes: z.number().nullable(),
  enabled: z.boolean(),
  lastSuccessAt: z.string().nullable(),
  nextRunAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastRun: HarvestRun.nullable(),
});
export const HarvestLogEntry = z.object({
  id: z.number(),
  at: z.string(),
  level: z.enum(['info', 'warning', 'error']),
  dataset: z.string().nullable().describe('die Kennung des Datensatzes in der Quelle'),
  title: z.string().nullable(),
  message: z.string(),
});
export const HarvestRunDetail = HarvestRun.extend({
  log: z.object({ items: z.array(HarvestLogEntry), total: z.number(), limit: z.number(), offset: z.number() }),
});
export const RunRequest = z.object({ full: z.boolean().default(false).describe('alles neu lesen und Verschwundenes löschen') }).strict();
export const RunQueued = z.object({ jobId: z.number(), sourceId: z.uuid(), full: z.boolean() });
export const LogQuery = z.object({
  level: z.enum(['info', 'warning', 'error']).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});

export type HarvestSourceT = z.infer<typeof HarvestSource>;
export type HarvestRunT = z.infer<typeof HarvestRun>;
export type HarvestRunDetailT = z.infer<typeof HarvestRunDetail>;
export type HarvestLogEntryT = z.infer<typeof HarvestLogEntry>;
