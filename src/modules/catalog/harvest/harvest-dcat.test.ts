// Harvesting DCAT-AP catalogues from a real HTTP server: the real Rostock CKAN page (DCAT-AP.de
// 1.1 with real defects), the official DCAT-AP.de examples (RDF/XML and Turtle), and a
// Hydra-paged Turtle catalogue with relative IRIs; re-runs update instead of duplicating.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { JobRunner } from '../../core/index.ts';
import { runHarvest } from './run.ts';
import { enqueueDue, registerHarvestJobs } from './jobs.ts';
import { addSource, LOOPBACK, runLog, serveFixtures, shared, skipWithoutShared, type FixtureServer } from './test-sources.ts';

const PREFIXES = `@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
@prefix hydra: <http://www.w3.org/ns/hydra/core#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcatde: <http://dcat-ap.de/def/dcatde/1_0/> . @prefix theme: <http://publications.europa.eu/resource/authority/data-theme/> .
@prefix lic: <http://dcat-ap.de/def/licenses/> .`;
const ds = (n: number, title: string, extra = '') => `
<datensatz/${n}> a dcat:Dataset ; dct:title "${title}"@de ; dct:description "Beschreibung ${n}" ; dcat:keyword "Schlagwort ${n}" ;
  dcat:theme theme:SOCI ; dcatde:contributorID <http://dcat-ap.de/def/contributors/test> ; dcat:distribution <datensatz/${n}/csv> ${extra}.
<datensatz/${n}/csv> a dcat:Distribution ; dct:title "Tabelle" ; dcat:accessURL <../dateien/d${n}.csv> ;
  dct:format <http://publications.europa.eu/resource/authority/file-type/CSV> ; dct:license <http://dcat-ap.de/def/licenses/dl-zero-de/2.0> .`;

/** Three pages: the new hydra:next (an IRI), the old hydra:nextPage (a relative literal), end. */
function hydraPages(titles: Record<number, string>) {
  const t = (n: number) => titles[n] ?? `Datensatz ${n}`;
  return {
    1: `${PREFIXES}\n<> a hydra:PartialCollectionView ; hydra:next <katalog.ttl?seite=2> .\n${ds(1, t(1))}\n${ds(2, t(2))}`,
    2: `${PREFIXES}\n<katalog.ttl?seite=2> a hydra:PagedCollection ; hydra:nextPage "katalog.ttl?seite=3" ; hydra:totalItems 6 .\n${ds(3, t(3))}\n${ds(4, t(4), '; dct:accrualPeriodicity <http://publications.europa.eu/resource/authority/frequency/MONTHLY> ; dct:issued "2019-13-45"^^xsd:date ')}`,
    3: `${PREFIXES}\n<katalog.ttl?seite=3> a hydra:PagedCollection .\n${titles[5] === '' ? '' : ds(5, t(5))}\n<datensatz/6> a dcat:Dataset ; dct:description "ohne Titel" .`,
  };
}

describe('harvesting DCAT-AP catalogues', { skip: skipWithoutShared }, () => {
  let t: TestApp;
  let web: FixtureServer;
  before(async () => {
    t = await testApp();
    web = await serveFixtures();
  });
  after(async () => {
    await web?.close();
    await t?.close();
  });
  const pkg = async (name: string) => (await t.app.inject({ url: `/api/3/action/package_show?id=${name}` })).json().result;
  const harvested = (sourceId: string) =>
    t.db.selectFrom('catalog_harvest_records as h').innerJoin('catalog_datasets as d', 'd.id', 'h.dataset_id').select(['d.name', 'd.title', 'd.state', 'h.guid']).where('h.source_id', '=', sourceId).orderBy('d.title').execute();

  test('the real Rostock page: all 100 datasets, defects in the log, the next page on another server not followed', async () => {
    web.routes.set('/rostock/catalog.rdf', { type: 'application/rdf+xml; charset=utf-8', body: shared('shacl/testcases/rostock-catalog-original-input.rdf') });
    const id = await addSource(t.db, t.tenants.get('giessen')!, { name: 'Rostock', type: 'dcat', url: `${web.url}/rostock/catalog.rdf` });
    const r = (await runHarvest(t.db, id, LOOPBACK))!;
    assert.equal(r.status, 'partial'); // complete page, but the catalogue has more pages elsewhere
    assert.equal(r.created, 100);
    assert.equal(r.errors, 0);
    const log = await runLog(t.db, r.runId);
    assert.ok(log.some((l) => l.level === 'warning' && /nächste Seite https:\/\/www\.opendata-hro\.de\/catalog\.rdf\?page=2 liegt auf einem anderen Server/.test(l.message)));
    assert.ok(log.some((l) => /Namensraum https:\/\/www\.dcat-ap\.de\/def\/dcatde\/1\.1\/ ist nicht der von DCAT-AP\.de/.test(l.message)));
    // Every dataset's defects are reported and name the dataset.
    const kita = 'def01e2f-270d-450d-a329-557e635c37d5';
    const about = log.filter((l) => l.dataset === kita).map((l) => l.message);
    assert.ok(about.some((m) => /Lizenz-IRI https:\/\/www\.dcat-ap\.de\/def\/licenses\/cc-zero ist nicht kanonisch/.test(m)), about.join('\n'));
    assert.ok(about.some((m) => /dct:language ist ein Literal/.test(m)));
    assert.ok(about.some((m) => /plannedAvailability/.test(m)));
    assert.equal(new Set(log.filter((l) => l.level === 'warning' && l.dataset).map((l) => l.dataset)).size, 100);
    assert.equal(log.find((l) => l.dataset === kita)?.title, 'Kinderbetreuungseinrichtungen');

    const rows = await harvested(id);
    assert.equal(rows.length, 100);
    assert.equal(new Set(rows.map((x) => x.name)).size, 100);
    const name = rows.find((x) => x.guid === kita)!.name;
    assert.match(name, /^kinderbetreuungseinrichtungen-[0-9a-f]{8}$/);
    const p = await pkg(name);
    assert.equal(p.license_id, 'http://dcat-ap.de/def/licenses/cc-zero');
    assert.equal(p.organization.name, 'giessen');
    assert.deepEqual(p.groups.map((g: { name: string }) => g.name).sort(), ['educ', 'soci', 'tech']);
    assert.ok(p.tags.some((x: { name: string }) => x.name === 'Kleinkind'));
    const extras = Object.fromEntries(p.extras.map((e: { key: string; value: string }) => [e.key, e.value]));
    assert.equal(extras.identifier, kita);
    assert.equal(extras.contributorID, '["http://dcat-ap.de/def/contributors/openDataHRO"]');
    assert.equal(extras.politicalGeocodingURI, '["http://dcat-ap.de/def/politicalGeocoding/regionalKey/130030000000"]');
    const csv = p.resources.find((x: { format: string }) => x.format === 'CSV');
    assert.equal(csv.url, 'https://geo.sv.rostock.de/download/opendata/kinderbetreuungseinrichtungen/kinderbetreuungseinrichtungen.csv');
    assert.equal(csv.mimetype, 'text/csv');
    assert.equal(csv.size, 72623);
    assert.equal(csv.license, 'http://dcat-ap.de/def/licenses/cc-zero');
    const history = await t.db.selectFrom('catalog_dataset_history').select(['actor', 'action']).where('dataset_id', '=', p.id).execute();
    assert.deepEqual(history, [{ actor: 'Harvesting: Rostock', action: 'package.create' }]);

    // Again: nothing duplicated, nothing written.
    const again = (await runHarvest(t.db, id, LOOPBACK))!;
    assert.deepEqual([again.created, again.updated, again.unchanged, again.deleted], [0, 0, 100, 0]);
    assert.equal((await harvested(id)).length, 100);
  });

  test('the DCAT-AP.de reference examples in RDF/XML and Turtle map to the same datasets', async () => {
    const files = { rdf: 'dcat_ap_de-RefImp_RDF_ADVANCED.rdf', ttl: 'dcat_ap_de-RefImp_TTL_ADVANCED.ttl', 'rdf-simple': 'dcat_ap_de-RefImp_RDF_SIMPLE.rdf', 'ttl-simple': 'dcat_ap_de-RefImp_TTL_SIMPLE.ttl' };
    const tenants = { rdf: 'frankfurt', ttl: 'wiesbaden', 'rdf-simple': 'darmstadt', 'ttl-simple': 'offenbach' };
    const out: Record<string, Awaited<ReturnType<typeof harvested>>> = {};
    for (const [k, f] of Object.entries(files)) {
      web.routes.set(`/beispiele/${f}`, { type: f.endsWith('.rdf') ? 'application/rdf+xml' : 'text/turtle', body: shared(`dcat/${f}`) });
      const id = await addSource(t.db, t.tenants.get(tenants[k as keyof typeof tenants])!, { name: `Beispiel ${k}`, type: 'dcat', url: `${web.url}/beispiele/${f}` });
      const r = (await runHarvest(t.db, id, LOOPBACK))!;
      assert.equal(r.status, 'succeeded', `${k}: ${JSON.stringify(r)}`);
      out[k] = await harvested(id);
    }
    assert.deepEqual(out.rdf!.map((x) => x.title), ['Badegewässer in Hamburg', 'Gebietsgrenzen Polizeikommissariate']);
    assert.deepEqual(out['rdf-simple']!.map((x) => x.title), ['Badegewässer (Daten) Hamburg']);
    assert.deepEqual(out['ttl-simple']!.map((x) => x.title), ['Badegewässer (Daten) Hamburg']);
    const strip = (p: Record<string, unknown>) => {
      const { id: _i, name: _n, organization: _o, owner_org: _w, metadata_created: _c, metadata_modified: _m, resources, extras, ...rest } = p;
      return {
        ...rest,
        resources: (resources as Record<string, unknown>[]).map(({ id: _r, package_id: _p, created: _c2, ...r }) => r),
        extras: (extras as { key: string }[]).filter((e) => !/politicalGeocoding|geocodingText|publisher_name/.test(e.key) || e.key === 'politicalGeocodingURI'),
      };
    };
    for (const i of [0, 1]) assert.deepEqual(strip(await pkg(out.rdf![i]!.name)), strip(await pkg(out.ttl![i]!.name)));

    const bade = await pkg(out.ttl![0]!.name);
    assert.equal(bade.license_id, 'http://dcat-ap.de/def/licenses/dl-by-de/2.0');
    assert.equal(bade.maintainer, 'Meister, Thomas, Herr');
    assert.equal(bade.maintainer_email, 'thomas.meister@example.com');
    assert.deepEqual(bade.groups.map((g: { name: string }) => g.name), ['envi']);
    assert.deepEqual(bade.tags.map((x: { name: string }) => x.name), ['badestelle', 'gewaesserqualitaet', 'umweltueberwachung', 'wasser', 'wasserbelastung']);
    assert.deepEqual(bade.resources.map((r: { format: string; size: number; hash: string }) => [r.format, r.size, r.hash]), [
      ['XML', 5056, '733d0612b5d3459bae57fc5059412ab8'], ['CSV', 42702, 'a58d35bebefa4972898110b9f5da62bc'],
    ]);
    const extras = Object.fromEntries(bade.extras.map((e: { key: string; value: string }) => [e.key, e.value]));
    assert.equal(extras.politicalGeocodingURI, '["http://dcat-ap.de/def/politicalGeocoding/stateKey/02"]');
    assert.equal(extras.contributorID, '["http://dcat-ap.de/def/contributors/transparenzportalHamburg"]');
    assert.equal(extras.publisher_name, 'Behörde für Umwelt und Energie (BUE), Amt für Umweltschutz');
    const polizei = await pkg(out.ttl![1]!.name);
    assert.equal(Object.fromEntries(polizei.extras.map((e: { key: string; value: string }) => [e.key, e.value])).frequency, 'http://publications.europa.eu/resource/authority/frequency/MONTHLY');

    // The same dataset through a second source of the same tenant is not harvested twice.
    const twin = await addSource(t.db, t.tenants.get('offenbach')!, { name: 'Beispiel doppelt', type: 'dcat', url: `${web.url}/beispiele/${files['rdf-simple']}` });
    const r = (await runHarvest(t.db, twin, LOOPBACK))!;
    assert.deepEqual([r.created, r.skipped], [0, 1]);
    assert.match((await runLog(t.db, r.runId)).find((l) => l.dataset)!.message, /Wird schon über die Quelle „Beispiel ttl-simple“ geerntet/);
  });

  test('Hydra paging over three Turtle pages with relative IRIs; changes, defects and deletions on re-runs', async () => {
    const serve = (titles: Record<number, string> = {}) => {
      const p = hydraPages(titles);
      web.routes.set('/hydra/katalog.ttl', { body: p[1] });
      web.routes.set('/hydra/katalog.ttl?seite=2', { body: p[2] });
      web.routes.set('/hydra/katalog.ttl?seite=3', { body: p[3] });
    };
    serve();
    const id = await addSource(t.db, t.tenants.get('marburg')!, { name: 'Hydra', type: 'dcat', url: `${web.url}/hydra/katalog.ttl` });
    const r = (await runHarvest(t.db, id, LOOPBACK))!;
    assert.equal(r.pages, 3);
    assert.equal(r.created, 5);
    assert.equal(r.errors, 1); // the dataset without a title
    assert.equal(r.status, 'partial');
    const log = await runLog(t.db, r.runId);
    assert.ok(log.some((l) => l.level === 'error' && l.dataset === `${web.url}/hydra/datensatz/6` && /Kein Titel/.test(l.message)));
    assert.ok(log.some((l) => l.level === 'warning' && l.dataset === `${web.url}/hydra/datensatz/4` && /Veröffentlichungsdatum \(issued\) \(„2019-13-45“\).*verworfen/.test(l.message)), log.map((l) => l.message).join('\n'));
    const rows = await harvested(id);
    assert.deepEqual(rows.map((x) => x.guid), [1, 2, 3, 4, 5].map((n) => `${web.url}/hydra/datensatz/${n}`));
    const p4 = await pkg(rows[3]!.name);
    assert.equal(p4.resources[0].url, `${web.url}/dateien/d4.csv`); // relative IRI resolved against the page
    assert.equal(p4.license_id, 'http://dcat-ap.de/def/licenses/dl-zero-de/2.0');
    const extras = Object.fromEntries(p4.extras.map((e: { key: string; value: string }) => [e.key, e.value]));
    assert.equal(extras.contributorID, '["http://dcat-ap.de/def/contributors/test"]'); // old 1_0 namespace
    assert.equal(extras.frequency, 'http://publications.europa.eu/resource/authority/frequency/MONTHLY');
    assert.equal(extras.issued, undefined);

    // Dataset 2 renamed remotely, dataset 5 gone: one update, one deletion, the rest untouched.
    serve({ 2: 'Datensatz zwei (neu)', 5: '' });
    const r2 = (await runHarvest(t.db, id, LOOPBACK))!;
    assert.deepEqual([r2.created, r2.updated, r2.unchanged, r2.deleted], [0, 1, 3, 1]);
    const after = await harvested(id);
    assert.equal(after.length, 5);
    assert.equal(after.find((x) => x.guid.endsWith('/2'))!.title, 'Datensatz zwei (neu)');
    assert.equal(after.find((x) => x.guid.endsWith('/2'))!.name, rows[1]!.name); // stable name
    assert.equal(after.find((x) => x.guid.endsWith('/5'))!.state, 'deleted');
    // Listed again: back as an update.
    serve({ 2: 'Datensatz zwei (neu)' });
    const r3 = (await runHarvest(t.db, id, LOOPBACK))!;
    assert.deepEqual([r3.created, r3.updated, r3.unchanged, r3.deleted], [0, 1, 4, 0]);
    assert.equal((await harvested(id)).find((x) => x.guid.endsWith('/5'))!.state, 'active');
  });

  test('scheduled: due sources are enqueued once as catalog.harvest jobs and run by the job runner', async () => {
    web.routes.set('/einfach.ttl', { body: shared('dcat/dcat_ap_de-RefImp_TTL_SIMPLE.ttl') });
    const tenantId = t.tenants.get('fulda')!;
    const id = await addSource(t.db, tenantId, { name: 'Geplant', type: 'dcat', url: `${web.url}/einfach.ttl` });
    await t.db.updateTable('catalog_harvest_sources').set({ interval_minutes: 60, next_run_at: new Date(Date.now() - 1000) }).where('id', '=', id).execute();
    const runner = new JobRunner(t.db, { pollMs: 50, concurrency: 1, lockTimeoutS: 30 });
    registerHarvestJobs(runner, t.db, { allowPrivate: true });
    assert.equal(await enqueueDue(runner, t.db), 1);
    assert.equal(await enqueueDue(runner, t.db), 0); // moved on by an hour
    const src = await t.db.selectFrom('catalog_harvest_sources').select('next_run_at').where('id', '=', id).executeTakeFirstOrThrow();
    assert.ok(src.next_run_at!.getTime() > Date.now() + 59 * 60_000);
    const job = await t.db.selectFrom('core_jobs').select(['id', 'unique_key', 'tenant_id']).where('type', '=', 'catalog.harvest').executeTakeFirstOrThrow();
    assert.equal(job.unique_key, `catalog.harvest:${id}`);
    assert.equal(job.tenant_id, tenantId);
    await runner.runOnce();
    const run = await t.db.selectFrom('catalog_harvest_runs').selectAll().where('source_id', '=', id).executeTakeFirstOrThrow();
    assert.equal(run.job_id, job.id);
    assert.equal(run.status, 'succeeded');
    assert.equal(run.created, 1);
    const done = await t.db.selectFrom('core_jobs').select(['status', 'result']).where('id', '=', job.id).executeTakeFirstOrThrow();
    assert.equal(done.status, 'succeeded');
  });
});
