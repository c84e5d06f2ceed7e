// A datastore load's fetch counts as the resource's link check: through the real app and
// PostgreSQL, against a loopback server. A 404 leaves a failed check and the dataset's quality
// report shows the hint; a fetched file (even one that is no table) leaves a reachable check;
// a load from another address than the resource's URL does not count.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { bearer, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { fetchUrlForLoad } from './link-result.ts';
import { LoadFailed } from './source.ts';

const LIMITS = { maxBytes: 1_000_000, timeoutMs: 2000, allowPrivate: true };

describe('datastore loads as link checks', () => {
  let t: TestApp;
  let server: http.Server;
  let base: string;
  let token: Record<string, string>;
  const routes = new Map<string, { status: number; body?: string | Buffer; type?: string }>();

  before(async () => {
    t = await testApp({ datastoreLoad: { maxBytes: LIMITS.maxBytes, fetchTimeoutMs: LIMITS.timeoutMs, allowPrivate: true } });
    token = bearer(await t.token(await t.makeUser({ email: 'daten@giessen.test', roles: { giessen: 'editor' } })));
    server = http.createServer((req, res) => {
      const r = routes.get(req.url!) ?? { status: 404 };
      res.writeHead(r.status, { 'content-type': r.type ?? 'text/csv' }).end(r.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    // The scheduled link checker's first run, while there is nothing to check: what the tests
    // then see was recorded by the loads, not by the checker.
    await t.jobs.runOnce();
  });
  after(async () => {
    server?.closeAllConnections();
    server?.close();
    await t?.close();
  });

  const createDataset = async (name: string, path: string, url = `${base}${path}`) => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/3/action/package_create', headers: token,
      payload: { name, title: name, owner_org: 'giessen', resources: [{ name: 'Tabelle', url, format: 'CSV' }] },
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().result.resources[0].id as string;
  };
  /** Starts a load through the API and fetches its URL as the load job does. */
  const fetchLoad = async (resourceId: string, payload: { url?: string } = {}, limits = LIMITS) => {
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/resources/${resourceId}/datastore/load`, headers: token, payload });
    assert.equal(res.statusCode, 202, res.body);
    const load = await t.db.selectFrom('datastore_loads').selectAll().where('id', '=', res.json().id).executeTakeFirstOrThrow();
    try {
      await (await fetchUrlForLoad(t.db, load, limits, undefined, () => undefined)).cleanup();
      return null;
    } catch (err) {
      assert.ok(err instanceof LoadFailed, String(err));
      return err;
    }
  };
  const quality = async (name: string) => {
    const res = await t.app.inject({ url: `/api/v1/catalog/datasets/${name}/quality` });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { hints: { text: string }[]; resources: { linkCheck: null | { ok: boolean; status: number | null; error: string | null; failingSince: string | null } }[] };
  };
  const hints = async (name: string) => (await quality(name)).hints.map((h) => h.text);

  // First, because the tests below start loads through the API without running their jobs.
  test('through the load job: a 404 fails the load and the link check, a later load succeeds and the check is ok', async () => {
    const id = await createDataset('per-job', '/per-job.csv');
    const runLoad = async () => {
      const res = await t.app.inject({ method: 'POST', url: `/api/v1/resources/${id}/datastore/load`, headers: token, payload: {} });
      assert.equal(res.statusCode, 202, res.body);
      await t.jobs.runOnce();
      return (await t.app.inject({ url: `/api/v1/datastore/loads/${res.json().id}` })).json() as { status: string };
    };
    assert.equal((await runLoad()).status, 'failed');
    assert.equal((await quality('per-job')).resources[0]!.linkCheck?.status, 404);
    assert.ok((await hints('per-job')).includes('Ressource „Tabelle“: Ressourcen-URL nicht erreichbar (HTTP 404)'));
    routes.set('/per-job.csv', { status: 200, body: 'a;b\n1;2\n' });
    assert.equal((await runLoad()).status, 'succeeded');
    assert.equal((await quality('per-job')).resources[0]!.linkCheck?.ok, true);
  });

  test('a URL answering 404: a failed link check with the status, and the hint in the quality report', async () => {
    const id = await createDataset('fehlt', '/fehlt.csv');
    const err = await fetchLoad(id);
    assert.deepEqual(err?.link && { error: err.link.error, status: err.link.status }, { error: 'http', status: 404 });
    const q = await quality('fehlt');
    assert.equal(q.resources[0]!.linkCheck?.ok, false);
    assert.equal(q.resources[0]!.linkCheck?.status, 404);
    assert.equal(q.resources[0]!.linkCheck?.error, 'http');
    assert.ok(q.resources[0]!.linkCheck?.failingSince);
    assert.ok(q.hints.some((h) => h.text === 'Ressource „Tabelle“: Ressourcen-URL nicht erreichbar (HTTP 404)'), q.hints.map((h) => h.text).join('\n'));

    // Once the file is there, the next load records the link as reachable and the hint is gone.
    routes.set('/fehlt.csv', { status: 200, body: 'a;b\n1;2\n' });
    assert.equal(await fetchLoad(id), null);
    const fixed = await quality('fehlt');
    const { ok, status, error, failingSince } = fixed.resources[0]!.linkCheck!;
    assert.deepEqual({ ok, status, error, failingSince }, { ok: true, status: 200, error: null, failingSince: null });
    assert.ok(!(await hints('fehlt')).some((h) => h.includes('nicht erreichbar')));
  });

  test('a successful fetch records ok even when the file is no table; another address does not count', async () => {
    routes.set('/binaer.csv', { status: 200, type: 'application/zip', body: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 1, 2]) });
    const id = await createDataset('binaer', '/binaer.csv');
    assert.equal(await fetchLoad(id), null);
    const check = (await quality('binaer')).resources[0]!.linkCheck;
    assert.equal(check?.ok, true);
    assert.equal(check?.status, 200);

    const other = await createDataset('andere-adresse', '/andere.csv');
    await fetchLoad(other, { url: `${base}/gibt-es-nicht.csv` });
    assert.equal((await quality('andere-adresse')).resources[0]!.linkCheck, null, 'a check belongs to the resource URL only');
  });

  test('a refused private address (also written as an IP) and a refused connection are recorded as such', async () => {
    const id = await createDataset('intern', '/intern.csv');
    const refused = await fetchLoad(id, {}, { ...LIMITS, allowPrivate: false });
    assert.equal(refused?.link?.error, 'private_address');
    assert.match(refused!.message, /private Adressen werden nicht geladen/);
    assert.ok((await hints('intern')).some((h) => h.startsWith('Ressource „Tabelle“: URL nicht prüfbar: Adresse liegt in einem internen Netz')));

    const closed = await createDataset('geschlossen', '', 'http://127.0.0.1:1/x.csv');
    const down = await fetchLoad(closed);
    assert.equal(down?.link?.error, 'connection');
    assert.equal((await quality('geschlossen')).resources[0]!.linkCheck?.error, 'connection');
  });
});
