// Sources that serve garbage, loop, time out or exceed a limit: each run ends as failed with a
// clear log entry, and the catalogue stays exactly as the previous good run left it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { snapshot } from '../../../../test/helpers/snapshot.ts';
import { runHarvest } from './run.ts';
import type { HarvestLimits } from './http.ts';
import { addSource, LOOPBACK, CATALOG_TABLES, runLog, serveFixtures, shared, skipWithoutShared, type FixtureServer, type Reply } from './test-sources.ts';

const TTL = `@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> . @prefix hydra: <http://www.w3.org/ns/hydra/core#> .`;
const dataset = (n: number) => `<d/${n}> a dcat:Dataset ; dct:title "Datensatz ${n}" ; dct:license <http://dcat-ap.de/def/licenses/cc-zero> ;
  dcat:distribution [ a dcat:Distribution ; dcat:accessURL <https://example.org/${n}.csv> ] .`;
const page = (ids: number[], next?: string) => ({ body: `${TTL}\n${next ? `<> hydra:next <${next}> .` : ''}\n${ids.map(dataset).join('\n')}` });
const ckanPkg = (n: number) => ({ id: `0000000${n}-aaaa-4aaa-8aaa-00000000000${n}`, name: `paket-${n}`, title: `Paket ${n}`, license_id: 'dl-by-de/2.0', resources: [{ url: `https://example.org/p${n}.csv`, format: 'CSV' }] });
const ckanPage = (count: number, ids: number[]) => ({ type: 'application/json', body: JSON.stringify({ success: true, result: { count, results: ids.map(ckanPkg) } }) });

type Case = { name: string; type: 'dcat' | 'ckan'; routes: Record<string, Reply>; limits?: Partial<HarvestLimits>; error: RegExp };

const CASES: Case[] = [
  { name: 'HTML instead of RDF', type: 'dcat', routes: { '/quelle.ttl': { type: 'text/html; charset=utf-8', body: '<!DOCTYPE html><html lang="de"><body><h1>Wartungsarbeiten</h1></body></html>' } }, error: /lieferte HTML statt RDF \(Content-Type text\/html; charset=utf-8\): „<!DOCTYPE html>/ },
  { name: 'HTML with an RDF content type', type: 'dcat', routes: { '/quelle.ttl': { type: 'application/rdf+xml', body: '<html><body>Fehler</body></html>' } }, error: /lieferte HTML statt RDF/ },
  { name: 'truncated RDF/XML (the Rostock page cut off)', type: 'dcat', routes: { '/quelle.ttl': { type: 'application/rdf+xml', body: shared('shacl/testcases/rostock-catalog-original-input.rdf').slice(0, 200_000) } }, error: /ist kein gültiges RDF\/XML: .*unclosed tag/ },
  { name: 'broken Turtle', type: 'dcat', routes: { '/quelle.ttl': { body: `${TTL}\n<d/1> a dcat:Dataset ; dct:title "ohne Ende` } }, error: /ist kein gültiges Turtle: / },
  { name: 'JSON instead of RDF', type: 'dcat', routes: { '/quelle.ttl': { type: 'application/json', body: '{"error":"nope"}' } }, error: /lieferte JSON statt RDF\/XML oder Turtle/ },
  { name: 'HTTP 500', type: 'dcat', routes: { '/quelle.ttl': { status: 500, type: 'text/plain', body: 'Internal Server Error' } }, error: /antwortete mit HTTP 500: „Internal Server Error“/ },
  { name: 'a Hydra loop: page 2 points back to page 1', type: 'dcat', routes: { '/quelle.ttl': page([1, 2], 'quelle.ttl?seite=2'), '/quelle.ttl?seite=2': page([3], 'quelle.ttl') }, error: /Schleife erkannt: die Seite http:\/\/127\.0\.0\.1:\d+\/quelle\.ttl wurde in diesem Lauf schon abgerufen/ },
  { name: 'a Hydra page that only repeats datasets already seen', type: 'dcat', routes: { '/quelle.ttl': page([1, 2], '?seite=2'), '/quelle.ttl?seite=2': page([1, 2], '?seite=3') }, error: /Schleife erkannt: die Seite .*seite=2 enthält nur Datensätze, die in diesem Lauf schon gelesen wurden/ },
  { name: 'a server that never answers', type: 'dcat', routes: { '/quelle.ttl': () => undefined }, limits: { requestTimeoutMs: 300 }, error: /Zeitüberschreitung: http:\/\/127\.0\.0\.1:\d+\/quelle\.ttl hat nicht innerhalb von 0\.3 s geantwortet/ },
  {
    name: 'a page declared larger than allowed', type: 'dcat', limits: { maxResponseBytes: 1000 },
    routes: { '/quelle.ttl': (_req, res) => { const body = page([1, 2, 3, 4, 5, 6, 7, 8]).body; res.writeHead(200, { 'content-type': 'text/turtle', 'content-length': Buffer.byteLength(body) }).end(body); } },
    error: /ist zu groß \(\d+ KB, höchstens 1000 Bytes\)/,
  },
  {
    name: 'a streamed page (no Content-Length) larger than allowed', type: 'dcat', limits: { maxResponseBytes: 1000 },
    routes: { '/quelle.ttl': (_req, res) => { res.writeHead(200, { 'content-type': 'text/turtle' }); res.write(page([1, 2, 3, 4, 5, 6, 7, 8]).body); res.end(); } },
    error: /ist zu groß \(mehr als 1000 Bytes\)/,
  },
  { name: 'more pages than allowed', type: 'dcat', routes: { '/quelle.ttl': page([1, 2], '?seite=2'), '/quelle.ttl?seite=2': page([3]) }, limits: { maxPages: 1 }, error: /Seitenlimit erreicht: mehr als 1 Seiten/ },
  {
    name: 'the run time limit', type: 'dcat', limits: { totalTimeMs: 300 },
    routes: { '/quelle.ttl': (_req, res) => void setTimeout(() => res.writeHead(200, { 'content-type': 'text/turtle' }).end(page([1, 2]).body), 1000) },
    error: /Zeitlimit des Laufs \(0\.3 s\) überschritten/,
  },
  { name: 'a valid but empty catalogue (nothing is deleted)', type: 'dcat', routes: { '/quelle.ttl': { body: `${TTL}\n<k> a <http://www.w3.org/ns/dcat#Catalog> .` } }, error: /listet keinen einzigen Datensatz mehr \(bisher 2\).*nichts gelöscht/ },
  { name: 'a CKAN that returns the same page forever', type: 'ckan', routes: { '/api/3/action/package_search': ckanPage(1_000_000, [1, 2]) }, error: /Schleife erkannt: die Seite .*start=2.* enthält nur Datensätze, die in diesem Lauf schon gelesen wurden/ },
  { name: 'a CKAN address that serves HTML', type: 'ckan', routes: { '/api/3/action/package_search': { type: 'text/html', body: '<html><body>Portal</body></html>' } }, error: /lieferte kein JSON \(Content-Type text\/html\).*ist das eine CKAN-Adresse\?/ },
  { name: 'JSON that is no CKAN answer', type: 'ckan', routes: { '/api/3/action/package_search': { type: 'application/json', body: '{"hello":"world"}' } }, error: /ist keine CKAN-Antwort von package_search/ },
];

describe('bad harvest sources change nothing', { skip: skipWithoutShared }, () => {
  let t: TestApp;
  let web: FixtureServer;
  const sources: Record<'dcat' | 'ckan', string> = { dcat: '', ckan: '' };
  before(async () => {
    t = await testApp();
    web = await serveFixtures();
    // A good run first, so there is something that garbage could destroy.
    web.routes.set('/quelle.ttl', page([1, 2]));
    web.routes.set('/api/3/action/package_search', ckanPage(2, [1, 2]));
    sources.dcat = await addSource(t.db, t.tenants.get('giessen')!, { name: 'DCAT-Quelle', type: 'dcat', url: `${web.url}/quelle.ttl` });
    sources.ckan = await addSource(t.db, t.tenants.get('giessen')!, { name: 'CKAN-Quelle', type: 'ckan', url: web.url });
    for (const id of Object.values(sources)) {
      const r = (await runHarvest(t.db, id, LOOPBACK))!;
      assert.equal(r.created, 2, JSON.stringify(await runLog(t.db, r.runId)));
    }
  });
  after(async () => {
    await web?.close();
    await t?.close();
  });

  for (const c of CASES) {
    test(c.name, { timeout: 20_000 }, async () => {
      web.routes.clear();
      for (const [path, reply] of Object.entries(c.routes)) web.routes.set(path, reply);
      const before = await snapshot(t.db, CATALOG_TABLES);
      const r = (await runHarvest(t.db, sources[c.type], { ...LOOPBACK, full: true, limits: c.limits }))!;
      assert.equal(r.status, 'failed');
      const log = await runLog(t.db, r.runId);
      const last = log.at(-1)!;
      assert.equal(last.level, 'error');
      assert.match(last.message, c.error);
      const run = await t.db.selectFrom('catalog_harvest_runs').select(['status', 'message', 'finished_at']).where('id', '=', r.runId).executeTakeFirstOrThrow();
      assert.equal(run.message, last.message);
      assert.ok(run.finished_at);
      assert.deepEqual(await snapshot(t.db, CATALOG_TABLES), before);
    });
  }

  test('private addresses are not fetched unless allowed (the check is made when connecting)', async () => {
    web.routes.clear();
    web.routes.set('/quelle.ttl', page([1, 2, 3]));
    const before = await snapshot(t.db, CATALOG_TABLES);
    const requests = web.requests.length;
    const viaName = await addSource(t.db, t.tenants.get('giessen')!, { name: 'Intranet', type: 'dcat', url: `${web.url.replace('127.0.0.1', 'localhost')}/quelle.ttl` });
    for (const [id, pattern] of [[sources.dcat, /127\.0\.0\.1:\d+\/quelle\.ttl: private, lokale und Loopback-Adressen werden nicht abgerufen/], [viaName, /localhost → (127\.0\.0\.1|::1): private, lokale/]] as const) {
      const r = (await runHarvest(t.db, id, { full: true }))!;
      assert.equal(r.status, 'failed');
      assert.match((await runLog(t.db, r.runId)).at(-1)!.message, pattern);
    }
    assert.equal(web.requests.length, requests, 'no request reached the server');
    assert.deepEqual(await snapshot(t.db, CATALOG_TABLES), before);
  });

  test('after all that, a good page is harvested again as unchanged', async () => {
    web.routes.clear();
    web.routes.set('/quelle.ttl', page([1, 2]));
    const r = (await runHarvest(t.db, sources.dcat, LOOPBACK))!;
    assert.deepEqual([r.status, r.created, r.unchanged, r.deleted], ['succeeded', 0, 2, 0]);
  });
});
