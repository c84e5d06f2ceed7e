// The DCAT-AP.de catalogues: platform, organisation, cooperation, single dataset. Pages of 100
// datasets (like ckanext-dcat), newest change first, optionally only changes since a date.
import type { Config } from '../../../server/config.ts';
import type { Ctx } from '../../../server/http/context.ts';
import { Conflict, NotFound } from '../../../server/http/errors.ts';
import * as catalogRepo from '../repo.ts';
import { loadDataset } from '../service.ts';
import { catalogQuads, exportable, Graph, datasetTriples, type CatalogPage, type CatalogSettings, type Publisher } from './graph.ts';
import * as repo from './repo.ts';
import { serialize, type Format } from './serialize.ts';

export const PAGE_SIZE = 100;
export type CatalogQuery = { page: number; modified_since?: Date };
type Target = { kind: 'platform' } | { kind: 'organization'; name: string } | { kind: 'cooperation'; slug: string };

export function settings(config: Config): CatalogSettings {
  return { baseUrl: config.publicUrl.replace(/\/+$/, ''), contributorId: config.catalog.contributorId };
}

/** Where the catalogue lives, what it is called and who publishes it. */
async function describe(ctx: Ctx, s: CatalogSettings, config: Config, t: Target) {
  const b = s.baseUrl;
  if (t.kind === 'organization') {
    const o = await repo.organizationByName(ctx.db, t.name);
    if (!o) throw NotFound('Organisation');
    return {
      scope: { kind: 'organization', organizationId: o.id } as const, path: `/organization/${o.name}/catalog`,
      title: `${config.catalog.title} – ${o.title}`, description: o.description || `Offene Daten von ${o.title}`,
      publisher: { iri: `${b}/organization/${o.id}`, name: o.title, homepage: o.website } satisfies Publisher,
      homepage: `${b}/daten?organisation=${encodeURIComponent(o.name)}`,
    };
  }
  if (t.kind === 'cooperation') {
    const c = await repo.cooperationBySlug(ctx.db, t.slug);
    if (!c) throw NotFound('Kooperation');
    return {
      scope: { kind: 'cooperation', cooperationId: c.id } as const, path: `/cooperation/${c.slug}/catalog`,
      title: `${config.catalog.title} – ${c.name}`, description: c.description || `Offene Daten der Kooperation ${c.name}`,
      publisher: { iri: `${b}/cooperation/${c.slug}`, name: c.name } satisfies Publisher,
      homepage: `${b}/daten?kooperation=${encodeURIComponent(c.slug)}`,
    };
  }
  return {
    scope: { kind: 'platform' } as const, path: '/catalog', title: config.catalog.title,
    description: 'Alle offenen Daten der Kommunen auf dieser Plattform, beschrieben nach DCAT-AP.de',
    publisher: { iri: `${b}/#publisher`, name: config.catalog.publisher } satisfies Publisher, homepage: `${b}/daten`,
  };
}

export async function catalogDocument(ctx: Ctx, config: Config, t: Target, format: Format, q: CatalogQuery) {
  const s = settings(config);
  const d = await describe(ctx, s, config, t);
  const { rows, total } = await repo.page(ctx.db, d.scope, { modifiedSince: q.modified_since, limit: PAGE_SIZE, offset: (q.page - 1) * PAGE_SIZE });
  const resources = await catalogRepo.resourcesOf(ctx.db, rows.map((r) => r.id));
  const pageUrl = (page: number) => {
    const u = new URL(`${s.baseUrl}${d.path}.${format}`);
    if (q.modified_since) u.searchParams.set('modified_since', q.modified_since.toISOString());
    u.searchParams.set('page', String(page));
    return u.toString();
  };
  const page: CatalogPage = {
    catalogIri: `${s.baseUrl}${d.path}`, title: d.title, description: d.description, publisher: d.publisher, homepage: d.homepage,
    datasets: rows.map((row) => ({ row, resources: resources.filter((r) => r.dataset_id === row.id) })),
    paging: { pageUrl, page: q.page, pageSize: PAGE_SIZE, total },
  };
  return { body: await serialize(catalogQuads(s, page), format), count: rows.length, total };
}

/** One dataset (same visibility as package_show). */
export async function datasetDocument(ctx: Ctx, config: Config, idOrName: string, format: Format) {
  const d = await loadDataset(ctx, idOrName);
  const resources = await catalogRepo.resourcesOf(ctx.db, [d.id]);
  if (!exportable(d, resources)) {
    throw Conflict('Der Datensatz ist nicht DCAT-AP.de-konform: Mindestens eine Ressource hat keine Lizenz, und der Datensatz auch nicht.', [
      { field: 'license_id', message: 'Lizenz des Datensatzes oder jeder Ressource angeben' },
    ]);
  }
  const g = new Graph();
  datasetTriples(g, settings(config), d, resources);
  return serialize(g.quads, format);
}
