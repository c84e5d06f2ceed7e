// Resource file uploads through the real app: CKAN multipart resource_create/update, the REST
// upload, downloads at CKAN's address, limits, refused programs, and who may see what.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { bearer, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { snapshot } from '../../../../test/helpers/snapshot.ts';
import { seedCatalog } from '../seed.ts';

const MAX = 3 * 1024 * 1024;

/** A multipart/form-data body as a browser or CKAN client sends it. */
async function multipart(fields: Record<string, string>, file?: { name: string; data: Buffer; type?: string }) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append('upload', new Blob([file.data], { type: file.type ?? 'application/octet-stream' }), file.name);
  const req = new Request('http://localhost/', { method: 'POST', body: form });
  return { payload: Buffer.from(await req.arrayBuffer()), headers: { 'content-type': req.headers.get('content-type')! } };
}

/** CSV text of about `bytes` bytes, different on every line, so chunk order matters. */
function csv(bytes: number): Buffer {
  const lines = ['id;stand;wert'];
  let n = 0;
  let size = lines[0]!.length + 1;
  while (size < bytes) {
    const line = `${n};Gießen-${n % 97};${(n * 7919) % 100003}`;
    lines.push(line);
    size += Buffer.byteLength(line) + 1;
    n++;
  }
  return Buffer.from(lines.join('\n') + '\n');
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('resource file uploads', () => {
  let t: TestApp;
  let darmstadt: string;
  let fulda: string;
  let viewer: string;
  before(async () => {
    t = await testApp({ uploadMaxBytes: MAX, publicUrl: 'https://daten.example.de' });
    await seedCatalog(t.db);
    darmstadt = await t.token(await t.makeUser({ email: 'od@darmstadt.test', roles: { darmstadt: 'editor' } }));
    viewer = await t.token(await t.makeUser({ email: 'lesen@darmstadt.test', roles: { darmstadt: 'viewer' } }), ['read']);
    fulda = await t.token(await t.makeUser({ email: 'od@fulda.test', roles: { fulda: 'editor' } }));
  });
  after(() => t.close());

  const ckan = async (action: string, fields: Record<string, string>, file?: { name: string; data: Buffer; type?: string }, token?: string) => {
    const m = await multipart(fields, file);
    return t.app.inject({ method: 'POST', url: `/api/3/action/${action}`, payload: m.payload, headers: { ...m.headers, ...(token ? bearer(token) : {}) } });
  };
  const path = (url: string) => new URL(url).pathname;
  const fileCount = async () => Number((await t.db.selectFrom('core_files').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  test('resource_create with a multipart upload stores the file; the download is byte-identical', async () => {
    const data = csv(2_500_000); // three chunks of 1 MiB
    const res = await ckan('resource_create', { package_id: 'darmstadt-haushaltsplan', description: 'Plan 2026' }, { name: 'haushalt 2026.csv', data, type: 'application/x-msdownload' }, darmstadt);
    assert.equal(res.statusCode, 200, res.body);
    const r = res.json().result;
    assert.equal(r.url_type, 'upload');
    assert.equal(r.size, data.length);
    assert.equal(r.hash, sha256(data));
    assert.equal(r.mimetype, 'text/csv', 'the type comes from the content and name, not from the client');
    assert.equal(r.name, 'haushalt 2026.csv');
    assert.equal(r.format, 'CSV');
    const pkg = (await t.app.inject({ url: '/api/3/action/package_show?id=darmstadt-haushaltsplan' })).json().result;
    assert.equal(r.url, `https://daten.example.de/dataset/${pkg.id}/resource/${r.id}/download/haushalt%202026.csv`);
    assert.equal((await t.db.selectFrom('core_file_chunks').select('seq').execute()).length, 3);

    const dl = await t.app.inject({ url: path(r.url) });
    assert.equal(dl.statusCode, 200);
    assert.ok(dl.rawPayload.equals(data), 'downloaded bytes equal the uploaded ones');
    assert.equal(sha256(dl.rawPayload), r.hash);
    assert.equal(dl.headers['content-length'], String(data.length));
    assert.equal(dl.headers['content-type'], 'text/csv');
    assert.equal(dl.headers.etag, `"${r.hash}"`);
    assert.equal(dl.headers['content-disposition'], `attachment; filename="haushalt 2026.csv"; filename*=UTF-8''haushalt%202026.csv`);
    assert.equal(dl.headers['x-content-type-options'], 'nosniff');
    const again = await t.app.inject({ url: path(r.url), headers: { 'if-none-match': `"${r.hash}"` } });
    assert.equal(again.statusCode, 304);
    assert.equal(again.rawPayload.length, 0);
    const head = await t.app.inject({ method: 'HEAD', url: path(r.url) });
    assert.equal(head.statusCode, 200);
    assert.equal(head.headers['content-length'], String(data.length));
    // By name works too; a resource under another dataset does not.
    assert.equal((await t.app.inject({ url: path(r.url).replace(pkg.id, 'darmstadt-haushaltsplan') })).statusCode, 200);
    assert.equal((await t.app.inject({ url: path(r.url).replace(pkg.id, 'frankfurt-baumkataster') })).statusCode, 404);
  });

  test('replacing, detaching and deleting an upload removes the old file in the same transaction', async () => {
    const first = (await ckan('resource_create', { package_id: 'darmstadt-haushaltsplan', name: 'Ergebnis' }, { name: 'ergebnis.csv', data: csv(5000) }, darmstadt)).json().result;
    const files = await fileCount();
    const newer = csv(7000);
    const upd = await ckan('resource_patch', { id: first.id }, { name: 'ergebnis-2.json', data: Buffer.from(JSON.stringify({ werte: [1, 2, 3] })) }, darmstadt);
    assert.equal(upd.statusCode, 200, upd.body);
    const u = upd.json().result;
    assert.equal(u.name, 'Ergebnis', 'a patch keeps the name');
    assert.equal(u.format, 'JSON');
    assert.equal(u.mimetype, 'application/json');
    assert.match(u.url, /\/download\/ergebnis-2\.json$/);
    assert.equal(await fileCount(), files, 'the old file is gone');
    assert.equal((await t.app.inject({ url: path(u.url) })).body, '{"werte":[1,2,3]}');

    // Same name, new content: same URL, new checksum (a new ETag).
    const same = (await ckan('resource_update', { id: first.id, name: 'Ergebnis' }, { name: 'ergebnis-2.json', data: newer }, darmstadt)).json().result;
    assert.equal(same.url, u.url);
    assert.equal(same.hash, sha256(newer));
    assert.ok((await t.app.inject({ url: path(same.url) })).rawPayload.equals(newer));

    // A package_update that sends the dict back unchanged keeps the file; a metadata edit through
    // resource_patch too.
    const pkg = (await t.app.inject({ url: '/api/3/action/package_show?id=darmstadt-haushaltsplan' })).json().result;
    const pu = await t.app.inject({ method: 'POST', url: '/api/3/action/package_update', payload: pkg, headers: bearer(darmstadt) });
    assert.equal(pu.statusCode, 200, pu.body);
    const patched = await t.app.inject({ method: 'POST', url: '/api/3/action/resource_patch', payload: { id: first.id, description: 'geprüft', size: 1 }, headers: bearer(darmstadt) });
    assert.equal(patched.json().result.size, newer.length, 'size and checksum stay those of the stored file');
    assert.equal(patched.json().result.hash, sha256(newer));
    assert.equal((await t.app.inject({ url: path(same.url) })).statusCode, 200);

    // A new URL turns it into a link and releases the file.
    const link = await t.app.inject({ method: 'POST', url: '/api/3/action/resource_patch', payload: { id: first.id, url: 'https://www.darmstadt.de/ergebnis.csv' }, headers: bearer(darmstadt) });
    assert.equal(link.json().result.url_type, null);
    assert.equal(await fileCount(), files - 1);
    const dl = await t.app.inject({ url: path(same.url) });
    assert.equal(dl.statusCode, 302, 'a link resource redirects, as in CKAN');
    assert.equal(dl.headers.location, 'https://www.darmstadt.de/ergebnis.csv');

    const gone = (await ckan('resource_create', { package_id: 'darmstadt-haushaltsplan' }, { name: 'weg.csv', data: csv(100) }, darmstadt)).json().result;
    assert.equal(await fileCount(), files);
    await t.app.inject({ method: 'POST', url: '/api/3/action/resource_delete', payload: { id: gone.id }, headers: bearer(darmstadt) });
    assert.equal(await fileCount(), files - 1);
  });

  test('a file over UPLOAD_MAX_BYTES gets 413 and nothing is stored', async () => {
    const before = await snapshot(t.db);
    const big = await ckan('resource_create', { package_id: 'darmstadt-haushaltsplan' }, { name: 'gross.csv', data: csv(MAX + 10) }, darmstadt);
    assert.equal(big.statusCode, 413, big.body);
    assert.equal(big.json().error.__type, 'Validation Error');
    assert.match(big.json().error.upload[0], /größer als erlaubt/);
    // A body declared far larger than the limit is refused before it is read.
    const m = await multipart({ package_id: 'darmstadt-haushaltsplan' }, { name: 'a.csv', data: csv(10) });
    const declared = await t.app.inject({ method: 'POST', url: '/api/3/action/resource_create', payload: m.payload, headers: { ...m.headers, ...bearer(darmstadt), 'content-length': String(MAX * 2) } });
    assert.equal(declared.statusCode, 413);
    assert.deepEqual(declared.json().error.upload, ['Datei zu groß']);
    const rest = await multipart({}, { name: 'gross.csv', data: csv(MAX + 10) });
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/catalog/datasets/darmstadt-haushaltsplan/resources/upload', payload: rest.payload, headers: { ...rest.headers, ...bearer(darmstadt) } });
    assert.equal(r.statusCode, 413);
    assert.equal(r.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.deepEqual(await snapshot(t.db), before);
  });

  test('over a real socket: a large upload streams in and out; an oversized one is cut off at once', async () => {
    const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const boundary = 'stadtkern-grenze';
    const enc = new TextEncoder();
    /** A multipart body of `bytes` file bytes, produced as it is read (never in memory at once). */
    const streamed = (bytes: number, hash: ReturnType<typeof createHash>) => {
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(enc.encode(`--${boundary}\r\nContent-Disposition: form-data; name="package_id"\r\n\r\ndarmstadt-haushaltsplan\r\n--${boundary}\r\nContent-Disposition: form-data; name="upload"; filename="zaehlung.csv"\r\nContent-Type: text/csv\r\n\r\n`));
        },
        pull(c) {
          if (sent >= bytes) {
            c.enqueue(enc.encode(`\r\n--${boundary}--\r\n`));
            return c.close();
          }
          const chunk = Buffer.alloc(Math.min(65536, bytes - sent), `${sent};Zählstelle ${sent % 17}\n`);
          hash.update(chunk);
          sent += chunk.length;
          c.enqueue(chunk);
        },
      });
      return { body, sent: () => sent };
    };
    const post = (body: ReadableStream<Uint8Array>) =>
      fetch(`${base}/api/3/action/resource_create`, { method: 'POST', body, duplex: 'half', headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, authorization: darmstadt } } as RequestInit);

    const okHash = createHash('sha256');
    const ok = await post(streamed(MAX - 1000, okHash).body);
    assert.equal(ok.status, 200);
    const r = ((await ok.json()) as { result: { url: string; hash: string; size: number } }).result;
    const digest = okHash.digest('hex');
    assert.equal(r.hash, digest);
    assert.equal(r.size, MAX - 1000);
    const dl = await fetch(`${base}${path(r.url)}`);
    assert.equal(dl.headers.get('content-length'), String(MAX - 1000));
    assert.equal(createHash('sha256').update(Buffer.from(await dl.arrayBuffer())).digest('hex'), digest);

    const files = await fileCount();
    const big = streamed(50 * MAX, createHash('sha256'));
    // The server answers 413 with "Connection: close" and closes. A client still sending then
    // usually reads the answer first, but TCP does not promise it: data arriving at the closed
    // socket makes the server's side send a reset, which can overtake the answer ("fetch failed",
    // seen on a loaded machine). Either way the client had to stop early and nothing is kept.
    const refused = await post(big.body).catch((err: Error) => err);
    if (refused instanceof Response) {
      assert.equal(refused.status, 413);
      assert.equal(refused.headers.get('connection'), 'close', 'the client is told to stop sending');
    } else {
      const cause = refused.cause as (Error & { code?: string }) | undefined;
      assert.match(`${cause?.code ?? ''} ${cause?.message ?? ''}`, /ECONNRESET|EPIPE|other side closed|socket hang up/i, String(refused));
    }
    assert.ok(big.sent() < 10 * MAX, `stopped early, after ${big.sent()} bytes`);
    assert.equal(await fileCount(), files);
  });

  test('programs are refused, whatever they are called', async () => {
    const before = await snapshot(t.db);
    const pe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58), Buffer.from([0x80, 0, 0, 0]), randomBytes(200)]);
    const disguised = await ckan('resource_create', { package_id: 'darmstadt-haushaltsplan' }, { name: 'daten.csv', data: pe, type: 'text/csv' }, darmstadt);
    assert.equal(disguised.statusCode, 409, disguised.body);
    assert.match(disguised.json().error.upload[0], /ausführbares Programm/);
    const exe = await ckan('resource_create', { package_id: 'darmstadt-haushaltsplan' }, { name: 'werkzeug.exe', data: Buffer.from('harmlos') }, darmstadt);
    assert.equal(exe.statusCode, 409);
    const script = await multipart({}, { name: 'daten.txt', data: Buffer.from('#!/bin/sh\nrm -rf /\n') });
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/catalog/datasets/darmstadt-haushaltsplan/resources/upload', payload: script.payload, headers: { ...script.headers, ...bearer(darmstadt) } });
    assert.equal(r.statusCode, 415);
    assert.equal(r.json().errors[0].field, 'upload');
    assert.deepEqual(await snapshot(t.db), before);
  });

  test('anonymous and foreign uploads are refused before anything is stored', async () => {
    const before = await snapshot(t.db);
    const anon = await ckan('resource_create', { package_id: 'darmstadt-haushaltsplan' }, { name: 'a.csv', data: csv(100) });
    assert.equal(anon.statusCode, 403);
    assert.equal(anon.json().error.__type, 'Authorization Error');
    const foreign = await ckan('resource_create', { package_id: 'darmstadt-haushaltsplan' }, { name: 'a.csv', data: csv(100) }, fulda);
    assert.equal(foreign.statusCode, 403);
    // Fields after the file: checked after storing, and the file removed again.
    const m = new FormData();
    m.append('upload', new Blob([csv(100)]), 'a.csv');
    m.append('package_id', 'darmstadt-haushaltsplan');
    const req = new Request('http://localhost/', { method: 'POST', body: m });
    const late = await t.app.inject({ method: 'POST', url: '/api/3/action/resource_create', payload: Buffer.from(await req.arrayBuffer()), headers: { 'content-type': req.headers.get('content-type')!, ...bearer(fulda) } });
    assert.equal(late.statusCode, 403);
    const viewerTry = await ckan('resource_create', { package_id: 'darmstadt-haushaltsplan' }, { name: 'a.csv', data: csv(100) }, viewer);
    assert.equal(viewerTry.statusCode, 403);
    const rest = await multipart({}, { name: 'a.csv', data: csv(100) });
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/catalog/datasets/darmstadt-haushaltsplan/resources/upload', payload: rest.payload, headers: rest.headers });
    assert.equal(r.statusCode, 401);
    assert.deepEqual(await snapshot(t.db), before);
  });

  test('the REST upload creates a file resource; bad fields get a 422 problem and leave no file', async () => {
    const rest = await multipart({ name: 'Bäume als GeoJSON', license: 'dl-by-de/2.0' }, { name: 'baeume.geojson', data: Buffer.from('{"type":"FeatureCollection","features":[]}') });
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/catalog/datasets/darmstadt-haushaltsplan/resources/upload', payload: rest.payload, headers: { ...rest.headers, ...bearer(darmstadt) } });
    assert.equal(r.statusCode, 201, r.body);
    assert.equal(r.json().mimetype, 'application/geo+json');
    assert.equal(r.json().format, 'GEOJSON');
    assert.equal(r.json().license, 'http://dcat-ap.de/def/licenses/dl-by-de/2.0');
    const files = await fileCount();
    const bad = await multipart({ license: 'frei' }, { name: 'x.csv', data: csv(100) });
    const b = await t.app.inject({ method: 'POST', url: '/api/v1/catalog/datasets/darmstadt-haushaltsplan/resources/upload', payload: bad.payload, headers: { ...bad.headers, ...bearer(darmstadt) } });
    assert.equal(b.statusCode, 422);
    assert.equal(b.json().errors[0].field, 'license');
    assert.equal(await fileCount(), files);
  });

  test('files of private datasets are only for members of the tenant', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/3/action/package_create', payload: { name: 'darmstadt-intern', title: 'Intern', owner_org: 'darmstadt', private: true }, headers: bearer(darmstadt) });
    assert.equal(created.statusCode, 200, created.body);
    const r = (await ckan('resource_create', { package_id: 'darmstadt-intern' }, { name: 'intern.csv', data: csv(300) }, darmstadt)).json().result;
    const url = path(r.url);
    assert.equal((await t.app.inject({ url })).statusCode, 404, 'anonymous');
    assert.equal((await t.app.inject({ url, headers: bearer(fulda) })).statusCode, 404, 'another tenant');
    const member = await t.app.inject({ url, headers: bearer(viewer) });
    assert.equal(member.statusCode, 200);
    assert.equal(member.headers['cache-control'], 'private, no-cache');
  });
});
