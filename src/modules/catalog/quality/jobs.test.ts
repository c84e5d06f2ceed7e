// The job `catalog.link-check` on a real database and a real HTTP server on loopback: the
// schedule checks what is due (each URL once), stores results per resource, skips deleted
// datasets, re-checks changed URLs, and running it twice leaves the same rows.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { bearer, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { JobRunner } from '../../core/index.ts';
import { LINK_CHECK_JOB, registerQualityJobs, runLinkChecks } from './jobs.ts';

describe('job catalog.link-check', () => {
  let t: TestApp;
  let server: http.Server;
  let base: string;
  let token: string;
  const requests: string[] = [];
  let runner: JobRunner;
  before(async () => {
    t = await testApp();
    token = await t.token(await t.makeUser({ email: 'daten@giessen.test', roles: { giessen: 'editor', frankfurt: 'editor' } }));
    server = http.createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      if (req.url === '/ok.csv' || req.url === '/neu.csv') return res.writeHead(200, { 'content-type': 'text/csv', 'content-length': '10' }).end();
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    runner = new JobRunner(t.db, { pollMs: 50, concurrency: 1, lockTimeoutS: 60 });
    registerQualityJobs(runner, { config: { ...t.config, linkCheck: { allowPrivate: true, timeoutMs: 2000, concurrency: 4, maxAgeHours: 24 } }, db: t.db });
  });
  after(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await t.close();
  });

  const create = async (org: string, name: string, urls: string[]) => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/3/action/package_create', headers: bearer(token),
      payload: { name, title: name, owner_org: org, license_id: 'dl-by-de/2.0', resources: urls.map((u, i) => ({ name: `R${i}`, url: u, format: 'CSV' })) },
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().result as { id: string; resources: { id: string; url: string }[] };
  };
  const rows = () => sql<Record<string, unknown>>`
    SELECT c.resource_id, c.url, c.ok, c.status, c.error, c.method, c.final_url, c.content_type, c.content_length, c.failing_since, c.tenant_id
      FROM catalog_link_checks c ORDER BY c.resource_id`.execute(t.db).then((r) => r.rows);
  const lastResult = async () => (await t.db.selectFrom('core_jobs').select(['result', 'status']).where('type', '=', LINK_CHECK_JOB).orderBy('id', 'desc').executeTakeFirstOrThrow());

  let a: Awaited<ReturnType<typeof create>>;
  let b: Awaited<ReturnType<typeof create>>;

  test('the scheduled run checks every due resource once per URL and skips deleted datasets', async () => {
    a = await create('giessen', 'parken-giessen', [`${base}/ok.csv`, `${base}/weg.csv`]);
    b = await create('frankfurt', 'parken-frankfurt', [`${base}/ok.csv`]);
    const c = await create('giessen', 'geloescht', [`${base}/geloescht.csv`]);
    await t.app.inject({ method: 'POST', url: '/api/3/action/package_delete', headers: bearer(token), payload: { id: c.id } });

    assert.equal(await runner.runOnce(), 1);
    const job = await lastResult();
    assert.equal(job.status, 'succeeded');
    assert.deepEqual(job.result, { resources: 3, urls: 2, ok: 1, failed: 1 });
    assert.deepEqual(requests.filter((r) => r.endsWith('/ok.csv')), ['HEAD /ok.csv'], 'the shared URL is requested once');
    assert.ok(!requests.some((r) => r.includes('geloescht')));
    const stored = await rows();
    assert.equal(stored.length, 3);
    const gone = stored.find((r) => r.resource_id === a.resources[1]!.id)!;
    assert.deepEqual([gone.ok, gone.status, gone.error, gone.method], [false, 404, 'http', 'GET']);
    assert.ok(gone.failing_since);
    const ok = stored.find((r) => r.resource_id === b.resources[0]!.id)!;
    assert.deepEqual([ok.ok, ok.status, ok.content_type, ok.content_length, ok.failing_since], [true, 200, 'text/csv', 10, null]);
    assert.equal(ok.tenant_id, t.tenants.get('frankfurt'));
  });

  test('the next scheduled run finds nothing due; explicit runs twice leave the same rows', async () => {
    const before = await rows();
    const checkedBefore = await t.db.selectFrom('catalog_link_checks').select(['resource_id', 'checked_at']).execute();
    requests.length = 0;
    await sql`UPDATE core_job_schedules SET next_run_at = now() WHERE name = ${LINK_CHECK_JOB}`.execute(t.db);
    assert.equal(await runner.runOnce(), 1);
    assert.deepEqual((await lastResult()).result, { resources: 0, urls: 0, ok: 0, failed: 0 });
    assert.deepEqual(requests, []);

    await runner.enqueue(LINK_CHECK_JOB, { datasetId: a.id });
    await runner.enqueue(LINK_CHECK_JOB, { datasetId: a.id });
    assert.equal(await runner.runOnce(), 2);
    assert.deepEqual(await rows(), before, 'same rows, failure streak kept');
    assert.equal(requests.filter((r) => r === 'HEAD /weg.csv').length, 2);
    const checkedAfter = await t.db.selectFrom('catalog_link_checks').select(['resource_id', 'checked_at']).where('resource_id', 'in', a.resources.map((r) => r.id)).execute();
    for (const r of checkedAfter) assert.ok(r.checked_at > checkedBefore.find((x) => x.resource_id === r.resource_id)!.checked_at, 'checked again');
  });

  test('a changed URL is due again; its old result no longer counts', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/3/action/resource_patch', headers: bearer(token), payload: { id: a.resources[1]!.id, url: `${base}/neu.csv` } });
    assert.equal(res.statusCode, 200, res.body);
    const quality = (await t.app.inject({ url: `/api/v1/catalog/datasets/${a.id}/quality` })).json();
    assert.equal(quality.resources[1].linkCheck, null, 'the result of the old URL is not shown');
    requests.length = 0;
    await sql`UPDATE core_job_schedules SET next_run_at = now() WHERE name = ${LINK_CHECK_JOB}`.execute(t.db);
    await runner.runOnce();
    assert.deepEqual(requests, ['HEAD /neu.csv']);
    const row = (await rows()).find((r) => r.resource_id === a.resources[1]!.id)!;
    assert.deepEqual([row.url, row.ok, row.failing_since], [`${base}/neu.csv`, true, null]);
  });

  test('without LINKCHECK_ALLOW_PRIVATE loopback URLs are not requested, the result says why', async () => {
    requests.length = 0;
    const summary = await runLinkChecks(t.db, { allowPrivate: false, timeoutMs: 2000, concurrency: 2, maxAgeHours: 24 }, { resourceIds: [b.resources[0]!.id] });
    assert.deepEqual(summary, { resources: 1, urls: 1, ok: 0, failed: 1 });
    assert.deepEqual(requests, []);
    const row = (await rows()).find((r) => r.resource_id === b.resources[0]!.id)!;
    assert.equal(row.error, 'private_address');
    assert.equal(t.config.linkCheck.allowPrivate, false, 'the default refuses private addresses');
  });

  test('a bad payload fails the job instead of checking anything', async () => {
    await assert.rejects(runLinkChecks(t.db, t.config.linkCheck, { datasetId: 'nicht-uuid' }), /Invalid UUID|uuid/i);
  });
});
