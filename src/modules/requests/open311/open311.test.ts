// Open311 GeoReport v2 through the real app and PostgreSQL, every response checked against the
// official JSON Schemas (../shared/data/open311/georeport-v2), XML generated from the same model,
// and bad input answered with the spec's error array while nothing is written.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { snapshot } from '../../../../test/helpers/snapshot.ts';
import { seedRequestsDemo } from '../seed.ts';

const SCHEMAS = path.resolve(import.meta.dirname, '../../../../../shared/data/open311/georeport-v2');
const ajv = new Ajv({ strict: false, allErrors: true });
for (const f of ['service.json', 'services.json', 'service-definition.json', 'request.json', 'requests.json']) ajv.addSchema(JSON.parse(readFileSync(path.join(SCHEMAS, f), 'utf8')), f);
function valid(schema: string, body: unknown) {
  const ok = ajv.validate(schema, body);
  assert.ok(ok, `${schema}: ${ajv.errorsText(ajv.errors)}`);
}

const B = '/open311/v2';
const form = (o: Record<string, string | string[]>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  return p.toString();
};

describe('requests: Open311 GeoReport v2', () => {
  let t: TestApp;
  let key: string;
  let readOnlyKey: string;
  before(async () => {
    t = await testApp();
    await seedRequestsDemo(t.db);
    const user = await t.makeUser({ email: 'maengelmelder-app@example.test' });
    key = await t.token(user, ['read', 'write']);
    readOnlyKey = await t.token(user, ['read']);
  });
  after(() => t.close());

  const post = (body: Record<string, string | string[]>, format = 'json') =>
    t.app.inject({ method: 'POST', url: `${B}/requests.${format}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form(body) });
  const count = async () => Number((await t.db.selectFrom('requests_items').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  test('discovery, services and service definitions: valid against the official schemas, as JSON and XML', async () => {
    const d = await t.app.inject({ url: `${B}/discovery.json` });
    assert.equal(d.statusCode, 200);
    assert.equal(d.json().endpoints[0].specification, 'http://wiki.open311.org/GeoReport_v2');

    const s = await t.app.inject({ url: `${B}/services.json?jurisdiction_id=giessen` });
    assert.equal(s.statusCode, 200);
    assert.match(s.headers['content-type'] as string, /application\/json/);
    valid('services.json', s.json());
    for (const x of s.json()) valid('service.json', x);
    assert.ok(s.json().some((x: { service_code: string; metadata: boolean }) => x.service_code === 'strassenbeleuchtung' && x.metadata));

    const def = await t.app.inject({ url: `${B}/services/muellablagerung.json?jurisdiction_id=giessen` });
    valid('service-definition.json', def.json());
    assert.deepEqual(def.json().attributes.map((a: { code: string; required: boolean }) => [a.code, a.required]), [['menge', true], ['gefahrstoffe', true]]);

    const xml = await t.app.inject({ url: `${B}/services.xml?jurisdiction_id=giessen` });
    assert.match(xml.headers['content-type'] as string, /text\/xml/);
    assert.match(xml.body, /^<\?xml version="1.0" encoding="utf-8"\?>\n<services>\n {2}<service>\n {4}<service_code>/);
    assert.match(xml.body, /<service_code>strassenbeleuchtung<\/service_code>\n {4}<service_name>Straßenbeleuchtung defekt<\/service_name>/);
    const defXml = await t.app.inject({ url: `${B}/services/strassenbeleuchtung.xml?jurisdiction_id=giessen` });
    assert.match(defXml.body, /<service_definition>[\s\S]*<attributes>\s*<attribute>[\s\S]*<values>\s*<value>\s*<key>aus<\/key>/);
  });

  test('a client posts a request with its api_key and attributes; it is found again, without personal data', async () => {
    const res = await post({
      api_key: key, jurisdiction_id: 'giessen', service_code: 'muellablagerung', lat: '50.5850', long: '8.6790',
      'attribute[menge]': 'mittel', 'attribute[gefahrstoffe]': 'nein', description: 'Alte Matratzen am Schwanenteich', email: 'buerger@example.org', first_name: 'Erika', last_name: 'Muster',
    });
    assert.equal(res.statusCode, 201, res.body);
    const [{ service_request_id: id }] = res.json();
    assert.match(id, /^GIE-\d{4}-\d{6}$/);

    const one = await t.app.inject({ url: `${B}/requests/${id}.json?jurisdiction_id=giessen` });
    assert.equal(one.statusCode, 200);
    valid('requests.json', one.json());
    const r = one.json()[0];
    valid('request.json', r);
    assert.deepEqual([r.status, r.service_code, r.lat, r.long, r.agency_responsible, r.extended_attributes.status_label], ['open', 'muellablagerung', 50.585, 8.679, 'Ordnungsamt', 'Eingegangen']);
    assert.doesNotMatch(one.body, /buerger@example\.org|Erika|Muster/);
    const stored = await t.db.selectFrom('requests_items').select(['contact_email', 'contact_name', 'notify', 'client_name', 'attributes']).where('number', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual([stored.contact_email, stored.contact_name, stored.notify, stored.client_name], ['buerger@example.org', 'Erika Muster', true, 'maengelmelder-app']);
    assert.deepEqual(stored.attributes, { menge: 'mittel', gefahrstoffe: 'nein' });

    // A multivaluelist-free service with an address instead of coordinates; JSON bodies work too.
    const json = await t.app.inject({ method: 'POST', url: `${B}/requests.json`, payload: { api_key: key, jurisdiction_id: 'giessen', service_code: 'frage', address_string: 'Berliner Platz 1, 35390 Gießen', description: 'Öffnungszeiten?' } });
    assert.equal(json.statusCode, 201, json.body);

    const xml = await t.app.inject({ url: `${B}/requests/${id}.xml?jurisdiction_id=giessen` });
    assert.match(xml.body, /<service_requests>\s*<request>\s*<service_request_id>GIE-/);
    assert.match(xml.body, /<address\/>/);
  });

  test('GET requests: filters by status, service and dates, pages, and stays inside the jurisdiction', async () => {
    const all = await t.app.inject({ url: `${B}/requests.json?jurisdiction_id=giessen` });
    valid('requests.json', all.json());
    assert.ok(all.json().length >= 20);
    const closed = (await t.app.inject({ url: `${B}/requests.json?jurisdiction_id=giessen&status=closed` })).json();
    assert.ok(closed.length > 0 && closed.every((r: { status: string }) => r.status === 'closed'));
    const lights = (await t.app.inject({ url: `${B}/requests.json?jurisdiction_id=giessen&service_code=strassenbeleuchtung,frage` })).json();
    assert.ok(lights.every((r: { service_code: string }) => ['strassenbeleuchtung', 'frage'].includes(r.service_code)));
    const page = (await t.app.inject({ url: `${B}/requests.json?jurisdiction_id=giessen&page_size=5&page=2` })).json();
    assert.deepEqual(page.map((r: { service_request_id: string }) => r.service_request_id), all.json().slice(5, 10).map((r: { service_request_id: string }) => r.service_request_id));
    const future = (await t.app.inject({ url: `${B}/requests.json?jurisdiction_id=giessen&start_date=2099-01-01T00:00:00Z` })).json();
    assert.deepEqual(future, []);
    // Gießen's numbers are not Frankfurt's.
    const id = all.json()[0].service_request_id;
    const elsewhere = await t.app.inject({ url: `${B}/requests/${id}.json?jurisdiction_id=frankfurt` });
    assert.equal(elsewhere.statusCode, 404);
    assert.ok((await t.app.inject({ url: `${B}/requests.json?jurisdiction_id=frankfurt` })).json().every((r: { service_request_id: string }) => r.service_request_id.startsWith('FRA-')));
  });

  test('bad input: the error array with the right status, in JSON and XML, and nothing written', async () => {
    const before = await snapshot(t.db);
    const n = await count();
    const ok = { api_key: key, jurisdiction_id: 'giessen', service_code: 'muellablagerung', lat: '50.58', long: '8.67', 'attribute[menge]': 'klein', 'attribute[gefahrstoffe]': 'ja' };
    const cases: [Record<string, string | string[]>, number, RegExp][] = [
      [{ ...ok, api_key: '' }, 403, /api_key fehlt/],
      [{ ...ok, api_key: 'sk_falsch' }, 403, /api_key ist ungültig/],
      [{ ...ok, api_key: readOnlyKey }, 403, /Schreibrecht/],
      [{ ...ok, jurisdiction_id: '' }, 400, /jurisdiction_id fehlt/],
      [{ ...ok, jurisdiction_id: 'atlantis' }, 404, /keine Kommune/],
      [{ ...ok, service_code: 'ufo' }, 404, /service_code "ufo"/],
      [{ ...ok, lat: '', long: '' }, 400, /Ort fehlt/],
      [{ ...ok, lat: '95', long: '8.6' }, 400, /lat: "95" ist keine Koordinate/],
      [{ ...ok, long: '' }, 400, /lat und long nur zusammen/],
      [{ ...ok, lat: 'abc' }, 400, /lat: "abc"/],
      [{ ...ok, 'attribute[menge]': '' }, 400, /attribute\[menge\] fehlt/],
      [{ ...ok, 'attribute[menge]': 'riesig' }, 400, /"riesig" ist kein erlaubter Wert/],
      [{ ...ok, 'attribute[farbe]': 'rot' }, 400, /attribute\[farbe\]: unbekanntes Attribut/],
      [{ ...ok, email: 'keine-adresse' }, 400, /email/],
      [{ ...ok, media_url: 'javascript:alert(1)' }, 400, /media_url/],
      [{ ...ok, description: 'x'.repeat(4001) }, 400, /description: höchstens 4000/],
    ];
    for (const [body, status, why] of cases) {
      const res = await post(body);
      assert.equal(res.statusCode, status, `${JSON.stringify(body).slice(0, 120)} → ${res.body}`);
      const errors = res.json() as { code: number; description: string }[];
      assert.ok(Array.isArray(errors) && errors.every((e) => typeof e.code === 'number' && typeof e.description === 'string'));
      assert.match(errors.map((e) => e.description).join(' | '), why);
    }
    // Several problems at once are all named.
    const many = await post({ ...ok, lat: '95', 'attribute[menge]': '', email: 'x' });
    assert.ok(many.json().length >= 3, many.body);
    const xml = await post({ ...ok, service_code: 'ufo' }, 'xml');
    assert.equal(xml.statusCode, 404);
    assert.match(xml.body, /<errors>\s*<error>\s*<code>404<\/code>\s*<description>service_code/);
    for (const url of [`${B}/requests.json?jurisdiction_id=giessen&start_date=gestern`, `${B}/requests.json?jurisdiction_id=giessen&status=offen`, `${B}/requests.json?jurisdiction_id=giessen&page_size=5000`]) {
      assert.equal((await t.app.inject({ url })).statusCode, 400, url);
    }
    assert.equal((await t.app.inject({ url: `${B}/services.json` })).statusCode, 400);
    assert.equal((await t.app.inject({ url: `${B}/services/ufo.json?jurisdiction_id=giessen` })).statusCode, 404);
    assert.equal((await t.app.inject({ url: `${B}/services.yaml?jurisdiction_id=giessen` })).statusCode, 404);
    assert.equal(await count(), n);
    assert.deepEqual(await snapshot(t.db), before);
  });
});
