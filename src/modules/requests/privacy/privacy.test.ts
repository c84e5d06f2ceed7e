// Privacy of citizen requests through the real app and PostgreSQL: no public response ever carries
// a reporter's name, e-mail, phone or photo; the retention job deletes them (and the photo files,
// and the outbox recipients) once a request is finished long enough, logs it, is idempotent and
// does each request exactly once with two runners at the same time.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { requestsModule } from '../index.ts';
import type { JobRunner } from '../../core/index.ts';
import { seedRequestsDemo } from '../seed.ts';
import { cleanJpeg } from '../citizen/test-photos.ts';
import { deleteExpiredPersonalData, RETENTION_JOB } from './service.ts';

const NAME = ['Erika', 'Mustermann-Privat'];
const EMAIL = 'erika.privat@example.test';
const PHONE = '+49 641 5550123';
const PHOTO_NAME = 'erika-vor-dem-haus.jpg';
const DAY = 86_400_000;

describe('requests: privacy of reporters', () => {
  let t: TestApp;
  let staff: string;
  let writer: string;
  let open311Number: string;
  let webNumber: string;
  let trackPath: string;
  before(async () => {
    t = await testApp({ requestsCitizen: { photoMaxBytes: 1024 * 1024, postsPerMinute: 1000 }, requestsPrivacy: { retentionDays: 180 } });
    await seedRequestsDemo(t.db);
    const admin = await t.makeUser({ email: 'staff@giessen.test', roles: { giessen: 'admin' } });
    staff = await t.token(admin);
    writer = await t.token(await t.makeUser({ email: 'app@example.test' }), ['write']);
    // Over Open311: name, e-mail and phone.
    const o = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: {
      api_key: writer, jurisdiction_id: 'giessen', service_code: 'strassenbeleuchtung', lat: 50.58, long: 8.67, 'attribute[fehler]': 'aus', description: 'Laterne aus',
      first_name: NAME[0], last_name: NAME[1], email: EMAIL, phone: PHONE,
    } });
    assert.equal(o.statusCode, 201, o.body);
    open311Number = o.json()[0].service_request_id;
    // Through the form: e-mail with opt-in and a photo.
    const form = new FormData();
    for (const [k, v] of Object.entries({ tenant: 'giessen', service_code: 'strassenschaden', lat: '50.5841', lon: '8.6784', description: 'Gehwegplatten stehen hoch', email: EMAIL, notify: 'on' })) form.append(k, v);
    form.append('photo', new Blob([cleanJpeg()], { type: 'image/jpeg' }), PHOTO_NAME);
    const req = new Request('http://localhost/', { method: 'POST', body: form });
    const w = await t.app.inject({ method: 'POST', url: '/api/v1/requests', payload: Buffer.from(await req.arrayBuffer()), headers: { 'content-type': req.headers.get('content-type')! } });
    assert.equal(w.statusCode, 201, w.body);
    webNumber = w.json().number;
    trackPath = w.json().tracking_path.replace('/anliegen/verfolgen/', '/api/v1/requests/track/');
    // The form has no name and phone fields; give this request all of them so one case has everything.
    await t.db.updateTable('requests_items').set({ contact_name: NAME.join(' '), contact_phone: PHONE }).where('number', '=', webNumber).execute();
  });
  after(() => t.close());

  const row = (number: string) => t.db.selectFrom('requests_items').selectAll().where('number', '=', number).executeTakeFirstOrThrow();
  const photos = async (number: string) => t.db.selectFrom('requests_photos').select(['file_id']).where('request_id', '=', (await row(number)).id).execute();
  /** Everything that would betray a reporter: the values, and the stored photo's id, name and bytes. */
  const secrets = async () => {
    const files = await t.db.selectFrom('core_files').select(['id', 'filename']).where('id', 'in', (await photos(webNumber)).map((p) => p.file_id)).execute();
    const jpeg = cleanJpeg();
    return [...NAME, EMAIL, PHONE, PHONE.replace(/\s/g, ''), 'erika.privat', PHOTO_NAME, 'erika-vor-dem-haus', ...files.flatMap((f) => [f.id, f.filename]),
      jpeg.subarray(100, 140).toString('base64'), jpeg.subarray(100, 130).toString('hex')];
  };
  const settle = (at: Date, numbers: string[]) => t.db.updateTable('requests_items').set({ state: 'closed', closed_at: at }).where('number', 'in', numbers).execute();

  test('no public API exposes contact data or photos (the staff API does, so the data is there)', async () => {
    const find = await secrets();
    assert.ok(find.length > 10, 'the photo is stored');
    const staffView = await t.app.inject({ url: `/api/v1/requests/${webNumber}`, headers: bearer(staff) });
    assert.ok(staffView.body.includes(EMAIL), 'the case page shows the contact data to staff');
    const from = new Date(Date.now() - DAY).toISOString();
    const urls = [
      '/open311/v2/requests.json?jurisdiction_id=giessen', '/open311/v2/requests.xml?jurisdiction_id=giessen',
      `/open311/v2/requests.json?jurisdiction_id=giessen&service_request_id=${open311Number},${webNumber}`,
      `/open311/v2/requests/${open311Number}.json?jurisdiction_id=giessen`, `/open311/v2/requests/${webNumber}.xml?jurisdiction_id=giessen`,
      '/open311/v2/requests.json?jurisdiction_id=digitale-kommune-hessen',
      `/open311/v2/servicerequestupdates.json?jurisdiction_id=giessen&start_date=${from}`, `/open311/v2/servicerequestupdates.xml?jurisdiction_id=giessen&start_date=${from}`,
      '/open311/v2/services.json?jurisdiction_id=giessen', trackPath,
      '/api/v1/requests/service-promises?tenant=giessen', '/api/v1/requests/service-promises?cooperation=digitale-kommune-hessen',
      ...['on_time', 'resolution', 'volume'].map((x) => `/api/v1/requests/service-promises/${x}.csv?tenant=giessen`),
      '/api/v1/requests/services?tenant=giessen', '/api/v1/tenants/giessen/request-services', '/api/v1/cooperations/digitale-kommune-hessen/request-services',
    ];
    for (const url of urls) {
      const res = await t.app.inject({ url });
      assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
      for (const s of find) assert.ok(!res.body.toLowerCase().includes(s.toLowerCase()), `${url} shows "${s}"`);
    }
    const both = (await t.app.inject({ url: `/open311/v2/requests.json?jurisdiction_id=giessen&service_request_id=${open311Number},${webNumber}` })).json();
    assert.equal(both.length, 2, 'the grep looked at both requests');
    const tracked = (await t.app.inject({ url: trackPath })).json();
    assert.equal(tracked.photos, 1, 'the tracking page only counts the photo');
  });

  test('the module registers the daily retention job', () => {
    const schedules: [string, number][] = [];
    const recorder = { register: () => undefined, declareSchedule: (x: { name: string; intervalSeconds: number }) => schedules.push([x.name, x.intervalSeconds]) };
    requestsModule.registerJobs!(recorder as unknown as JobRunner, { config: t.config, db: t.db });
    assert.deepEqual(schedules.find(([n]) => n === RETENTION_JOB), [RETENTION_JOB, 86_400]);
    assert.equal(t.config.requestsPrivacy.retentionDays, 180);
  });

  test('retention deletes personal data of requests finished longer ago, logs counts, keeps the case, and is idempotent', async () => {
    const fileIds = (await photos(webNumber)).map((p) => p.file_id);
    await settle(new Date(Date.now() - 200 * DAY), [open311Number, webNumber]);
    // A third request with contact data, finished recently: kept.
    const recent = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: { api_key: writer, jurisdiction_id: 'giessen', service_code: 'frage', address_string: 'Rathaus', description: 'Frage', email: EMAIL } });
    const recentNumber = recent.json()[0].service_request_id as string;
    await settle(new Date(Date.now() - 10 * DAY), [recentNumber]);
    const webId = (await row(webNumber)).id;
    assert.ok((await t.db.selectFrom('requests_notifications').select('recipient').where('request_id', '=', webId).where('recipient', '=', EMAIL).execute()).length > 0, 'the outbox knew the address');

    await t.jobs.enqueue(RETENTION_JOB);
    await t.jobs.runOnce();

    for (const n of [open311Number, webNumber]) {
      const r = await row(n);
      assert.deepEqual([r.contact_name, r.contact_email, r.contact_phone, r.notify], [null, null, null, false], n);
      assert.ok(r.personal_deleted_at, n);
      assert.equal(r.description.length > 0, true, 'the case itself stays');
    }
    assert.equal((await photos(webNumber)).length, 0);
    assert.equal((await t.db.selectFrom('core_files').select('id').where('id', 'in', fileIds).execute()).length, 0, 'the photo file is gone');
    assert.equal((await t.db.selectFrom('core_file_chunks').select('file_id').where('file_id', 'in', fileIds).execute()).length, 0);
    assert.equal((await t.db.selectFrom('requests_notifications').select('id').where('request_id', '=', webId).where('recipient', 'is not', null).execute()).length, 0, 'the outbox forgot the address');
    const kept = await row(recentNumber);
    assert.equal(kept.contact_email, EMAIL);
    assert.equal(kept.personal_deleted_at, null);

    const ev = await t.db.selectFrom('requests_events').selectAll().where('request_id', '=', webId).where('kind', '=', 'privacy').execute();
    assert.equal(ev.length, 1);
    assert.equal(ev[0]!.public, false);
    assert.deepEqual({ ...ev[0]!.data, retention_days: undefined }, { contact_fields: 3, photos: 1, retention_days: undefined });
    const audits = await t.db.selectFrom('core_audit_log').selectAll().where('action', '=', 'requests.privacy.retention').execute();
    const giessen = audits.find((a) => a.tenant_id === t.tenants.get('giessen'));
    assert.ok(giessen, JSON.stringify(audits));
    assert.equal((giessen.after as { photos: number }).photos, 1);
    const summary = audits.find((a) => a.tenant_id === null)!;
    assert.ok((summary.after as { requests: number }).requests >= 2);
    const everything = JSON.stringify(await t.db.selectFrom('requests_events').selectAll().where('kind', '=', 'privacy').execute()) + JSON.stringify(audits);
    for (const s of [EMAIL, PHONE, NAME[1]!]) assert.ok(!everything.includes(s), `the log holds "${s}"`);
    // The tracking link still works, now without a photo.
    const tracked = await t.app.inject({ url: trackPath });
    assert.equal(tracked.statusCode, 200);
    assert.equal(tracked.json().photos, 0);

    // Idempotent: a second run finds nothing and changes no request.
    const snap = JSON.stringify(await t.db.selectFrom('requests_items').selectAll().orderBy('id').execute());
    const again = await deleteExpiredPersonalData(t.db, { retentionDays: 180 });
    assert.equal(again.requests, 0);
    assert.equal(JSON.stringify(await t.db.selectFrom('requests_items').selectAll().orderBy('id').execute()), snap);
    assert.equal((await t.db.selectFrom('requests_events').select('id').where('request_id', '=', webId).where('kind', '=', 'privacy').execute()).length, 1);
  });

  test('two runners at once, in small batches: every request exactly once', async () => {
    const giessen = t.tenants.get('giessen')!;
    const due = await t.db.selectFrom('requests_items').select('id').where('tenant_id', '=', giessen).where('personal_deleted_at', 'is', null).where('source', '=', 'demo').execute();
    assert.ok(due.length >= 10);
    await t.db.updateTable('requests_items').set({ state: 'resolved', closed_at: new Date(Date.now() - 400 * DAY), contact_email: 'alt@example.test' }).where('id', 'in', due.map((d) => d.id)).execute();
    const [a, b] = await Promise.all([deleteExpiredPersonalData(t.db, { retentionDays: 180, batchSize: 3 }), deleteExpiredPersonalData(t.db, { retentionDays: 180, batchSize: 3 })]);
    assert.ok(a.requests + b.requests >= due.length, `${a.requests} + ${b.requests}`);
    const events = await t.db.selectFrom('requests_events').select(['request_id']).where('kind', '=', 'privacy').where('request_id', 'in', due.map((d) => d.id)).execute();
    assert.equal(events.length, due.length, 'one privacy event per request');
    assert.equal(new Set(events.map((e) => e.request_id)).size, due.length);
    assert.equal((await t.db.selectFrom('requests_items').select('id').where('contact_email', '=', 'alt@example.test').execute()).length, 0);
  });
});
