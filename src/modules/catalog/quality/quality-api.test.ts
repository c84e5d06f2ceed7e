// The quality API through the real app: a dataset's report before and after its links were
// checked (against a loopback server), visibility as package_show, publisher and tenant scores
// over public datasets only, and problem+json for bad requests.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { bearer, problem, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { runLinkChecks } from './jobs.ts';

describe('quality API', () => {
  let t: TestApp;
  let giessen: string;
  let frankfurt: string;
  let server: http.Server;
  let base: string;
  before(async () => {
    t = await testApp();
    giessen = await t.token(await t.makeUser({ email: 'daten@giessen.test', roles: { giessen: 'editor' } }));
    frankfurt = await t.token(await t.makeUser({ email: 'daten@frankfurt.test', roles: { frankfurt: 'editor' } }));
    server = http.createServer((req, res) => {
      if (req.url === '/parken.csv') return res.writeHead(200, { 'content-type': 'text/csv', 'content-length': '4711' }).end();
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const create = async (body: Record<string, unknown>) => {
      const res = await t.app.inject({ method: 'POST', url: '/api/3/action/package_create', headers: bearer(giessen), payload: { owner_org: 'giessen', ...body } });
      assert.equal(res.statusCode, 200, res.body);
    };
    await create({
      name: 'parken-giessen', title: 'Parkhäuser Gießen', notes: 'Belegung der Parkhäuser.', license_id: 'dl-by-de/2.0', tags: [{ name: 'Parken' }],
      groups: [{ name: 'tran' }], maintainer: 'Verkehrsamt', maintainer_email: 'verkehr@giessen.example',
      extras: [{ key: 'issued', value: '2024-01-15' }, { key: 'modified', value: '2024-06-01' }, { key: 'temporal_start', value: '2020-01-01' }, { key: 'access_rights', value: 'PUBLIC' }, { key: 'licenseAttributionByText', value: 'Stadt Gießen' }],
      resources: [{ name: 'Belegung', url: `${base}/parken.csv`, format: 'CSV', mimetype: 'text/csv', size: 4711 }],
    });
    await create({ name: 'bericht-giessen', title: 'Bericht', resources: [{ name: 'Bericht', url: `${base}/fehlt.pdf`, format: 'PDF' }] });
    await create({ name: 'intern-giessen', title: 'Interne Liste', private: true, resources: [{ url: `${base}/intern.csv`, format: 'CSV' }] });
  });
  after(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await t.close();
  });
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });

  test("a dataset's report: points per dimension and indicator, hints most valuable first", async () => {
    const res = await get('/api/v1/catalog/datasets/parken-giessen/quality');
    assert.equal(res.statusCode, 200, res.body);
    const q = res.json();
    assert.equal(q.dataset.name, 'parken-giessen');
    assert.equal(q.maxPoints, 405);
    assert.deepEqual(q.dimensions.map((d: { id: string }) => d.id), ['findability', 'accessibility', 'interoperability', 'reusability', 'contextuality']);
    // Everything but the link check: accessURL and downloadURL reachability are unknown yet.
    assert.equal(q.points, 325);
    assert.equal(q.rating, 'good');
    assert.equal(q.resources[0].linkCheck, null);
    assert.match(q.hints[0].text, /^Ressource „Belegung“: Erreichbarkeit noch nicht geprüft/);
    assert.equal(q.hints[0].gain, 80);
    // By id as well.
    const byId = await get(`/api/v1/catalog/datasets/${q.dataset.id}/quality`);
    assert.equal(byId.json().dataset.name, 'parken-giessen');
  });

  test('after the link check: reachable link, full points; a 404 shows up as a hint', async () => {
    await runLinkChecks(t.db, { ...t.config.linkCheck, allowPrivate: true }, {});
    const q = (await get('/api/v1/catalog/datasets/parken-giessen/quality')).json();
    assert.equal(q.points, 405);
    assert.equal(q.rating, 'excellent');
    assert.deepEqual(q.hints, []);
    assert.equal(q.resources[0].linkCheck.ok, true);
    assert.equal(q.resources[0].linkCheck.contentLength, 4711);
    const bad = (await get('/api/v1/catalog/datasets/bericht-giessen/quality')).json();
    const texts = bad.hints.map((h: { text: string }) => h.text);
    assert.ok(texts.includes('Ressource „Bericht“: Ressourcen-URL nicht erreichbar (HTTP 404)'), texts.join('\n'));
    assert.ok(texts.includes('Maschinenlesbares Format wie CSV statt PDF anbieten'));
    assert.ok(texts.some((x: string) => x.startsWith('Lizenz')));
    assert.equal(bad.resources[0].linkCheck.status, 404);
    assert.equal(bad.rating, 'bad');
  });

  test('private datasets: invisible to anonymous callers and other tenants (404 problem+json), visible to members', async () => {
    const url = '/api/v1/catalog/datasets/intern-giessen/quality';
    assert.match(problem(await get(url), 404).detail, /Datensatz/);
    problem(await get(url, bearer(frankfurt)), 404);
    const mine = await get(url, bearer(giessen));
    assert.equal(mine.statusCode, 200, mine.body);
    assert.equal(mine.json().dataset.private, true);
    problem(await get('/api/v1/catalog/datasets/gibt-es-nicht/quality'), 404);
  });

  test('a deleted dataset is gone for the public', async () => {
    await t.app.inject({ method: 'POST', url: '/api/3/action/package_create', headers: bearer(giessen), payload: { name: 'alt-giessen', owner_org: 'giessen' } });
    await t.app.inject({ method: 'POST', url: '/api/3/action/package_delete', headers: bearer(giessen), payload: { id: 'alt-giessen' } });
    problem(await get('/api/v1/catalog/datasets/alt-giessen/quality'), 404);
  });

  test('publisher score: mean over public datasets, count per rating, the worst first', async () => {
    const res = await get('/api/v1/catalog/organizations/giessen/quality');
    assert.equal(res.statusCode, 200, res.body);
    const o = res.json();
    const good = (await get('/api/v1/catalog/datasets/parken-giessen/quality')).json().points;
    const weak = (await get('/api/v1/catalog/datasets/bericht-giessen/quality')).json().points;
    assert.equal(o.organization.name, 'giessen');
    assert.equal(o.datasetCount, 2, 'the private and the deleted dataset do not count');
    assert.equal(o.points, Math.round(((good + weak) / 2) * 10) / 10);
    assert.deepEqual(o.ratings, { excellent: 1, good: 0, sufficient: 0, bad: 1 });
    assert.deepEqual(o.worst.map((w: { name: string }) => w.name), ['bericht-giessen', 'parken-giessen']);
    assert.ok(o.worst[0].hints.length > 0 && o.worst[0].hints.length <= 3);
    assert.equal(o.dimensions.length, 5);
    assert.equal((await get('/api/v1/catalog/organizations/giessen/quality?worst=1')).json().worst.length, 1);
    // The same for members: a publisher score never includes private datasets.
    assert.equal((await get('/api/v1/catalog/organizations/giessen/quality', bearer(giessen))).json().datasetCount, 2);
  });

  test('the publisher score follows every change at once (dataset edits, link checks, visibility)', async () => {
    const url = '/api/v1/catalog/organizations/giessen/quality';
    const before = (await get(url)).json();
    const patch = (body: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/3/action/package_patch', headers: bearer(giessen), payload: body });
    assert.equal((await patch({ id: 'bericht-giessen', license_id: 'dl-by-de/2.0' })).statusCode, 200);
    const licensed = (await get(url)).json();
    assert.ok(licensed.points > before.points, `${licensed.points} > ${before.points}`);
    // A new link check result: the reachable CSV is now refused as a private address.
    const datasetId = (await get('/api/v1/catalog/datasets/parken-giessen/quality')).json().dataset.id;
    await runLinkChecks(t.db, { ...t.config.linkCheck, allowPrivate: false }, { datasetId });
    const unchecked = (await get(url)).json();
    assert.ok(unchecked.points < licensed.points, `${unchecked.points} < ${licensed.points}`);
    assert.equal((await patch({ id: 'bericht-giessen', private: true })).statusCode, 200);
    assert.equal((await get(url)).json().datasetCount, 1);
    assert.equal((await patch({ id: 'bericht-giessen', private: false, license_id: null })).statusCode, 200);
    await runLinkChecks(t.db, { ...t.config.linkCheck, allowPrivate: true }, { datasetId });
    assert.deepEqual((await get(url)).json(), before, 'back where it was');
  });

  test('tenant score with each organisation; a tenant without datasets has no points yet', async () => {
    const g = (await get('/api/v1/catalog/tenants/giessen/quality')).json();
    assert.equal(g.tenant.slug, 'giessen');
    assert.equal(g.datasetCount, 2);
    assert.deepEqual(g.organizations.map((o: { name: string; datasetCount: number }) => [o.name, o.datasetCount]), [['giessen', 2]]);
    const f = (await get('/api/v1/catalog/tenants/frankfurt/quality')).json();
    assert.deepEqual([f.datasetCount, f.points, f.rating], [0, null, null]);
    assert.deepEqual(f.worst, []);
  });

  test('bad requests get problem+json naming the field', async () => {
    const p = problem(await get('/api/v1/catalog/organizations/giessen/quality?worst=1000'), 400);
    assert.equal(p.errors?.[0]?.field, 'querystring.worst');
    problem(await get('/api/v1/catalog/organizations/gibt-es-nicht/quality'), 404);
    problem(await get('/api/v1/catalog/tenants/gibt-es-nicht/quality'), 404);
  });

  test('the endpoints are in the OpenAPI document', async () => {
    const paths = Object.keys((await get('/api/openapi.json')).json().paths);
    for (const p of ['/api/v1/catalog/datasets/{idOrName}/quality', '/api/v1/catalog/organizations/{name}/quality', '/api/v1/catalog/tenants/{slug}/quality']) {
      assert.ok(paths.includes(p), p);
    }
  });
});
