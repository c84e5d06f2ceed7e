// HTTP conventions: health, version, OpenAPI, request ids, security headers, problem+json 404.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../test/helpers/app.ts';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { createDb } from '../db/connect.ts';

describe('HTTP conventions', () => {
  let t: TestApp;
  before(async () => (t = await testApp()));
  after(() => t.close());

  test('/-/health checks the database', async () => {
    const res = await t.app.inject({ url: '/-/health' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().database, 'ok');
  });

  test('/-/health answers 503 when the database is unreachable', async () => {
    // Port 9 on loopback: nothing listens there, the connection is refused at once.
    const { db } = createDb('postgres://x:y@127.0.0.1:9/none', 1);
    const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent' }), db });
    try {
      const res = await app.inject({ url: '/-/health' });
      assert.equal(res.statusCode, 503);
      assert.equal(res.json().database, 'error');
    } finally {
      await app.close();
      await db.destroy();
    }
  });

  test('/-/version names the version', async () => {
    const res = await t.app.inject({ url: '/-/version' });
    assert.match(res.json().version, /^\d+\.\d+\.\d+/);
  });

  test('OpenAPI 3 document describes the routes, and the reference page is served', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    assert.match(doc.openapi, /^3\./);
    for (const p of ['/api/v1/tenants', '/api/v1/tokens', '/api/v1/users', '/api/v1/audit', '/api/v1/jobs', '/-/health']) {
      assert.ok(doc.paths[p], `missing ${p}`);
    }
    const create = doc.paths['/api/v1/tenants'].post;
    assert.ok(create.requestBody.content['application/json'].schema.properties.ags);
    const page = await t.app.inject({ url: '/api/docs/' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /swagger/i);
  });

  test('request ids are echoed, or generated', async () => {
    const own = await t.app.inject({ url: '/-/version', headers: { 'x-request-id': 'abc-123' } });
    assert.equal(own.headers['x-request-id'], 'abc-123');
    const gen = await t.app.inject({ url: '/-/version' });
    assert.match(String(gen.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  });

  test('security headers are set', async () => {
    const res = await t.app.inject({ url: '/api/v1/tenants' });
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.ok(res.headers['content-security-policy']);
    assert.ok(res.headers['x-frame-options'] || String(res.headers['content-security-policy']).includes('frame-ancestors'));
  });

  test('unknown API paths answer problem+json 404', async () => {
    const res = await t.app.inject({ url: '/api/v1/nichts' });
    assert.equal(res.statusCode, 404);
    assert.match(String(res.headers['content-type']), /application\/problem\+json/);
    assert.equal(res.json().status, 404);
  });

  test('public reads: tenants with keys, hierarchy and cooperations', async () => {
    const items = (await t.app.inject({ url: '/api/v1/tenants' })).json().items as { slug: string; ags: string; ars: string; parentSlug: string | null; cooperations: string[] }[];
    const giessen = items.find((x) => x.slug === 'giessen')!;
    assert.equal(giessen.ags, '06531005');
    assert.equal(giessen.ars, '065310005005');
    assert.equal(giessen.parentSlug, 'landkreis-giessen');
    assert.deepEqual(giessen.cooperations, ['digitale-kommune-hessen']);
    const coops = (await t.app.inject({ url: '/api/v1/cooperations' })).json().items as { slug: string; members: { slug: string }[] }[];
    assert.deepEqual(coops.find((c) => c.slug === 'smartes-rhein-main')!.members.map((m) => m.slug).sort(), ['darmstadt', 'frankfurt', 'wiesbaden']);
  });
});
