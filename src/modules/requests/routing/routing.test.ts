// Routing of reports by place: a report to the cooperation's Open311 endpoint lands with the
// member whose boundary holds the point, district rules pick the department, and areas are
// checked before anything is replaced.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { problem, type TestApp } from '../../../../test/helpers/app.ts';
import { snapshot } from '../../../../test/helpers/snapshot.ts';
import { requestsTest } from '../test-setup.ts';
import { contains, geometryProblem, type Area } from './geo.ts';

const ANSWERS: Record<string, Record<string, string>> = { muellablagerung: { 'attribute[menge]': 'klein', 'attribute[gefahrstoffe]': 'nein' }, strassenbeleuchtung: { 'attribute[fehler]': 'aus' } };
const square = (lon: number, lat: number, d: number) => [[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d], [lon - d, lat - d]];

describe('requests: routing by place', () => {
  let t: TestApp;
  let key: string;
  let admin: Record<string, string>;
  let editor: Record<string, string>;
  before(async () => {
    ({ t, key, admin, editor } = await requestsTest());
  });
  after(() => t.close());

  const post = (jurisdiction: string, lat: number, long: number, service = 'muellablagerung') => t.app.inject({
    method: 'POST', url: '/open311/v2/requests.json',
    payload: { api_key: key, jurisdiction_id: jurisdiction, service_code: service, lat, long, ...ANSWERS[service] },
  });
  const stored = (number: string) => t.db.selectFrom('requests_items as r').innerJoin('core_tenants as t', 't.id', 'r.tenant_id').leftJoin('core_departments as d', 'd.id', 'r.department_id')
    .select(['t.slug', 'd.slug as department']).where('r.number', '=', number).executeTakeFirstOrThrow();

  test('geometry: (Multi)Polygons in WGS84 with closed rings; holes are outside', () => {
    const withHole: Area = { type: 'Polygon', coordinates: [square(8.68, 50.58, 0.02), square(8.68, 50.58, 0.005)] };
    assert.equal(geometryProblem(withHole), null);
    assert.equal(contains(withHole, 50.59, 8.69), true);
    assert.equal(contains(withHole, 50.58, 8.68), false); // in the hole
    assert.match(geometryProblem({ type: 'Point', coordinates: [8, 50] })!, /Polygon/);
    assert.match(geometryProblem({ type: 'Polygon', coordinates: [[[8, 50], [9, 50], [9, 51], [8, 50.5]]] })!, /Startpunkt/);
    assert.match(geometryProblem({ type: 'Polygon', coordinates: [[[8, 50], [200, 50], [9, 51], [8, 50]]] })!, /WGS84/);
    assert.match(geometryProblem({ type: 'MultiPolygon', coordinates: [[[[8, 50], [9, 50], [8, 50]]]] })!, /4 Punkte/);
  });

  test('a report to the cooperation lands with the member whose boundary holds the point', async () => {
    const services = (await t.app.inject({ url: '/open311/v2/services.json?jurisdiction_id=digitale-kommune-hessen' })).json();
    assert.ok(services.some((s: { service_code: string }) => s.service_code === 'muellablagerung'));
    const res = await post('digitale-kommune-hessen', 50.5845, 8.6790); // Gießen, Marktplatz
    assert.equal(res.statusCode, 201, res.body);
    const number = res.json()[0].service_request_id;
    assert.match(number, /^GIE-/);
    assert.equal((await stored(number)).slug, 'giessen');
    const inbox = (await t.app.inject({ url: '/api/v1/tenants/giessen/requests?state=open', headers: editor })).json();
    assert.ok(inbox.items.some((i: { number: string }) => i.number === number), 'in Gießen\'s inbox');
    const marburg = await post('digitale-kommune-hessen', 50.8100, 8.7700);
    assert.match(marburg.json()[0].service_request_id, /^MAR-/);
    // Readable through the cooperation too.
    assert.equal((await t.app.inject({ url: `/open311/v2/requests/${number}.json?jurisdiction_id=digitale-kommune-hessen` })).statusCode, 200);

    const before = await snapshot(t.db);
    const nowhere = await post('digitale-kommune-hessen', 52.52, 13.40); // Berlin
    assert.equal(nowhere.statusCode, 400);
    assert.match(nowhere.json()[0].description, /liegt in keiner Kommune der Kooperation/);
    const noPoint = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: { api_key: key, jurisdiction_id: 'digitale-kommune-hessen', service_code: 'frage', address_string: 'Rathaus' } });
    assert.equal(noPoint.statusCode, 400);
    assert.match(noPoint.json()[0].description, /braucht die Meldung lat und long/);
    assert.deepEqual(await snapshot(t.db), before);
  });

  test('district rules choose the department for their services; areas are checked before they replace anything', async () => {
    const districts = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { name: 'Innenstadt', department: 'buergerservice', services: ['muellablagerung'] }, geometry: { type: 'Polygon', coordinates: [square(8.679, 50.5845, 0.004)] } },
      ],
    };
    const put = await t.app.inject({ method: 'PUT', url: '/api/v1/tenants/giessen/request-areas/district', headers: admin, payload: districts });
    assert.equal(put.statusCode, 200, put.body);
    assert.equal((await stored((await post('giessen', 50.5845, 8.6790)).json()[0].service_request_id)).department, 'buergerservice');
    assert.equal((await stored((await post('giessen', 50.5845, 8.6790, 'strassenbeleuchtung')).json()[0].service_request_id)).department, 'ordnungsamt', 'other services keep their department');
    assert.equal((await stored((await post('giessen', 50.5700, 8.6500)).json()[0].service_request_id)).department, 'ordnungsamt', 'outside the district');
    const areas = (await t.app.inject({ url: '/api/v1/tenants/giessen/request-areas' })).json();
    assert.deepEqual(areas.features.map((f: { properties: { kind: string; name: string } }) => [f.properties.kind, f.properties.name]), [['boundary', 'Stadtgebiet (vereinfachte Demo-Grenze)'], ['district', 'Innenstadt']]);

    const before = await snapshot(t.db);
    const bad = await t.app.inject({ method: 'PUT', url: '/api/v1/tenants/giessen/request-areas/district', headers: admin, payload: {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { name: 'A', department: 'raumfahrt' }, geometry: { type: 'Polygon', coordinates: [square(8.6, 50.5, 0.01)] } },
        { type: 'Feature', properties: { name: 'B', services: ['ufo'] }, geometry: { type: 'Point', coordinates: [8.6, 50.5] } },
      ],
    } });
    const p = problem(bad, 400);
    assert.deepEqual(p.errors!.map((e) => e.field).sort(), ['features.0.properties.department', 'features.1.geometry', 'features.1.properties.services']);
    assert.equal((await t.app.inject({ method: 'PUT', url: '/api/v1/tenants/giessen/request-areas/district', headers: editor, payload: districts })).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'PUT', url: '/api/v1/tenants/giessen/request-areas/district', headers: admin, payload: { type: 'Feature' } })).statusCode, 400);
    assert.equal((await t.app.inject({ method: 'PUT', url: '/api/v1/tenants/giessen/request-areas/wald', headers: admin, payload: districts })).statusCode, 400);
    assert.deepEqual(await snapshot(t.db), before);
  });
});
