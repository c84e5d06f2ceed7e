// Harvesting another CKAN the way ckanext-harvest's CKAN harvester does: package_search pages of
// 100 sorted by id, with `metadata_modified:[T TO *]` for incremental runs and
// `organization:x` when the source names an organisation.
import { HarvestAbort, snippet } from './http.ts';
import type { Defect, Remote } from './prepare.ts';
import { normaliseLicence } from './prepare.ts';
import type { FetchContext, Page } from './pages.ts';

type Dict = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** The API base of a CKAN from what an administrator typed: the site or any API address. */
export function ckanBase(url: string): string {
  const u = new URL(url);
  u.search = '';
  u.hash = '';
  u.pathname = u.pathname.replace(/\/api(\/\d+)?(\/action(\/[a-z_]*)?)?\/?$/, '').replace(/\/+$/, '');
  return u.href.replace(/\/+$/, '');
}

export async function* ckanPages(source: { url: string; organization: string | null }, since: Date | null, ctx: FetchContext): AsyncGenerator<Page> {
  const fq: string[] = [];
  if (since) fq.push(`metadata_modified:[${since.toISOString()} TO *]`);
  if (source.organization) fq.push(`organization:${source.organization}`);
  let start = 0;
  for (;;) {
    const params = new URLSearchParams({ rows: String(ctx.limits.rows), start: String(start), sort: 'id asc' });
    if (fq.length) params.set('fq', fq.join(' '));
    const url = `${ckanBase(source.url)}/api/3/action/package_search?${params}`;
    ctx.guard.beforeFetch(url);
    const res = await ctx.http(url, 'application/json');
    let body: Dict;
    try {
      body = JSON.parse(res.text) as Dict;
    } catch {
      throw new HarvestAbort(`${url} lieferte kein JSON (Content-Type ${res.contentType || 'fehlt'}): ${snippet(res.text)} – ist das eine CKAN-Adresse?`);
    }
    const result = body?.result as Dict | undefined;
    if (body?.success !== true || !result || !Array.isArray(result.results) || typeof result.count !== 'number') {
      throw new HarvestAbort(`${url} ist keine CKAN-Antwort von package_search (erwartet {success: true, result: {count, results}}): ${snippet(res.text)}`);
    }
    const results = result.results as unknown[];
    yield { url, records: results.map(mapCkanPackage), notes: start === 0 ? [{ level: 'info', message: `${result.count} Datensätze gemeldet${fq.length ? ` (fq=${fq.join(' ')})` : ''}` }] : [] };
    start += results.length;
    if (results.length === 0 || start >= result.count) return;
  }
}

// Extras that describe a harvest elsewhere, not the dataset.
const HARVEST_EXTRAS = new Set(['harvest_object_id', 'harvest_source_id', 'harvest_source_title', 'harvest_url', 'guid']);

export function mapCkanPackage(raw: unknown): Remote {
  const p = (raw && typeof raw === 'object' ? raw : {}) as Dict;
  const defects: Defect[] = [];
  const warn = (message: string) => defects.push({ level: 'warning', message });
  const id = str(p.id) ?? str(p.name) ?? '';
  const extras = (Array.isArray(p.extras) ? p.extras : []).filter((e): e is Dict => !!e && typeof e === 'object' && typeof (e as Dict).key === 'string');
  const extra = (k: string) => str(extras.find((e) => e.key === k)?.value);
  const origin = extra('identifier') ?? extra('guid') ?? id;
  const title = str(p.title) ?? '';
  const base = { guid: id, origin, title, ids: [id], defects, remoteName: str(p.name) };
  if (!id) return { ...base, dict: {}, fatal: 'Datensatz ohne id und name – nicht zuzuordnen, übersprungen' };
  if (!title) return { ...base, dict: {}, fatal: 'Kein Titel – Datensatz übersprungen' };

  let licenseId: string | undefined;
  const rawLicence = str(p.license_id);
  if (!rawLicence || rawLicence === 'notspecified') warn('Keine Lizenz angegeben');
  else {
    const n = normaliseLicence(rawLicence);
    if (n.note) warn(n.note);
    licenseId = n.iri;
  }
  const resources = (Array.isArray(p.resources) ? p.resources : []).map((r) => {
    const d = (r && typeof r === 'object' ? r : {}) as Dict;
    const lic = str(d.license) ?? str(d.license_id);
    const n = lic ? normaliseLicence(lic) : undefined;
    if (n?.note) warn(n.note);
    return {
      name: d.name, description: d.description, url: d.url, format: d.format, mimetype: d.mimetype, size: d.size, hash: d.hash,
      license: n?.iri, last_modified: d.last_modified, url_type: d.url_type,
    };
  });
  const groups = (Array.isArray(p.groups) ? p.groups : []).map((g) => str((g as Dict)?.name)).filter((g): g is string => !!g);
  return {
    ...base,
    dict: {
      title, notes: typeof p.notes === 'string' ? p.notes : '', url: p.url, version: p.version, author: p.author, author_email: p.author_email,
      maintainer: p.maintainer, maintainer_email: p.maintainer_email, license_id: licenseId,
      tags: (Array.isArray(p.tags) ? p.tags : []).map((t) => ({ name: (t as Dict)?.name ?? t })),
      groups: groups.map((name) => ({ name: name.toLowerCase() })),
      // Our `identifier` extra names the origin, so the next harvester along can tell, too.
      extras: [...extras.filter((e) => !HARVEST_EXTRAS.has(e.key as string) && e.key !== 'identifier'), { key: 'identifier', value: origin }],
      resources,
    },
  };
}
