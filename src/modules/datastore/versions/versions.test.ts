// Scheduled refresh, automatic first load, versions and retention, through the API and the
// jobs as they run in production (schedules made due, then `jobs.runOnce()`), against a
// loopback HTTP server that serves CSV files with or without validators (ETag).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileServer, type FileServer } from '../../../../test/helpers/file-server.ts';
import { sql } from 'kysely';
import { bearer, problem, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { snapshot } from '../../../../test/helpers/snapshot.ts';
import { enqueueDueRefreshes } from './service.ts';
import { AUTOLOAD_JOB, REFRESH_JOB, RETENTION_JOB } from './jobs.ts';

describe('datastore versions, refresh and retention', () => {
  let t: TestApp;
  let files: FileServer;
  let base: string;
  let token: Record<string, string>;
  let other: Record<string, string>;
  let routes: FileServer['routes'];
  /** Requests per path, with the conditional header they carried. */
  let seen: FileServer['seen'];

  before(async () => {
    t = await testApp({
      datastoreLoad: { maxBytes: 1_000_000, fetchTimeoutMs: 2000, allowPrivate: true },
      datastoreVersions: { keepDays: 30, autoLoad: true, autoLoadPerRun: 2 },
    });
    token = bearer(await t.token(await t.makeUser({ email: 'daten@giessen.test', roles: { giessen: 'editor' } })));
    other = bearer(await t.token(await t.makeUser({ email: 'daten@frankfurt.test', roles: { frankfurt: 'editor' } })));
    files = await fileServer();
    ({ routes, base, seen } = files);
  });
  after(async () => {
    files?.close();
    await t?.close();
  });

  let n = 0;
  const createResource = async (path: string, o: { format?: string; private?: boolean; url?: string } = {}) => {
    const name = `versionen-${++n}`;
    const res = await t.app.inject({
      method: 'POST', url: '/api/3/action/package_create', headers: token,
      payload: { name, title: name, owner_org: 'giessen', private: o.private ?? false, resources: [{ url: o.url ?? `${base}${path}`, format: o.format ?? 'CSV' }] },
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().result.resources[0].id as string;
  };
  const loadsOf = async (id: string) =>
    (await t.db.selectFrom('datastore_loads').select(['id', 'status', 'version', 'created_by', 'checksum']).where('resource_id', '=', id).orderBy('id').execute());
  /** Makes a declared schedule due now and runs every due job, as the runner would. */
  const runSchedule = async (name: string) => {
    await sql`UPDATE core_job_schedules SET next_run_at = now() WHERE name = ${name}`.execute(t.db);
    await t.jobs.runOnce();
  };
  /** Moves the resource's load history back, as if `minutes` had passed. */
  const age = (id: string, minutes: number) =>
    sql`UPDATE datastore_loads SET created_at = created_at - make_interval(mins => ${minutes}), finished_at = finished_at - make_interval(mins => ${minutes}) WHERE resource_id = ${id}`.execute(t.db);
  const setRefresh = (id: string, payload: Record<string, unknown>, headers = token) => t.app.inject({ method: 'PUT', url: `/api/v1/resources/${id}/datastore/refresh`, headers, payload });
  const versions = async (id: string, headers: Record<string, string> = {}) => {
    const res = await t.app.inject({ url: `/api/v1/resources/${id}/datastore/versions`, headers });
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  };
  const viewRows = async (id: string) => (await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(`datastore.${id}`)} ORDER BY _id`.execute(t.db)).rows;

  test('auto-load: new CSV resources are loaded without a button, at most N per run; switched off or not tabular: left alone', async () => {
    routes.set('/auto1.csv', { body: 'a;b\n1;2\n' });
    routes.set('/auto2.csv', { body: 'a;b\n3;4\n' });
    routes.set('/auto3.csv', { body: 'a;b\n5;6\n' });
    routes.set('/aus.csv', { body: 'a;b\n7;8\n' });
    routes.set('/doc.pdf', { body: '%PDF-1.4', type: 'application/pdf' });
    const off = await createResource('/aus.csv');
    const offRes = await setRefresh(off, { intervalMinutes: null, autoLoad: false });
    assert.equal(offRes.statusCode, 200, offRes.body);
    assert.equal(offRes.json().autoLoad, false);
    const pdf = await createResource('/doc.pdf', { format: 'PDF' });
    // The platform's own API answers (e.g. the analytics open data) are always current: no copy.
    const ownApi = await createResource('', { url: `${t.config.publicUrl}/api/v1/analytics/open-data/monthly.csv?ars=065310005005` });
    const auto = [await createResource('/auto1.csv'), await createResource('/auto2.csv'), await createResource('/auto3.csv', { format: 'text/csv' })];

    await runSchedule(AUTOLOAD_JOB);
    const first = await Promise.all(auto.map(loadsOf));
    assert.deepEqual(first.map((l) => l.length), [1, 1, 0], 'at most autoLoadPerRun (2) per run, oldest first');
    assert.equal(first[0]![0]!.created_by, 'Automatisch');
    assert.equal(first[0]![0]!.status, 'succeeded');
    assert.deepEqual(await viewRows(auto[0]!), [{ _id: 1, a: 1, b: 2 }]);

    await runSchedule(AUTOLOAD_JOB);
    const second = await Promise.all(auto.map(loadsOf));
    assert.deepEqual(second.map((l) => l.length), [1, 1, 1], 'the next run takes the rest; loaded ones are not loaded again');
    assert.equal(second[2]![0]!.status, 'succeeded');
    assert.equal((await loadsOf(off)).length, 0, 'autoLoad: false');
    assert.equal((await loadsOf(pdf)).length, 0, 'PDF is not tabular');
    assert.equal((await loadsOf(ownApi)).length, 0, 'the platform\'s own API is not copied');
    assert.equal((await t.app.inject({ url: `/api/v1/resources/${off}/datastore/refresh` })).json().autoLoad, false);
  });

  test('refresh with ETag: due → load by "Zeitplan"; not due again until the interval passed; 304 → unchanged; changed file → version 2 with row and column diff', async () => {
    routes.set('/etag.csv', { body: 'name;anzahl;alt\nA;1;x\nB;2;y\n', etag: '"a"' });
    const id = await createResource('/etag.csv');
    await setRefresh(id, { intervalMinutes: null, autoLoad: false }); // only the schedule loads it here
    const put = await setRefresh(id, { intervalMinutes: 60 });
    assert.equal(put.statusCode, 200, put.body);
    assert.equal(put.json().intervalMinutes, 60);
    assert.equal(put.json().autoLoad, false, 'autoLoad kept when not given');
    const got = (await t.app.inject({ url: `/api/v1/resources/${id}/datastore/refresh` })).json();
    assert.equal(got.intervalMinutes, 60);
    assert.ok(new Date(got.nextRefreshAt).getTime() <= Date.now(), 'never loaded: due at once');

    await runSchedule(REFRESH_JOB);
    let loads = await loadsOf(id);
    assert.equal(loads.length, 1);
    assert.deepEqual([loads[0]!.status, loads[0]!.version, loads[0]!.created_by], ['succeeded', 1, 'Zeitplan']);

    await runSchedule(REFRESH_JOB);
    assert.equal((await loadsOf(id)).length, 1, 'not due before the interval has passed');

    await age(id, 61);
    const before304 = seen.length;
    await runSchedule(REFRESH_JOB);
    loads = await loadsOf(id);
    assert.equal(loads.length, 2);
    assert.equal(loads[1]!.status, 'unchanged');
    assert.equal(loads[1]!.created_by, 'Zeitplan');
    assert.deepEqual(seen.slice(before304).filter((s) => s.path === '/etag.csv').map((s) => s.ifNoneMatch), ['"a"'], 'conditional GET with the last ETag');
    assert.equal((await t.db.selectFrom('datastore_tables').select('version').where('resource_id', '=', id).executeTakeFirstOrThrow()).version, 1);

    // A slow load is not queued twice: while one is pending, the schedule adds none.
    await age(id, 61);
    assert.equal((await enqueueDueRefreshes(t.db, t.jobs)).loads.length, 1);
    await age(id, 61); // due again while that load is still queued
    assert.equal((await enqueueDueRefreshes(t.db, t.jobs)).loads.length, 0, 'a load of this resource is already queued');
    await t.jobs.runOnce();
    assert.equal((await loadsOf(id)).length, 3);

    routes.set('/etag.csv', { body: 'name;anzahl;stand\nA;1,5;2024-01-01\nB;2;2024-01-02\nC;3;2024-01-03\n', etag: '"b"' });
    await age(id, 61);
    await runSchedule(REFRESH_JOB);
    loads = await loadsOf(id);
    assert.equal(loads.length, 4);
    assert.deepEqual([loads[3]!.status, loads[3]!.version], ['succeeded', 2]);
    assert.equal((await viewRows(id)).length, 3, 'the view serves version 2');

    const v = await versions(id);
    assert.equal(v.currentVersion, 2);
    assert.deepEqual(v.items.map((x: { version: number }) => x.version), [2, 1], 'only versions (succeeded loads), newest first');
    const [v2, v1] = v.items;
    assert.equal(v2.current, true);
    assert.equal(v2.status, 'aktuell');
    assert.equal(v2.rows, 3);
    assert.match(v2.checksum, /^[0-9a-f]{64}$/);
    assert.deepEqual(v2.changes, { rows: 1, columnsAdded: ['stand'], columnsRemoved: ['alt'], columnsRetyped: [{ id: 'anzahl', from: 'int', to: 'numeric' }] });
    assert.equal(v1.current, false);
    assert.equal(v1.kept, true);
    assert.equal(v1.status, 'aufbewahrt');
    assert.equal(v1.changes, null);
    assert.ok(new Date(v1.keptUntil).getTime() > Date.now() + 29 * 86_400_000);
    assert.notEqual(v1.checksum, v2.checksum);

    const old = await t.app.inject({ url: v1.download });
    assert.equal(old.statusCode, 200, old.body);
    assert.match(String(old.headers['content-type']), /^text\/csv/);
    assert.equal(old.body, '_id,name,anzahl,alt\n1,A,1,x\n2,B,2,y\n', 'the old content, old columns');
    const cur = await t.app.inject({ url: `/api/v1/resources/${id}/datastore/versions/2.csv` });
    assert.equal(cur.statusCode, 200);
    assert.match(cur.body, /^_id,name,anzahl,stand\n1,A,1.5,2024-01-01\n/);
  });

  test('refresh without validators: the checksum decides (unchanged, then changed)', async () => {
    routes.set('/plain.csv', { body: 'x;y\n1;2\n' });
    const id = await createResource('/plain.csv');
    await setRefresh(id, { intervalMinutes: 15, autoLoad: false });
    await runSchedule(REFRESH_JOB);
    await age(id, 16);
    await runSchedule(REFRESH_JOB);
    let loads = await loadsOf(id);
    assert.deepEqual(loads.map((l) => l.status), ['succeeded', 'unchanged']);
    assert.equal(loads[1]!.checksum, loads[0]!.checksum);
    assert.ok(seen.filter((s) => s.path === '/plain.csv').every((s) => s.ifNoneMatch === undefined), 'nothing to be conditional on');

    routes.set('/plain.csv', { body: 'x;y\n1;2\n3;4\n' });
    await age(id, 16);
    await runSchedule(REFRESH_JOB);
    loads = await loadsOf(id);
    assert.deepEqual(loads.map((l) => [l.status, l.version]), [['succeeded', 1], ['unchanged', null], ['succeeded', 2]]);
    assert.equal((await versions(id)).items[0].changes.rows, 1);

    // Interval off: never due again.
    assert.equal((await setRefresh(id, { intervalMinutes: null })).json().nextRefreshAt, null);
    await age(id, 100_000);
    await runSchedule(REFRESH_JOB);
    assert.equal((await loadsOf(id)).length, 3);
  });

  test('retention drops replaced versions after DATASTORE_KEEP_VERSIONS_DAYS, never the current one; their download is 404 afterwards', async () => {
    routes.set('/keep.csv', { body: 'k;v\na;1\n' });
    const id = await createResource('/keep.csv');
    await setRefresh(id, { intervalMinutes: 15, autoLoad: false });
    await runSchedule(REFRESH_JOB);
    routes.set('/keep.csv', { body: 'k;v\na;1\nb;2\n' });
    await age(id, 16);
    await runSchedule(REFRESH_JOB);
    assert.deepEqual((await versions(id)).items.map((x: { status: string }) => x.status), ['aktuell', 'aufbewahrt']);

    await t.jobs.enqueue(RETENTION_JOB);
    await t.jobs.runOnce();
    assert.equal((await t.app.inject({ url: `/api/v1/resources/${id}/datastore/versions/1.csv` })).statusCode, 200, 'replaced just now: kept');

    // 31 days later (both loads, so the current version is old too: it must stay).
    await sql`UPDATE datastore_loads SET finished_at = now() - interval '31 days', created_at = now() - interval '31 days' WHERE resource_id = ${id}`.execute(t.db);
    await sql`UPDATE datastore_tables SET updated_at = now() - interval '31 days' WHERE resource_id = ${id}`.execute(t.db);
    await t.jobs.enqueue(RETENTION_JOB);
    await t.jobs.runOnce();
    const v = await versions(id);
    assert.deepEqual(v.items.map((x: { status: string }) => x.status), ['aktuell', 'nicht mehr aufbewahrt']);
    assert.equal(v.items[1].kept, false);
    assert.equal(v.items[1].download, null);
    assert.equal(v.items[1].rows, 1, 'the version stays listed with its figures');
    const gone = problem(await t.app.inject({ url: `/api/v1/resources/${id}/datastore/versions/1.csv` }), 404);
    assert.match(gone.detail, /nicht mehr aufbewahrt/);
    assert.equal((await t.app.inject({ url: `/api/v1/resources/${id}/datastore/versions/2.csv` })).statusCode, 200);
    assert.equal((await viewRows(id)).length, 2, 'the current version is still served');
    const tables = await sql<{ t: string }>`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'datastore_data' AND tablename LIKE ${`${id}_v%`} ORDER BY 1`.execute(t.db);
    assert.deepEqual(tables.rows.map((r) => r.t), [`${id}_v2`]);
  });

  test('permissions: anonymous 401 and other municipality 403 on writes; a private resource\'s versions are hidden', async () => {
    routes.set('/geheim.csv', { body: 'g;h\n1;2\n' });
    const pub = await createResource('/geheim.csv');
    const priv = await createResource('/geheim.csv', { private: true });
    await setRefresh(priv, { intervalMinutes: 15, autoLoad: false });
    await runSchedule(REFRESH_JOB);
    assert.equal((await loadsOf(priv))[0]!.status, 'succeeded');

    const before = await snapshot(t.db);
    problem(await setRefresh(pub, { intervalMinutes: 60 }, {}), 401);
    problem(await setRefresh(pub, { intervalMinutes: 60 }, other), 403);
    problem(await setRefresh(priv, { intervalMinutes: 60 }, other), 404);
    assert.deepEqual(await snapshot(t.db), before);

    for (const headers of [{}, other]) {
      for (const url of [`/api/v1/resources/${priv}/datastore/versions`, `/api/v1/resources/${priv}/datastore/versions/1.csv`, `/api/v1/resources/${priv}/datastore/refresh`]) {
        assert.equal((await t.app.inject({ url, headers })).statusCode, 404, url);
      }
    }
    assert.equal((await versions(priv, token)).items.length, 1, 'members see it');
    assert.equal((await t.app.inject({ url: `/api/v1/resources/${priv}/datastore/versions/1.csv`, headers: token })).body, '_id,g,h\n1,1,2\n');
  });

  test('a table published by datastore_create (no load) is listed as its current version and downloadable', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/3/action/package_create', headers: token,
      payload: { name: 'versionen-push', title: 'Push', owner_org: 'giessen' },
    });
    assert.equal(res.statusCode, 200, res.body);
    const created = await t.app.inject({
      method: 'POST', url: '/api/3/action/datastore_create', headers: token,
      payload: { resource: { package_id: 'versionen-push', name: 'live' }, fields: [{ id: 'ort', type: 'text' }, { id: 'frei', type: 'int' }], records: [{ ort: 'Kino', frei: 5 }] },
    });
    assert.equal(created.statusCode, 200, created.body);
    const id = created.json().result.resource_id as string;
    const v = await versions(id);
    assert.equal(v.items.length, 1);
    assert.deepEqual([v.items[0].version, v.items[0].source, v.items[0].current, v.items[0].rows, v.items[0].changes], [1, 'push', true, 1, null]);
    assert.equal((await t.app.inject({ url: v.items[0].download })).body, '_id,ort,frei\n1,Kino,5\n');
  });

  test('bad input: a clear 4xx naming the field, and nothing changes', async () => {
    routes.set('/bad.csv', { body: 'a\n1\n' });
    const id = await createResource('/bad.csv');
    const before = await snapshot(t.db);
    for (const [payload, field] of [
      [{ intervalMinutes: -5 }, 'intervalMinutes'],
      [{ intervalMinutes: 0 }, 'intervalMinutes'],
      [{ intervalMinutes: 14 }, 'intervalMinutes'],
      [{ intervalMinutes: 60.5 }, 'intervalMinutes'],
      [{ intervalMinutes: '60' }, 'intervalMinutes'],
      [{ intervalMinutes: 10_000_000 }, 'intervalMinutes'],
      [{}, 'intervalMinutes'],
      [{ intervalMinutes: 60, autoLoad: 'ja' }, 'autoLoad'],
      [{ intervalMinutes: 60, every: 'day' }, ''],
    ] as const) {
      const p = problem(await setRefresh(id, payload), 400);
      assert.ok(p.errors?.some((e) => e.field.startsWith('body') && e.field.includes(field)), `${JSON.stringify(payload)}: ${JSON.stringify(p.errors)}`);
    }
    problem(await t.app.inject({ url: `/api/v1/resources/${id}/datastore/versions/99.csv` }), 404);
    problem(await t.app.inject({ url: `/api/v1/resources/${id}/datastore/versions/abc.csv` }), 400);
    problem(await t.app.inject({ url: `/api/v1/resources/${id}/datastore/versions/0.csv` }), 400);
    problem(await t.app.inject({ url: '/api/v1/resources/00000000-0000-4000-8000-000000000000/datastore/versions' }), 404);
    problem(await t.app.inject({ method: 'PUT', url: '/api/v1/resources/00000000-0000-4000-8000-000000000000/datastore/refresh', headers: token, payload: { intervalMinutes: 60 } }), 404);
    assert.deepEqual(await snapshot(t.db), before);
  });
});
