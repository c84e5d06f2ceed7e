// The CKAN Action API v3 actions we serve: name → implementation and help text.
import type { Ctx } from '../../../server/http/context.ts';
import { NotFound } from '../../../server/http/errors.ts';
import { requireTenantRole, tenantRef } from '../../core/index.ts';
import * as repo from '../repo.ts';
import * as svc from '../service.ts';
import * as resources from '../resources.ts';
import { packageSearch } from '../search/package-search.ts';
import { CkanValidation, missing } from './errors.ts';
import { flag, int, text, type Params } from './params.ts';

export type { Params };
import { presentGroup, presentOrganization, presentPackage, presentResource } from './package-dict.ts';
import { LICENCES, THEMES } from '../vocab.ts';
import { VERSION } from '../../../server/version.ts';

export type Action = { help: string; run: (ctx: Ctx, p: Params) => Promise<unknown> };

async function organizationDict(ctx: Ctx, idOrName: string | undefined, includeDatasets: boolean) {
  if (!idOrName) throw missing('id');
  const o = await repo.findOrganization(ctx.db, idOrName);
  if (!o) throw NotFound('Organisation');
  const dict = presentOrganization(o);
  if (!includeDatasets) return dict;
  const rows = await repo.datasetQuery(ctx.db).where('d.organization_id', '=', o.id).where('d.state', '=', 'active').where('d.private', '=', false).orderBy('d.name').limit(1000).execute();
  const res = await repo.resourcesOf(ctx.db, rows.map((r) => r.id));
  return { ...dict, packages: rows.map((r) => presentPackage(r, res.filter((x) => x.dataset_id === r.id))) };
}

export const ACTIONS: Record<string, Action> = {
  status_show: {
    help: 'Return a dictionary with information about the site\'s configuration.',
    run: async () => ({ site_title: 'stadtkern', site_description: 'Offene Daten der Kommunen', site_url: '', ckan_version: '2.10.0', stadtkern_version: VERSION, locale_default: 'de', extensions: ['dcatde'] }),
  },
  package_list: {
    help: 'Return a list of the names of the site\'s datasets. :param limit: :param offset:',
    run: async (ctx, p) => (await repo.publicNames(ctx.db, int(p, 'limit', 1000, 0, 1000), int(p, 'offset', 0, 0, 10_000_000))).map((r) => r.name),
  },
  current_package_list_with_resources: {
    help: 'Return a list of the site\'s datasets and their resources, most recently modified first. :param limit: :param offset: :param page:',
    run: async (ctx, p) => {
      const limit = int(p, 'limit', 10, 1, 1000);
      const offset = p.page !== undefined ? (int(p, 'page', 1, 1, 1_000_000) - 1) * limit : int(p, 'offset', 0, 0, 10_000_000);
      const rows = await repo.datasetQuery(ctx.db).where('d.state', '=', 'active').where('d.private', '=', false).orderBy('d.metadata_modified', 'desc').orderBy('d.id').limit(limit).offset(offset).execute();
      const res = await repo.resourcesOf(ctx.db, rows.map((r) => r.id));
      return rows.map((r) => presentPackage(r, res.filter((x) => x.dataset_id === r.id)));
    },
  },
  package_search: {
    help: 'Search datasets. :param q: Solr-style query (German full text, field:value, AND/OR/NOT, ranges) :param fq: filter query :param sort: e.g. "score desc, metadata_modified desc" :param rows: ≤ 1000 :param start: :param facet.field: JSON list :param facet.limit: :param include_private: :param include_drafts:',
    run: (ctx, p) => packageSearch(ctx, p),
  },
  package_show: { help: 'Return the metadata of a dataset and its resources. :param id: the id or name of the dataset', run: (ctx, p) => svc.showPackage(ctx, text(p.id)) },
  package_create: { help: 'Create a new dataset. Requires an API token of an editor of the owning organization.', run: (ctx, p) => svc.createPackage(ctx, p) },
  package_update: { help: 'Update a dataset: fields not given are reset; resources are kept unless a list is given.', run: (ctx, p) => svc.updatePackage(ctx, p) },
  package_patch: { help: 'Patch a dataset: only the given fields change. :param id:', run: (ctx, p) => svc.patchPackage(ctx, p) },
  package_delete: { help: 'Delete a dataset (state becomes "deleted"). :param id:', run: (ctx, p) => svc.deletePackage(ctx, text(p.id)) },
  resource_show: {
    help: 'Return the metadata of a resource. :param id:',
    run: async (ctx, p) => {
      const id = text(p.id);
      if (!id) throw missing('id');
      const r = /^[0-9a-f-]{36}$/i.test(id) ? await repo.findResource(ctx.db, id) : undefined;
      if (!r) throw NotFound('Ressource');
      await svc.loadDataset(ctx, r.dataset_id);
      return presentResource(r);
    },
  },
  resource_create: { help: 'Add a resource to a dataset. :param package_id: :param url:', run: (ctx, p) => resources.createResource(ctx, p) },
  resource_update: { help: 'Replace a resource\'s fields. :param id:', run: (ctx, p) => resources.updateResource(ctx, p, false) },
  resource_patch: { help: 'Change only the given fields of a resource. :param id:', run: (ctx, p) => resources.updateResource(ctx, p, true) },
  resource_delete: { help: 'Delete a resource. :param id:', run: (ctx, p) => resources.deleteResource(ctx, p) },
  resource_search: {
    help: 'Search resources of public datasets. :param query: "field:term" or a list of them (name, description, format, url, mimetype, hash); all must match :param order_by: :param offset: :param limit:',
    run: async (ctx, p) => {
      const raw = Array.isArray(p.query) ? p.query : p.query === undefined ? [] : [p.query];
      const terms: [repo.ResourceSearchField, string][] = [];
      const errors: string[] = [];
      for (const item of raw) {
        const [field, ...rest] = String(item).split(':');
        const term = rest.join(':');
        if (!field || !term) errors.push(`Search query must be "field:term": ${String(item)}`);
        else if (!repo.isResourceSearchField(field)) errors.push(`Field "${field}" not recognised in resource_search.`);
        else terms.push([field, term]);
      }
      if (errors.length) throw new CkanValidation({ query: errors });
      const order = text(p.order_by) ?? 'position';
      if (order !== 'position' && !repo.isResourceSearchField(order)) throw new CkanValidation({ order_by: [`Cannot order by field "${order}"`] });
      const r = await repo.searchResources(ctx.db, terms, order, int(p, 'limit', 100, 0, 1000), int(p, 'offset', 0, 0, 10_000_000));
      return { count: r.count, results: r.rows.map(presentResource) };
    },
  },
  package_autocomplete: {
    help: 'Return datasets whose name or title match the query. :param q: :param limit: (default 10)',
    run: async (ctx, p) => {
      const q = text(p.q);
      if (!q) throw missing('q');
      const rows = await repo.autocomplete(ctx.db, q, int(p, 'limit', 10, 1, 100));
      const lower = q.toLowerCase();
      return rows.map((r) => {
        const byName = r.name.startsWith(lower);
        return { name: r.name, title: r.title, match_field: byName ? 'name' : 'title', match_displayed: byName ? r.name : r.title };
      });
    },
  },
  organization_list: {
    help: 'Return a list of the names of the site\'s organizations. :param all_fields: :param limit: :param offset:',
    run: async (ctx, p) => {
      const rows = await repo.organizationQuery(ctx.db).orderBy('o.name').limit(int(p, 'limit', 1000, 0, 1000)).offset(int(p, 'offset', 0, 0, 1_000_000)).execute();
      return flag(p.all_fields) ? rows.map(presentOrganization) : rows.map((o) => o.name);
    },
  },
  organization_show: {
    help: 'Return the details of an organization. :param id: :param include_datasets:',
    run: (ctx, p) => organizationDict(ctx, text(p.id), flag(p.include_datasets)),
  },
  organization_create: {
    help: 'Create an organization (a department that publishes) for a tenant. Tenant administrators. :param name: :param title: :param tenant:',
    run: async (ctx, p) => {
      const name = text(p.name), tenant = text(p.tenant) ?? text(p.name)?.split('-')[0];
      const errors: Record<string, string[]> = {};
      if (!name || !/^[a-z0-9_-]{2,100}$/.test(name)) errors.name = [name ? 'Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_' : 'Missing value'];
      if (!tenant) errors.tenant = ['Missing value'];
      if (Object.keys(errors).length) throw new CkanValidation(errors);
      const t = await tenantRef(ctx, tenant!).catch(() => {
        throw new CkanValidation({ tenant: [`Tenant does not exist: ${tenant}`] });
      });
      requireTenantRole(ctx, t.id, 'admin', 'admin');
      if (await repo.findOrganization(ctx.db, name!)) throw new CkanValidation({ name: ['Group name already exists in database'] });
      const { id } = await repo.insertOrganization(ctx.db, { tenantId: t.id, name: name!, title: text(p.title) ?? name!, description: text(p.description) ?? '' });
      return organizationDict(ctx, id, false);
    },
  },
  organization_update: {
    help: 'Update an organization\'s title and description. Tenant administrators. :param id:',
    run: async (ctx, p) => {
      const o = await repo.findOrganization(ctx.db, text(p.id) ?? text(p.name) ?? '');
      if (!o) throw NotFound('Organisation');
      requireTenantRole(ctx, o.tenant_id, 'admin', 'admin');
      await repo.updateOrganization(ctx.db, o.id, { ...(text(p.title) !== undefined && { title: text(p.title) }), ...(text(p.description) !== undefined && { description: text(p.description) }) });
      return organizationDict(ctx, o.id, false);
    },
  },
  group_list: {
    help: 'Return the EU data themes, used as groups. :param all_fields:',
    run: async (ctx, p) => {
      const counts = await repo.themeCounts(ctx.db);
      const codes = Object.keys(THEMES).sort();
      return flag(p.all_fields) ? codes.map((c) => presentGroup(c, counts.get(c) ?? 0)) : codes;
    },
  },
  group_show: {
    help: 'Return one EU data theme. :param id: the lower-case theme code, e.g. "tran"',
    run: async (ctx, p) => {
      const id = text(p.id)?.toLowerCase();
      if (!id) throw missing('id');
      if (!(id in THEMES)) throw NotFound('Gruppe');
      return presentGroup(id, (await repo.themeCounts(ctx.db)).get(id) ?? 0);
    },
  },
  tag_list: {
    help: 'Return the tags of public datasets. :param query: a prefix',
    run: (ctx, p) => repo.tagNames(ctx.db, text(p.query) ?? text(p.q), int(p, 'limit', 1000, 1, 10_000)),
  },
  license_list: {
    help: 'Return the licences (dcat-ap.de licence vocabulary).',
    run: async () => LICENCES.map((l) => ({ id: l.id, title: l.title, url: l.url, status: 'active', od_conformance: l.odConformance, osd_conformance: 'not reviewed', domain_data: true, domain_content: false, domain_software: false, family: '', maintainer: '' })),
  },
  help_show: {
    help: 'Return the help string of an action. :param name:',
    run: async (_ctx, p) => {
      const name = text(p.name);
      if (!name) throw missing('name');
      const a = ACTIONS[name];
      if (!a) throw NotFound('Aktion');
      return a.help;
    },
  },
};

/** Other modules add their CKAN actions here (e.g. the datastore's datastore_search), so that
 *  /api/3/action/<name> serves them with the same envelope, auth and error mapping. */
export function registerCkanAction(name: string, action: Action): void {
  if (Object.prototype.hasOwnProperty.call(ACTIONS, name)) throw new Error(`CKAN action ${name} is registered twice`);
  ACTIONS[name] = action;
}
