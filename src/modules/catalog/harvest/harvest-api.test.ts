// The harvesting API through the real app: editors of the tenant manage sources, start runs and
// read logs; anonymous callers get 401, viewers and other tenants 403; every bad input is a
// clear 4xx that changes nothing; writes are audited.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, problem, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { snapshot } from '../../../../test/helpers/snapshot.ts';
import { JobRunner } from '../../core/index.ts';
import { registerHarvestJobs } from './jobs.ts';
import { serveFixtures, shared, skipWithoutShared, type FixtureServer } from './test-sources.ts';

describe('harvesting API', { skip: skipWithoutShared }, () => {
  let t: TestApp;
  let web: FixtureServer;
  let runner: JobRunner;
  const tok: Record<string, Record<string, string>> = {};
  let sourceId: string;
  before(async () => {
    t = await testApp();
    web = await serveFixtures();
    web.routes.set('/katalog.ttl', { body: shared('dcat/dcat_ap_de-RefImp_TTL_ADVANCED.ttl') });
    runner = new JobRunner(t.db, { pollMs: 50, concurrency: 1, lockTimeoutS: 30 });
    registerHarvestJobs(runner, t.db, { allowPrivate: true });
    const users = {
      editor: { giessen: 'editor' }, admin: { giessen: 'admin' }, viewer: { giessen: 'viewer' }, other: { frankfurt: 'editor' },
    } as const;
    for (const [k, roles] of Object.entries(users)) tok[k] = bearer(await t.token(await t.makeUser({ email: `${k}@harvest.test`, roles })));
    tok.readOnly = bearer(await t.token(await t.makeUser({ email: 'ro@harvest.test', roles: { giessen: 'editor' } }), ['read']));
  });
  after(async () => {
    await web?.close();
    await t?.close();
  });
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string> = {}, payload?: object) =>
    t.app.inject({ method, url, headers, ...(payload !== undefined && { payload }) });
  const body = () => ({ name: 'Beispielkatalog', type: 'dcat', url: `${web.url}/katalog.ttl`, intervalMinutes: 1440 });

  test('an editor creates a source, lists and reads it; the write is audited', async () => {
    const res = await call('POST', '/api/v1/tenants/giessen/harvest-sources', tok.editor, body());
    assert.equal(res.statusCode, 201, res.body);
    const s = res.json();
    sourceId = s.id;
    assert.equal(s.tenantSlug, 'giessen');
    assert.equal(s.type, 'dcat');
    assert.equal(s.intervalMinutes, 1440);
    assert.equal(s.enabled, true);
    assert.ok(s.nextRunAt, 'a scheduled source is due at once');
    assert.equal(s.lastRun, null);
    const list = (await call('GET', '/api/v1/tenants/giessen/harvest-sources', tok.admin)).json();
    assert.deepEqual(list.items.map((x: { id: string }) => x.id), [sourceId]);
    assert.equal((await call('GET', `/api/v1/harvest-sources/${sourceId}`, tok.editor)).json().name, 'Beispielkatalog');
    const audit = await t.db.selectFrom('core_audit_log').select(['action', 'entity_id']).where('action', 'like', 'harvest_source.%').execute();
    assert.deepEqual(audit, [{ action: 'harvest_source.create', entity_id: sourceId }]);
  });

  test('anonymous callers get 401, viewers, read-only tokens and other tenants 403, and nothing changes', async () => {
    const before = await snapshot(t.db);
    const calls: [string, string, object?][] = [
      ['GET', '/api/v1/tenants/giessen/harvest-sources'],
      ['POST', '/api/v1/tenants/giessen/harvest-sources', body()],
      ['GET', `/api/v1/harvest-sources/${sourceId}`],
      ['PATCH', `/api/v1/harvest-sources/${sourceId}`, { enabled: false }],
      ['DELETE', `/api/v1/harvest-sources/${sourceId}`],
      ['POST', `/api/v1/harvest-sources/${sourceId}/run`, {}],
      ['GET', `/api/v1/harvest-sources/${sourceId}/runs`],
    ];
    for (const [method, url, payload] of calls) {
      const m = method as 'GET';
      problem(await call(m, url, {}, payload), 401);
      problem(await call(m, url, tok.viewer, payload), 403);
      problem(await call(m, url, tok.other, payload), 403);
      if (method !== 'GET') problem(await call(m, url, tok.readOnly, payload), 403);
    }
    assert.deepEqual(await snapshot(t.db), before);
  });

  test('bad input gets a 4xx naming the field, and changes nothing', async () => {
    const before = await snapshot(t.db);
    const create = (b: object) => call('POST', '/api/v1/tenants/giessen/harvest-sources', tok.editor, b);
    const patch = (b: object) => call('PATCH', `/api/v1/harvest-sources/${sourceId}`, tok.editor, b);
    const cases: [string, Promise<Awaited<ReturnType<typeof call>>>, number, string[]][] = [
      ['empty body', create({}), 400, ['body.name', 'body.type', 'body.url']],
      ['unknown type', create({ ...body(), type: 'oai-pmh' }), 400, ['body.type']],
      ['not http', create({ ...body(), url: 'ftp://daten.example/katalog.rdf' }), 400, ['body.url']],
      ['no URL', create({ ...body(), url: 'katalog.rdf' }), 400, ['body.url']],
      ['credentials in URL', create({ ...body(), url: 'https://nutzer:geheim@daten.example/' }), 400, ['body.url']],
      ['interval too short', create({ ...body(), intervalMinutes: 5 }), 400, ['body.intervalMinutes']],
      ['interval not whole', create({ ...body(), intervalMinutes: 60.5 }), 400, ['body.intervalMinutes']],
      ['blank name', create({ ...body(), name: '   ' }), 400, ['body.name']],
      ['unknown field', create({ ...body(), password: 'x' }), 400, ['body']],
      ['organisation for DCAT', create({ ...body(), organization: 'giessen' }), 400, ['body.organization']],
      ['bad organisation name', create({ ...body(), type: 'ckan', organization: 'Groß Gerau' }), 400, ['body.organization']],
      ['duplicate name', create(body()), 409, ['body.name']],
      ['unknown tenant', call('POST', '/api/v1/tenants/atlantis/harvest-sources', tok.editor, body()), 404, []],
      ['patch: organisation on a DCAT source', patch({ organization: 'giessen' }), 400, ['body.organization']],
      ['patch: enabled not a flag', patch({ enabled: 'ja' }), 400, ['body.enabled']],
      ['patch: null name', patch({ name: null }), 400, ['body.name']],
      ['patch: bad id', call('PATCH', '/api/v1/harvest-sources/42', tok.editor, { enabled: false }), 400, ['params.id']],
      ['patch: unknown id', call('PATCH', '/api/v1/harvest-sources/00000000-0000-4000-8000-000000000000', tok.editor, { enabled: false }), 404, []],
      ['delete: unknown id', call('DELETE', '/api/v1/harvest-sources/00000000-0000-4000-8000-000000000000', tok.editor), 404, []],
      ['run: full not a flag', call('POST', `/api/v1/harvest-sources/${sourceId}/run`, tok.editor, { full: 'ja' }), 400, ['body.full']],
      ['runs: limit 0', call('GET', `/api/v1/harvest-sources/${sourceId}/runs?limit=0`, tok.editor), 400, ['querystring.limit']],
      ['run: unknown level', call('GET', '/api/v1/harvest-runs/00000000-0000-4000-8000-000000000000?level=debug', tok.editor), 400, ['querystring.level']],
      ['run: unknown id', call('GET', '/api/v1/harvest-runs/00000000-0000-4000-8000-000000000000', tok.editor), 404, []],
    ];
    for (const [name, res, status, fields] of cases) {
      const p = problem(await res, status);
      const got = (p.errors ?? []).map((e) => e.field);
      for (const f of fields) assert.ok(got.includes(f), `${name}: expected an issue for ${f}, got ${JSON.stringify(p)}`);
      assert.ok(p.detail, name);
    }
    assert.deepEqual(await snapshot(t.db), before);
  });

  test('"run now" enqueues one job per source; the runner harvests; runs and log are readable', async () => {
    const first = await call('POST', `/api/v1/harvest-sources/${sourceId}/run`, tok.editor); // no body at all
    assert.equal(first.statusCode, 202, first.body);
    const again = await call('POST', `/api/v1/harvest-sources/${sourceId}/run`, tok.admin, { full: true });
    assert.equal(again.json().jobId, first.json().jobId); // already queued: the same job
    // The requested run, the harvest scheduler, and the scheduled run of this source (due daily,
    // first at once): the second finds everything unchanged.
    assert.equal(await runner.runOnce(), 3);
    const runs = (await call('GET', `/api/v1/harvest-sources/${sourceId}/runs`, tok.editor)).json();
    assert.equal(runs.total, 2);
    const [scheduled, run] = runs.items;
    assert.deepEqual([run.status, run.created, run.jobId, run.sourceName, run.full], ['succeeded', 2, first.json().jobId, 'Beispielkatalog', true]);
    assert.deepEqual([scheduled.status, scheduled.created, scheduled.unchanged], ['succeeded', 0, 2]);
    assert.equal((await call('POST', `/api/v1/harvest-sources/${sourceId}/run`, tok.editor)).json().jobId > first.json().jobId, true);
    const detail = (await call('GET', `/api/v1/harvest-runs/${run.id}`, tok.editor)).json();
    assert.equal(detail.id, run.id);
    assert.ok(detail.log.items.some((l: { message: string }) => /Seite .*katalog\.ttl: 2 Datensätze \(Turtle\)/.test(l.message)));
    const errors = (await call('GET', `/api/v1/harvest-runs/${run.id}?level=error`, tok.editor)).json();
    assert.equal(errors.log.total, 0);
    problem(await call('GET', `/api/v1/harvest-runs/${run.id}`, tok.other), 403);
    problem(await call('GET', `/api/v1/harvest-runs/${run.id}`, tok.viewer), 403);
    problem(await call('GET', `/api/v1/harvest-runs/${run.id}`), 401);
    const s = (await call('GET', `/api/v1/harvest-sources/${sourceId}`, tok.editor)).json();
    assert.equal(s.lastRun.id, scheduled.id);
    assert.ok(s.lastSuccessAt);
  });

  test('changing the address makes the next run a full one; deleting a source marks its datasets deleted', async () => {
    const res = await call('PATCH', `/api/v1/harvest-sources/${sourceId}`, tok.editor, { url: `${web.url}/katalog.ttl?neu=1`, intervalMinutes: null });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual([res.json().lastSuccessAt, res.json().nextRunAt, res.json().intervalMinutes], [null, null, null]);
    const names = await t.db.selectFrom('catalog_harvest_records as h').innerJoin('catalog_datasets as d', 'd.id', 'h.dataset_id').select(['d.id', 'd.state']).where('h.source_id', '=', sourceId).execute();
    assert.equal(names.length, 2);
    const del = await call('DELETE', `/api/v1/harvest-sources/${sourceId}`, tok.admin);
    assert.equal(del.statusCode, 204, del.body);
    problem(await call('GET', `/api/v1/harvest-sources/${sourceId}`, tok.editor), 404);
    const states = await t.db.selectFrom('catalog_datasets').select('state').where('id', 'in', names.map((n) => n.id)).execute();
    assert.deepEqual(states.map((s) => s.state), ['deleted', 'deleted']);
    const history = await t.db.selectFrom('catalog_dataset_history').select(['action', 'actor']).where('dataset_id', '=', names[0]!.id).orderBy('id').execute();
    assert.deepEqual(history.map((h) => h.action), ['package.create', 'package.delete']);
    assert.match(history[1]!.actor, /Quelle gelöscht/);
    const audit = await t.db.selectFrom('core_audit_log').select(['action', 'after']).where('action', 'like', 'harvest_source.%').orderBy('id').execute();
    assert.deepEqual(audit.map((a) => a.action), ['harvest_source.create', 'harvest_source.run', 'harvest_source.run', 'harvest_source.run', 'harvest_source.update', 'harvest_source.delete']);
    assert.deepEqual(audit.at(-1)!.after, { deletedDatasets: 2 });
  });
});
