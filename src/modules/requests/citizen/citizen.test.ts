// The citizen form and tracking API through the real app and PostgreSQL: sending without login
// (JSON and multipart with a photo), metadata stripped from stored photos, photo types by their
// bytes, every bad input answered per field with nothing written, tracking shows public events only.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { problem, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { snapshot } from '../../../../test/helpers/snapshot.ts';
import { fileStream } from '../../core/index.ts';
import { seedRequestsDemo } from '../seed.ts';
import { cleanJpeg, cleanPng, jpegWithGps, metadataTraces, pngWithMetadata, webpWithMetadata } from './test-photos.ts';

const PHOTO_MAX = 64 * 1024;

async function multipart(fields: Record<string, string>, photo?: { name: string; data: Buffer; type: string }) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (photo) form.append('photo', new Blob([photo.data], { type: photo.type }), photo.name);
  const req = new Request('http://localhost/', { method: 'POST', body: form });
  return { payload: Buffer.from(await req.arrayBuffer()), headers: { 'content-type': req.headers.get('content-type')! } };
}

const MUELL = { tenant: 'giessen', service_code: 'muellablagerung', lat: '50.5862', lon: '8.6751', description: 'Sperrmüll neben dem Glascontainer am Kirchenplatz.', 'attribute[menge]': 'mittel', 'attribute[gefahrstoffe]': 'nein' };

describe('requests: citizen form and tracking', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ requestsCitizen: { photoMaxBytes: PHOTO_MAX, postsPerMinute: 1000 } });
    await seedRequestsDemo(t.db);
  });
  after(() => t.close());

  const send = async (fields: Record<string, string>, photo?: { name: string; data: Buffer; type: string }) => {
    const m = await multipart(fields, photo);
    return t.app.inject({ method: 'POST', url: '/api/v1/requests', payload: m.payload, headers: m.headers });
  };
  const storedPhoto = async (number: string) => {
    const row = await t.db.selectFrom('requests_photos as p').innerJoin('requests_items as r', 'r.id', 'p.request_id').innerJoin('core_files as f', 'f.id', 'p.file_id')
      .select(['f.id', 'f.chunk_count', 'f.content_type', 'f.filename', 'f.status', 'f.tenant_id', 'p.stripped', 'p.public']).where('r.number', '=', number).executeTakeFirstOrThrow();
    const chunks: Buffer[] = [];
    for await (const c of fileStream(t.db, row)) chunks.push(c as Buffer);
    return { ...row, bytes: Buffer.concat(chunks) };
  };

  test('the form gets a tenant\'s services with their questions and a map centre; unknown tenants are 404', async () => {
    const res = await t.app.inject({ url: '/api/v1/requests/services?tenant=giessen' });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.tenant.name, 'Gießen');
    const muell = body.services.find((s: { code: string }) => s.code === 'muellablagerung');
    assert.equal(muell.name, 'Illegale Müllablagerung');
    assert.deepEqual(muell.attributes.map((a: { code: string; datatype: string; required: boolean }) => [a.code, a.datatype, a.required]), [['menge', 'singlevaluelist', true], ['gefahrstoffe', 'singlevaluelist', true]]);
    assert.ok(Math.abs(body.map_centre.lat - 50.58) < 0.05 && Math.abs(body.map_centre.lon - 8.68) < 0.05, JSON.stringify(body.map_centre));
    problem(await t.app.inject({ url: '/api/v1/requests/services?tenant=atlantis' }), 404);
    assert.equal(problem(await t.app.inject({ url: '/api/v1/requests/services' }), 400).errors?.[0]?.field, 'querystring.tenant');
  });

  test('a request sent as JSON without login: number, tracking link; only the token\'s hash is stored', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/requests',
      payload: { tenant: 'giessen', service_code: 'strassenschaden', lat: 50.5841, lon: 8.6784, description: 'Schlagloch auf dem Radweg', attributes: { durchmesser_cm: '30' }, email: 'buerger@example.test', notify: true },
    });
    assert.equal(res.statusCode, 201, res.body);
    const a = res.json();
    assert.match(a.number, /^GIE-\d{4}-\d{6}$/);
    const token = /^\/anliegen\/verfolgen\/([A-Za-z0-9_-]{43})$/.exec(a.tracking_path)?.[1];
    assert.ok(token, a.tracking_path);
    assert.equal(a.tracking_url, `${t.config.publicUrl}${a.tracking_path}`);
    assert.equal(a.photo, false);
    const row = await t.db.selectFrom('requests_items').selectAll().where('number', '=', a.number).executeTakeFirstOrThrow();
    assert.equal(row.source, 'web');
    assert.equal(row.contact_email, 'buerger@example.test');
    assert.equal(row.notify, true);
    assert.deepEqual(row.attributes, { durchmesser_cm: '30' });
    const policy = (await t.db.selectFrom('requests_services').select('sla_policy').where('id', '=', row.service_id).executeTakeFirstOrThrow()).sla_policy;
    assert.equal(row.expected_at !== null, policy !== null, 'the SLA engine set the expected date when the service promises one');
    const tracked = (await t.app.inject({ url: `/api/v1/requests/track/${token}` })).json();
    assert.equal(tracked.expected_at, row.expected_at?.toISOString() ?? null);
    assert.equal(row.tracking_token_hash, createHash('sha256').update(token).digest('hex'));
    const everything = JSON.stringify(await t.db.selectFrom('requests_items').selectAll().execute()) + JSON.stringify(await t.db.selectFrom('requests_events').selectAll().execute());
    assert.ok(!everything.includes(token), 'the token itself is stored nowhere');
  });

  test('a JPEG with GPS EXIF is stored without it: same image bytes, orientation kept, neutral name, staff-only', async () => {
    const res = await send(MUELL, { name: 'IMG_20261123_Kirchenplatz.jpg', data: jpegWithGps(6), type: 'image/jpeg' });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().photo, true);
    const p = await storedPhoto(res.json().number);
    assert.deepEqual(metadataTraces(p.bytes), [], 'no GPS, serial number, XMP, IPTC or comment left');
    assert.equal(p.content_type, 'image/jpeg');
    assert.equal(p.filename, `${res.json().number}.jpg`);
    assert.equal(p.status, 'stored');
    assert.equal(p.tenant_id, t.tenants.get('giessen'));
    assert.equal(p.public, false);
    assert.deepEqual(p.stripped, ['APP1:Exif', 'APP1:http://ns.adobe.com/xap/1.0/', 'APP13:Photoshop 3.0', 'COM:Kommentar Kamera-Seriennummer-']);
    // Still a JPEG: SOI, the original JFIF segment, a one-tag EXIF (orientation 6), then the original rest up to EOI.
    const clean = cleanJpeg();
    const app0 = 4 + clean.readUInt16BE(4);
    assert.ok(p.bytes.subarray(0, app0).equals(clean.subarray(0, app0)));
    const exifEnd = app0 + 2 + p.bytes.readUInt16BE(app0 + 2);
    assert.equal(p.bytes.toString('latin1', app0 + 4, app0 + 10), 'Exif\0\0');
    assert.ok(p.bytes.subarray(exifEnd).equals(clean.subarray(app0)), 'quantisation tables, frame, Huffman tables, scan and EOI unchanged');
    assert.deepEqual([...p.bytes.subarray(-2)], [0xff, 0xd9]);
  });

  test('photo types come from the bytes: a PNG named .jpg and declared image/jpeg is stored as PNG; WebP is stripped too', async () => {
    const png = await send(MUELL, { name: 'foto.jpg', data: pngWithMetadata(), type: 'image/jpeg' });
    assert.equal(png.statusCode, 201, png.body);
    const p = await storedPhoto(png.json().number);
    assert.equal(p.content_type, 'image/png');
    assert.match(p.filename, /\.png$/);
    assert.ok(p.bytes.equals(cleanPng()));
    const webp = await send(MUELL, { name: 'x.webp', data: webpWithMetadata(), type: 'application/octet-stream' });
    assert.equal(webp.statusCode, 201, webp.body);
    const w = await storedPhoto(webp.json().number);
    assert.equal(w.content_type, 'image/webp');
    assert.deepEqual(metadataTraces(w.bytes), []);
  });

  test('PDFs, programs, broken and oversized photos are refused (415/413, field "photo") and nothing is written', async () => {
    const before = await snapshot(t.db);
    const pdf = problem(await send(MUELL, { name: 'foto.jpg', data: Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n'), type: 'image/jpeg' }), 415);
    assert.deepEqual(pdf.errors?.map((e) => e.field), ['photo']);
    problem(await send(MUELL, { name: 'foto.png', data: Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(200)]), type: 'image/png' }), 415);
    problem(await send(MUELL, { name: 'foto.jpg', data: cleanJpeg().subarray(0, 300), type: 'image/jpeg' }), 415);
    const big = problem(await send(MUELL, { name: 'gross.jpg', data: Buffer.concat([cleanJpeg(), Buffer.alloc(PHOTO_MAX)]), type: 'image/jpeg' }), 413);
    assert.equal(big.errors?.[0]?.field, 'photo');
    // A wrong photo together with other mistakes: all listed at once.
    const both = problem(await send({ ...MUELL, description: '' }, { name: 'a.pdf', data: Buffer.from('%PDF-1.4'), type: 'application/pdf' }), 422);
    assert.deepEqual(both.errors?.map((e) => e.field).sort(), ['description', 'photo']);
    assert.deepEqual(await snapshot(t.db), before);
  });

  test('bad input is answered per field (422 problem+json) and changes nothing', async () => {
    const before = await snapshot(t.db);
    const cases: [Record<string, string>, string[]][] = [
      [{ ...MUELL, description: '  ' }, ['description']],
      [{ ...MUELL, description: 'x'.repeat(4001) }, ['description']],
      [{ ...MUELL, lat: '', lon: '' }, ['lat']],
      [{ ...MUELL, lat: '95', lon: 'östlich' }, ['lat', 'lon']],
      [{ ...MUELL, lon: '' }, ['lon']],
      [{ ...MUELL, service_code: 'ufo-sichtung' }, ['service_code']],
      [{ ...MUELL, tenant: 'atlantis' }, ['tenant']],
      [{ ...MUELL, 'attribute[menge]': '' }, ['attribute[menge]']],
      [{ ...MUELL, 'attribute[gefahrstoffe]': 'vielleicht' }, ['attribute[gefahrstoffe]']],
      [{ ...MUELL, 'attribute[farbe]': 'rot' }, ['attribute[farbe]']],
      [{ ...MUELL, email: 'keine-adresse' }, ['email']],
      [{ ...MUELL, notify: 'on' }, ['email']],
      [{ tenant: 'giessen' }, ['description', 'lat', 'service_code']],
    ];
    for (const [fields, expected] of cases) {
      const p = problem(await send(fields), 422);
      assert.deepEqual([...new Set(p.errors?.map((e) => e.field))].sort(), expected, JSON.stringify(fields).slice(0, 120));
      for (const e of p.errors ?? []) assert.ok(e.message.length > 5, e.message);
    }
    problem(await t.app.inject({ method: 'POST', url: '/api/v1/requests', payload: [1, 2] }), 400);
    assert.deepEqual(await snapshot(t.db), before);
  });

  test('the tracking page shows the state and public events only: no internal notes, staff or contact data', async () => {
    const res = await send({ ...MUELL, email: 'geheim@example.test', notify: 'on' }, { name: 'a.png', data: cleanPng(), type: 'image/png' });
    assert.equal(res.statusCode, 201, res.body);
    const path = `/api/v1/requests/track/${res.json().tracking_path.split('/').pop()}`;
    const first = await t.app.inject({ url: path });
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().state_label, 'Eingegangen');
    assert.equal(first.json().service.name, 'Illegale Müllablagerung');
    assert.equal(first.json().photos, 1);
    assert.deepEqual(first.json().timeline.map((e: { title: string }) => e.title), ['Eingegangen']);

    // Staff work on it: an internal note by a named person, then a public state change with a message.
    const staff = await t.makeUser({ email: 'sachbearbeiterin.mueller@giessen.test' });
    const item = await t.db.selectFrom('requests_items').select(['id', 'tenant_id']).where('number', '=', res.json().number).executeTakeFirstOrThrow();
    const ev = (e: object) => t.db.insertInto('requests_events').values({ request_id: item.id, tenant_id: item.tenant_id, data: '{}', ...e } as never).execute();
    await ev({ kind: 'note', text: 'Intern: Anwohner Herr Schmidt kennt den Verursacher', actor_id: staff, public: false });
    await ev({ kind: 'state', from_state: 'received', to_state: 'in_progress', text: 'Der Bauhof holt den Sperrmüll diese Woche ab.', actor_id: staff, public: true });
    await t.db.updateTable('requests_items').set({ state: 'in_progress', expected_at: new Date('2026-12-01T12:00:00Z') }).where('id', '=', item.id).execute();

    const later = await t.app.inject({ url: path });
    const body = later.json();
    assert.equal(body.state_label, 'In Bearbeitung');
    assert.equal(body.expected_at, '2026-12-01T12:00:00.000Z');
    assert.deepEqual(body.timeline.map((e: { title: string; text: string | null }) => [e.title, e.text]), [['Eingegangen', null], ['In Bearbeitung', 'Der Bauhof holt den Sperrmüll diese Woche ab.']]);
    for (const secret of ['Schmidt', 'Intern', 'sachbearbeiterin', 'geheim@example.test', staff, 'actor', 'file_id']) assert.ok(!later.body.includes(secret), `${secret} must not be shown`);

    problem(await t.app.inject({ url: `/api/v1/requests/track/${'A'.repeat(43)}` }), 404);
    assert.equal(problem(await t.app.inject({ url: '/api/v1/requests/track/kurz' }), 400).errors?.[0]?.field, 'params.token');
  });
});

describe('requests: citizen form rate limit', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ requestsCitizen: { photoMaxBytes: PHOTO_MAX, postsPerMinute: 2 } });
  });
  after(() => t.close());

  test('more posts per minute from one address than allowed: 429 with Retry-After', async () => {
    const post = () => t.app.inject({ method: 'POST', url: '/api/v1/requests', payload: { tenant: 'giessen' } });
    assert.equal((await post()).statusCode, 422);
    assert.equal((await post()).statusCode, 422);
    const res = await post();
    problem(res, 429);
    assert.ok(Number(res.headers['retry-after']) > 0);
  });
});
