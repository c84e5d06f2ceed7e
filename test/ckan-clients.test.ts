// A real CKAN client from npm (@portaljs/ckan-api-client-js), used as a black box against a
// listening stadtkern: reads, writes with an API token, and CKAN's error types.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

import { startTestServer } from './helpers/server.ts';
import { newApiToken } from '../src/modules/core/identity/secrets.ts';

// The package's CommonJS build (its ESM entry is not marked as a module), loaded as a
// CommonJS consumer would.
// Its bundled typings do not resolve under NodeNext, so the little we use is declared here.
type Options = { ckanUrl: string; apiKey?: string; json?: object };
type Client = {
  default: { get<T>(action: string, o: Options): Promise<T>; post<T>(action: string, o: Options): Promise<T> };
  CkanRequestError: new (body: object) => Error & { error?: { __type?: string } };
};
const client = createRequire(import.meta.url)('@portaljs/ckan-api-client-js') as Client;
const { default: CkanRequest, CkanRequestError } = client;

type Envelope<T> = { success: boolean; result: T };

describe('@portaljs/ckan-api-client-js against stadtkern', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let apiKey: string;
  let ckanUrl: string;
  before(async () => {
    server = await startTestServer();
    ckanUrl = server.url;
    const user = await server.db.selectFrom('core_users').select('id').where('email', '=', 'redaktion@giessen.example').executeTakeFirstOrThrow();
    const t = newApiToken();
    await server.db.insertInto('core_api_tokens').values({ user_id: user.id, name: 'client', token_hash: t.hash, prefix: t.prefix, scopes: ['read', 'write'], expires_at: new Date(Date.now() + 3_600_000) }).execute();
    apiKey = t.token;
  });
  after(() => server.close());

  test('package_search and package_show', async () => {
    const found = await CkanRequest.get<Envelope<{ count: number; results: { name: string }[] }>>('package_search?q=Parkhaus&fq=organization:giessen', { ckanUrl });
    assert.equal(found.success, true);
    assert.deepEqual(found.result.results.map((r: { name: string }) => r.name), ['giessen-parkhaeuser-belegung']);
    const shown = await CkanRequest.get<Envelope<{ title: string }>>('package_show?id=giessen-parkhaeuser-belegung', { ckanUrl });
    assert.equal(shown.result.title, 'Parkhäuser Gießen – aktuelle Belegung');
  });

  test('package_create and package_patch with the API key', async () => {
    const created = await CkanRequest.post<Envelope<{ id: string; name: string }>>('package_create', {
      ckanUrl, apiKey,
      json: { name: 'giessen-wochenmarkt', title: 'Wochenmarkt Gießen', owner_org: 'giessen', license_id: 'dl-zero-de/2.0', resources: [{ url: 'https://www.giessen.de/markt.csv', format: 'CSV' }] },
    });
    assert.equal(created.result.name, 'giessen-wochenmarkt');
    const patched = await CkanRequest.post<Envelope<{ notes: string }>>('package_patch', { ckanUrl, apiKey, json: { id: created.result.id, notes: 'Mittwochs und samstags.' } });
    assert.equal(patched.result.notes, 'Mittwochs und samstags.');
  });

  test("CKAN's error types reach the client as it expects them", async () => {
    await assert.rejects(CkanRequest.get('package_show?id=gibt-es-nicht', { ckanUrl }), (e: unknown) => e instanceof CkanRequestError && e.error?.__type === 'Not Found Error');
    await assert.rejects(
      CkanRequest.post('package_create', { ckanUrl, apiKey, json: { name: 'Ungültig!', owner_org: 'giessen' } }),
      (e: unknown) => e instanceof CkanRequestError && /^Validation error: "name": Must be purely lowercase/.test(e.message),
    );
    await assert.rejects(
      CkanRequest.post('package_create', { ckanUrl, json: { name: 'anonym', owner_org: 'giessen' } }),
      (e: unknown) => e instanceof CkanRequestError && e.error?.__type === 'Authorization Error',
    );
  });
});
