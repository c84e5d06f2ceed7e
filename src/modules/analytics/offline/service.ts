// Offline application counts: what reached the municipality at the counter, by post, e-mail or
// phone, per service and month — entered as JSON or imported from a spreadsheet's CSV export.
// Together with the online submissions they give the digital share. All rows or none.
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { Ctx } from '../../../server/http/context.ts';
import { BadRequest, fieldIssuesOf, ValidationFailed, type FieldIssue } from '../../../server/http/errors.ts';
import { recordAudit, requireTenantRole, tenantRef } from '../../core/index.ts';
import { todayBerlin } from '../metrics/periods.ts';
import * as repo from './repo.ts';
import { ServiceKey } from '../connector/vocabulary.ts';

export const CHANNELS = ['counter', 'post', 'email', 'phone', 'other'] as const;
export const MAX_ROWS = 10_000;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export const OfflineItem = z.object({
  service_key: ServiceKey,
  month: z.string().regex(MONTH, 'Monat als JJJJ-MM'),
  channel: z.enum(CHANNELS, { message: `Kanal: ${CHANNELS.join(', ')}` }),
  count: z.number().int('ganze Zahl').min(0, 'nicht negativ').max(10_000_000, 'höchstens 10.000.000'),
}).strict();
export const OfflineBody = z.object({ items: z.array(z.unknown()).min(1, 'mindestens ein Eintrag').max(MAX_ROWS, `höchstens ${MAX_ROWS} Einträge`) }).strict();

function check(raw: unknown[], prefix: string, offset: number): { rows: repo.OfflineRow[]; issues: FieldIssue[] } {
  const rows: repo.OfflineRow[] = [];
  const issues: FieldIssue[] = [];
  const thisMonth = todayBerlin().slice(0, 7);
  const seen = new Set<string>();
  raw.forEach((r, i) => {
    const p = OfflineItem.safeParse(r);
    const at = `${prefix}.${i + offset}`;
    if (!p.success) return void issues.push(...fieldIssuesOf(p.error.issues, at));
    if (p.data.month > thisMonth) issues.push({ field: `${at}.month`, message: `${p.data.month} liegt in der Zukunft` });
    const key = `${p.data.service_key}|${p.data.month}|${p.data.channel}`;
    if (seen.has(key)) issues.push({ field: at, message: 'doppelt: Dienst, Monat und Kanal kommen schon vorher vor' });
    seen.add(key);
    rows.push(p.data);
  });
  return { rows, issues };
}

/** The municipality and its editor (checked before the body is read, so a viewer gets 403, not 422). */
async function editorOf(ctx: Ctx, slug: string) {
  const tenant = await tenantRef(ctx, slug);
  return { tenant, actor: requireTenantRole(ctx, tenant.id, 'editor', 'write') };
}

async function save(ctx: Ctx, { tenant, actor }: Awaited<ReturnType<typeof editorOf>>, rows: repo.OfflineRow[], issues: FieldIssue[], via: string) {
  if (issues.length) throw ValidationFailed(issues);
  await ctx.db.transaction().execute(async (trx) => {
    await repo.upsert(trx, tenant.id, actor.userId, rows);
    await recordAudit(trx, ctx, { tenantId: tenant.id, action: 'analytics.offline.import', entityType: 'analytics_offline_counts', entityId: tenant.id, after: { rows: rows.length, via } });
  });
  return { saved: rows.length };
}

export async function putCounts(ctx: Ctx, slug: string, body: unknown) {
  const editor = await editorOf(ctx, slug);
  const b = OfflineBody.safeParse(body);
  if (!b.success) throw ValidationFailed(fieldIssuesOf(b.error.issues));
  const { rows, issues } = check(b.data.items, 'items', 0);
  return save(ctx, editor, rows, issues, 'json');
}

// Spreadsheet headers in German or as in the API.
const HEADER: Record<string, keyof repo.OfflineRow> = {
  service_key: 'service_key', leistungsschluessel: 'service_key', leistungsschlüssel: 'service_key',
  month: 'month', monat: 'month', channel: 'channel', kanal: 'channel', count: 'count', anzahl: 'count',
};

/** A CSV export (`;` or `,`, UTF-8 with or without BOM): bad rows are named rows.N (data rows). */
export async function importCsv(ctx: Ctx, slug: string, text: string) {
  const editor = await editorOf(ctx, slug);
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: string[][];
  try {
    records = parse(text, { bom: true, delimiter, skip_empty_lines: true, relax_column_count: false, trim: true });
  } catch (e) {
    throw BadRequest('CSV nicht lesbar', [{ field: 'body', message: (e as Error).message }]);
  }
  const [header, ...data] = records;
  if (!header || !data.length) throw BadRequest('CSV leer', [{ field: 'body', message: 'Kopfzeile und mindestens eine Zeile erwartet' }]);
  if (data.length > MAX_ROWS) throw BadRequest('CSV zu groß', [{ field: 'body', message: `höchstens ${MAX_ROWS} Zeilen` }]);
  const cols = header.map((h) => HEADER[h.toLowerCase()]);
  const missing = (['service_key', 'month', 'channel', 'count'] as const).filter((c) => !cols.includes(c));
  const unknown = header.filter((_, i) => !cols[i]);
  if (missing.length || unknown.length) {
    throw ValidationFailed([...missing.map((c) => ({ field: `header.${c}`, message: 'Spalte fehlt' })), ...unknown.map((c) => ({ field: `header.${c}`, message: 'unbekannte Spalte' }))]);
  }
  const items = data.map((rec) => Object.fromEntries(rec.map((v, i) => [cols[i]!, cols[i] === 'count' && /^\d+$/.test(v.replace(/\./g, '')) ? Number(v.replace(/\./g, '')) : v])));
  // Rows named like the connector's CSV path: rows.1 is the first row under the header.
  const { rows, issues } = check(items, 'rows', 1);
  return save(ctx, editor, rows, issues, 'csv');
}

export async function listCounts(ctx: Ctx, slug: string, q: { from?: string; to?: string; service_key?: string }) {
  const tenant = await tenantRef(ctx, slug);
  requireTenantRole(ctx, tenant.id, 'viewer', 'read');
  const to = q.to ?? todayBerlin().slice(0, 7);
  const from = q.from ?? `${Number(to.slice(0, 4)) - 1}${to.slice(4)}`;
  if (!MONTH.test(from) || !MONTH.test(to) || from > to) throw BadRequest('Zeitraum ungültig', [{ field: 'from', message: 'from und to als JJJJ-MM, from nicht nach to' }]);
  const items = await repo.list(ctx.db, tenant.id, { from: `${from}-01`, to: `${to}-01`, serviceKey: q.service_key });
  return { tenant: tenant.slug, period: { from, to }, items };
}
