// The DCAT-AP.de export through the real app, checked with the official SHACL shapes
// (profile "Spezifikation + Konventionen") in all three serialisations, plus Hydra paging,
// modified_since, scopes, visibility, ETags and bad parameters.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import jsonld from 'jsonld';
import type { Quad } from 'n3';
import { bearer, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { parseRdfXml, parseTurtle, SHACL_DIR, validateDcatApDe, type ShaclReport } from '../../../../test/helpers/shacl.ts';
import { seedCatalog } from '../seed.ts';

const DCAT = 'http://www.w3.org/ns/dcat#';
const HYDRA = 'http://www.w3.org/ns/hydra/core#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

const datasets = (q: Quad[]) => q.filter((x) => x.predicate.value === RDF_TYPE && x.object.value === `${DCAT}Dataset`).map((x) => x.subject.value).sort();
const objects = (q: Quad[], s: string, p: string) => q.filter((x) => x.subject.value === s && x.predicate.value === p).map((x) => x.object.value);
const explain = (r: ShaclReport) => JSON.stringify(r.violations.slice(0, 5), null, 1);
/** Triples without blank nodes, as comparable strings: equal sets mean the same graph here. */
const ground = (q: Quad[]) => q.filter((x) => x.subject.termType !== 'BlankNode' && x.object.termType !== 'BlankNode')
  .map((x) => `${x.subject.value} ${x.predicate.value} ${x.object.termType === 'Literal' ? JSON.stringify([x.object.value, x.object.language]) : x.object.value}`)
  .map((line) => line.replace(/catalog\.(rdf|jsonld)\?/g, 'catalog.ttl?')).sort(); // page links name their own format

describe('DCAT-AP.de export', () => {
  let t: TestApp;
  let token: string;
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });
  const ttl = async (url: string) => {
    const res = await get(url);
    assert.equal(res.statusCode, 200, res.body);
    return parseTurtle(res.body);
  };
  const create = async (body: Record<string, unknown>) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/3/action/package_create', headers: bearer(token), payload: { owner_org: 'giessen', license_id: 'dl-by-de/2.0', ...body } });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().result as { id: string; name: string };
  };

  before(async () => {
    t = await testApp({ publicUrl: 'https://daten.example.de' });
    await seedCatalog(t.db);
    token = await t.token(await t.makeUser({ email: 'daten@giessen.test', roles: { giessen: 'editor' } }));
  });
  after(() => t.close());

  test('the validator is real: it rejects the defective Rostock page and accepts the reference example', async () => {
    const rostock = await parseRdfXml(readFileSync(path.join(SHACL_DIR, 'testcases/rostock-catalog-original-input.rdf'), 'utf8'), 'https://opendata-hro.de/');
    const bad = await validateDcatApDe(rostock);
    assert.equal(bad.conforms, false);
    assert.ok(bad.violations.some((v) => v.message.startsWith('K31')), 'non-canonical licences are reported');
    const good = await validateDcatApDe(parseTurtle(readFileSync(path.join(SHACL_DIR, 'testcases/v2.0-konventionen-perfect.ttl'), 'utf8')));
    assert.equal(good.conforms, true, explain(good));
  });

  test('the whole demo catalogue conforms to DCAT-AP.de 2.0 + Konventionen, in Turtle, RDF/XML and JSON-LD', async () => {
    const fromTtl = await ttl('/catalog.ttl');
    assert.equal(datasets(fromTtl).length, 14);
    const report = await validateDcatApDe(fromTtl);
    assert.equal(report.conforms, true, explain(report));

    const xml = await get('/catalog.rdf');
    assert.match(xml.headers['content-type'] as string, /^application\/rdf\+xml/);
    const fromXml = await parseRdfXml(xml.body);
    assert.equal((await validateDcatApDe(fromXml)).conforms, true);
    assert.deepEqual(ground(fromXml), ground(fromTtl));

    const json = await get('/catalog.jsonld');
    assert.match(json.headers['content-type'] as string, /^application\/ld\+json/);
    const nquads = await jsonld.toRDF(JSON.parse(json.body), { format: 'application/n-quads' }) as unknown as string;
    const fromJson = parseTurtle(nquads);
    assert.equal(fromJson.length, fromTtl.length);
    assert.deepEqual(ground(fromJson), ground(fromTtl));
  });

  test('a dataset with every field: conforms, and carries geocoding, temporal, checksum, HVD (3.0) and contact', async () => {
    const { id, name } = await create({
      name: 'giessen-alles', title: 'Alle Felder', notes: 'Ein Datensatz mit allen Angaben.', tags: [{ name: 'Test' }], groups: [{ name: 'tran' }],
      maintainer: 'Amt für Verkehr', maintainer_email: 'verkehr@giessen.de', url: 'https://www.giessen.de/verkehr', version: '2.1',
      extras: [{ key: 'temporal_start', value: '2020-01-01' }, { key: 'temporal_end', value: '2024-12-31' }, { key: 'frequency', value: 'MONTHLY' }, { key: 'hvd_category', value: 'c_b79e35eb' }],
      resources: [
        { name: 'Tabelle', url: 'https://www.giessen.de/a.csv', format: 'csv', mimetype: 'text/csv', size: 1234, hash: 'a'.repeat(64) },
        { name: 'Karte', url: 'https://geo.giessen.de/wms', format: 'WMS', license_id: 'cc-by/4.0' },
      ],
    });
    for (const url of [`/dataset/${id}.ttl`, `/dataset/${name}.ttl`]) {
      const q = await ttl(url);
      const report = await validateDcatApDe(q);
      assert.equal(report.conforms, true, explain(report));
      const ds = `https://daten.example.de/dataset/${id}`;
      assert.deepEqual(datasets(q), [ds]);
      assert.deepEqual(objects(q, ds, 'http://dcat-ap.de/def/dcatde/politicalGeocodingURI'), ['http://dcat-ap.de/def/politicalGeocoding/municipalityKey/06531005']);
      assert.deepEqual(objects(q, ds, 'http://data.europa.eu/r5r/hvdCategory'), ['http://data.europa.eu/bna/c_b79e35eb']);
      assert.deepEqual(objects(q, ds, `${DCAT}landingPage`), ['https://www.giessen.de/verkehr']);
      assert.equal(objects(q, ds, `${DCAT}distribution`).length, 2);
      assert.ok(q.some((x) => x.predicate.value === 'http://spdx.org/rdf/terms#checksumValue' && x.object.value === 'a'.repeat(64)));
      assert.ok(q.some((x) => x.predicate.value === 'http://www.w3.org/2006/vcard/ns#hasEmail' && x.object.value === 'mailto:verkehr@giessen.de'));
      assert.ok(q.some((x) => x.predicate.value === `${DCAT}startDate`));
      const licences = q.filter((x) => x.predicate.value === 'http://purl.org/dc/terms/license').map((x) => x.object.value).sort();
      assert.deepEqual(licences, ['http://dcat-ap.de/def/licenses/cc-by/4.0', 'http://dcat-ap.de/def/licenses/dl-by-de/2.0']);
    }
    const xml = await get(`/dataset/${name}.rdf`);
    assert.equal((await validateDcatApDe(await parseRdfXml(xml.body))).conforms, true);
  });

  test('Hydra paging: 100 per page, old and new predicates, every dataset exactly once', async () => {
    const orgId = (await t.db.selectFrom('catalog_organizations').select('id').where('name', '=', 'wetzlar').executeTakeFirstOrThrow()).id;
    await t.db.insertInto('catalog_datasets').values(Array.from({ length: 230 }, (_, i) => ({
      tenant_id: t.tenants.get('wetzlar')!, organization_id: orgId, name: `wetzlar-serie-${i}`, title: `Messreihe ${i}`, license_id: 'http://dcat-ap.de/def/licenses/dl-zero-de/2.0',
      state: 'active' as const, extras: '{}',
    }))).execute();
    const seen: string[] = [];
    let url: string | undefined = '/organization/wetzlar/catalog.ttl';
    let pages = 0;
    while (url) {
      const q = await ttl(url);
      pages++;
      const pageNode = q.find((x) => x.predicate.value === RDF_TYPE && x.object.value === `${HYDRA}PagedCollection`)!.subject.value;
      assert.ok(q.some((x) => x.subject.value === pageNode && x.object.value === `${HYDRA}PartialCollectionView`));
      assert.deepEqual(objects(q, pageNode, `${HYDRA}totalItems`), ['231']); // 230 + the demo dataset
      assert.deepEqual(objects(q, pageNode, `${HYDRA}itemsPerPage`), ['100']);
      assert.match(objects(q, pageNode, `${HYDRA}lastPage`)[0]!, /page=3$/);
      const next = objects(q, pageNode, `${HYDRA}nextPage`)[0];
      assert.equal(objects(q, pageNode, `${HYDRA}next`)[0], next);
      seen.push(...datasets(q));
      assert.ok(datasets(q).length <= 100);
      url = next?.replace('https://daten.example.de', '');
    }
    assert.equal(pages, 3);
    assert.equal(seen.length, 231);
    assert.equal(new Set(seen).size, 231);
    const report = await validateDcatApDe(await ttl('/organization/wetzlar/catalog.ttl?page=3'));
    assert.equal(report.conforms, true, explain(report));
  });

  test('modified_since, cooperation catalogue, and what is never exported', async () => {
    const cutoff = new Date();
    await new Promise((r) => setTimeout(r, 20));
    const fresh = await create({ name: 'giessen-neu', title: 'Neu' });
    const priv = await create({ name: 'giessen-intern', title: 'Intern', private: true });
    const unlicensed = await create({ name: 'giessen-ohne-lizenz', title: 'Ohne Lizenz', license_id: '', resources: [{ url: 'https://www.giessen.de/x.csv', format: 'CSV' }] });
    const since = datasets(await ttl(`/catalog.ttl?modified_since=${encodeURIComponent(cutoff.toISOString())}`));
    assert.deepEqual(since, [`https://daten.example.de/dataset/${fresh.id}`]);

    const coop = datasets(await ttl('/cooperation/digitale-kommune-hessen/catalog.ttl'));
    const all = datasets(await ttl('/catalog.ttl?page=1'));
    assert.ok(coop.includes(`https://daten.example.de/dataset/${fresh.id}`)); // Gießen is a member
    const frankfurt = (await t.db.selectFrom('catalog_datasets').select('id').where('name', '=', 'frankfurt-baumkataster').executeTakeFirstOrThrow()).id;
    assert.ok(!coop.includes(`https://daten.example.de/dataset/${frankfurt}`)); // Frankfurt is not
    for (const hidden of [priv.id, unlicensed.id]) assert.ok(!all.includes(`https://daten.example.de/dataset/${hidden}`));

    assert.equal((await get(`/dataset/${priv.id}.ttl`)).statusCode, 404);
    assert.equal((await get(`/dataset/${priv.id}.ttl`, bearer(token))).statusCode, 200);
    const refused = await get(`/dataset/${unlicensed.id}.ttl`);
    assert.equal(refused.statusCode, 409);
    assert.match(refused.json().detail, /Lizenz/);
  });

  test('ETag: an unchanged catalogue answers 304, a change gives a new one', async () => {
    const first = await get('/organization/giessen/catalog.ttl');
    const etag = first.headers.etag as string;
    assert.ok(etag);
    assert.equal((await get('/organization/giessen/catalog.ttl', { 'if-none-match': etag })).statusCode, 304);
    await create({ name: 'giessen-etag', title: 'ETag' });
    const changed = await get('/organization/giessen/catalog.ttl', { 'if-none-match': etag });
    assert.equal(changed.statusCode, 200);
    assert.notEqual(changed.headers.etag, etag);
  });

  test('bad parameters get a clear 400, unknown catalogues 404', async () => {
    for (const q of ['page=0', 'page=abc', 'page=-1', 'modified_since=gestern', 'modified_since=2025-13-45']) {
      const res = await get(`/catalog.ttl?${q}`);
      assert.equal(res.statusCode, 400, q);
      assert.match(res.headers['content-type'] as string, /problem\+json/);
    }
    for (const url of ['/organization/gibt-es-nicht/catalog.ttl', '/cooperation/gibt-es-nicht/catalog.rdf', '/dataset/gibt-es-nicht.ttl', '/dataset/giessen-neu.pdf']) {
      assert.equal((await get(url)).statusCode, 404, url);
    }
    const beyond = datasets(await ttl('/catalog.ttl?page=999'));
    assert.deepEqual(beyond, []);
  });
});
