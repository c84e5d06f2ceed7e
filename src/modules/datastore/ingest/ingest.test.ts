// Loading real German CSVs (../shared/data/csv) through the API and the job, as a publisher
// would: types per column, headers, totals and footers set aside, progress and problems; bad
// files fail clearly and the previous version stays served; unchanged files are not reloaded.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileServer, type FileServer } from '../../../../test/helpers/file-server.ts';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { bearer, testApp, type TestApp } from '../../../../test/helpers/app.ts';

const CSV = path.resolve(import.meta.dirname, '../../../../../shared/data/csv');

/** Expected column types (a selection) per shared file. */
const EXPECTED: Record<string, { rows: number; types: Record<string, string> }> = {
  'giessen-parkhaeuser/karstadt.csv': { rows: 14_719, types: { timestamp: 'timestamp', free_spaces: 'int', max_spaces: 'int' } },
  'giessen-parkhaeuser/neustaedter.csv': { rows: 6_161, types: { timestamp: 'timestamp', free_spaces: 'int', occupied_spaces: 'int', max_spaces: 'int' } },
  'giessen-parkhaeuser/am-kino.csv': { rows: 172, types: { timestamp: 'timestamp', occupied_spaces: 'int' } },
  'giessen-wahldaten/Bundestagswahl-Ergebnisse_2013.CSV': { rows: 74, types: { Nr: 'int', Bereich: 'text', A1: 'int', 'A1+A2': 'int', D1: 'int' } },
  'giessen-wahldaten/Bundestagswahl-Ergebnisse_2009.CSV': { rows: 66, types: { Nr: 'int', Bereich: 'text', A2: 'int' } },
  'giessen-wahldaten/Landtagswahl-Ergebnisse_2013.CSV': { rows: 74, types: { Nr: 'int', C: 'int' } },
  'koeln/33111-02ir.csv': { rows: 19, types: { spalte_1: 'date', 'Bodenfläche insgesamt – Insgesamt': 'int', Platz: 'int' } },
  'koeln/aed_stadt_koeln.csv': { rows: 25, types: { Standort: 'text', Adresse: 'text', 'Öffnungszeiten': 'text' } },
  'koeln/bezirke_einzeldarstellung.csv': { rows: 252, types: { Bezirk: 'int', Teilplanzeile: 'text', 'Ergebnis 2011': 'int', 'Plan 2017': 'int' } },
  'koeln/result_stadtbezirk.csv': { rows: 9, types: { Nr: 'int', Name: 'text', Wahlbeteiligung: 'numeric', CDU: 'int', CDU_Proz: 'numeric' } },
  'kreis-offenbach/hh-daten-kreis-offenbach.csv': { rows: 22_655, types: { produktbereich: 'int', produktgruppe: 'text', produkt: 'text', jahr: 'int', euro: 'int' } },
};

describe('datastore ingest', () => {
  let t: TestApp;
  let files: FileServer;
  let base: string;
  let token: Record<string, string>;
  let routes: FileServer['routes'];

  before(async () => {
    t = await testApp({ datastoreLoad: { maxBytes: 5_000_000, fetchTimeoutMs: 2000, allowPrivate: true } });
    token = bearer(await t.token(await t.makeUser({ email: 'daten@giessen.test', roles: { giessen: 'editor' } })));
    files = await fileServer({ hang: '/haengt' });
    ({ routes, base } = files);
  });
  after(async () => {
    files?.close();
    await t?.close();
  });

  const createResource = async (name: string, url: string) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/3/action/package_create', headers: token, payload: { name, title: name, owner_org: 'giessen', resources: [{ url, format: 'CSV' }] } });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().result.resources[0].id as string;
  };
  const load = async (resourceId: string) => {
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/resources/${resourceId}/datastore/load`, headers: token, payload: {} });
    assert.equal(res.statusCode, 202, res.body);
    await t.jobs.runOnce();
    return (await t.app.inject({ url: `/api/v1/datastore/loads/${res.json().id}` })).json();
  };
  const rows = async (resourceId: string) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(`datastore.${resourceId}`)}`.execute(t.db)).rows[0]!.n;

  test('every CSV in shared/data/csv loads with the right column types', { timeout: 120_000 }, async () => {
    const all = readdirSync(CSV).flatMap((d) => readdirSync(path.join(CSV, d)).filter((f) => /\.csv$/i.test(f)).map((f) => `${d}/${f}`));
    assert.deepEqual(all.sort(), Object.keys(EXPECTED).sort(), 'every shared CSV has its expected types here');
    for (const [file, want] of Object.entries(EXPECTED)) {
      routes.set(`/${file}`, { body: readFileSync(path.join(CSV, file)) });
      const id = await createResource(`csv-${Object.keys(EXPECTED).indexOf(file)}`, `${base}/${file}`);
      const l = await load(id);
      assert.equal(l.status, 'succeeded', `${file}: ${l.error}`);
      assert.equal(l.row_count, want.rows, file);
      assert.equal(await rows(id), want.rows, file);
      const types = Object.fromEntries((l.fields as { id: string; type: string }[]).map((f) => [f.id, f.type]));
      for (const [col, type] of Object.entries(want.types)) assert.equal(types[col], type, `${file} ${col}`);
    }
  });

  test('values: decimal commas, dot thousands, codes, dates, and what was set aside', async () => {
    routes.set('/wahl.csv', { body: readFileSync(path.join(CSV, 'giessen-wahldaten/Bundestagswahl-Ergebnisse_2013.CSV')) });
    const id = await createResource('wahl', `${base}/wahl.csv`);
    const l = await load(id);
    const first = (await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(`datastore.${id}`)} ORDER BY _id LIMIT 1`.execute(t.db)).rows[0]!;
    assert.equal(first.Bereich, 'JOHANNESSTIFT');
    assert.equal(first['A1+A2'], 1132); // "1.132": German thousands
    assert.ok(l.problems.some((p: { reason: string; value: string }) => p.reason === 'Summenzeile nicht übernommen' && p.value === 'Gesamt'));
    const labels = (l.fields as { id: string; info?: { label?: string } }[]).find((f) => f.id === 'A1')!.info!.label;
    assert.equal(labels, 'Wahlb. ohne Sperrv. – A1'); // the stacked header rows as the label

    routes.set('/koeln.csv', { body: readFileSync(path.join(CSV, 'koeln/result_stadtbezirk.csv')) });
    const koeln = await createResource('koeln', `${base}/koeln.csv`);
    await load(koeln);
    const k = (await sql<{ w: string }>`SELECT "Wahlbeteiligung"::text AS w FROM ${sql.table(`datastore.${koeln}`)} ORDER BY _id LIMIT 1`.execute(t.db)).rows[0]!;
    assert.match(k.w, /^\d+\.\d+$/); // "65,26" became 65.26

    routes.set('/genesis.csv', { body: readFileSync(path.join(CSV, 'koeln/33111-02ir.csv')) });
    const genesis = await createResource('genesis', `${base}/genesis.csv`);
    const g = await load(genesis);
    assert.equal(g.dialect.encoding, 'windows-1252');
    assert.equal(l.dialect.passes, 1); // the first megabyte's types held for the whole file
    assert.ok(g.problems.some((p: { reason: string }) => /Fußnoten/.test(p.reason)));
    const gap = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(`datastore.${genesis}`)} WHERE "Moor" IS NULL`.execute(t.db)).rows[0]!;
    assert.ok(gap.n > 0, '"-" in a numeric column is empty, not text');
  });

  test('a bad file fails clearly and the previous version stays served; an unchanged file is not reloaded', async () => {
    routes.set('/park.csv', { body: 'zeit;frei\n2024-01-01T10:00:00;12\n2024-01-01T10:05:00;11\n', etag: '"v1"' });
    const id = await createResource('park', `${base}/park.csv`);
    const ok = await load(id);
    assert.equal(ok.status, 'succeeded');
    assert.equal(ok.version, 1);

    const again = await load(id);
    assert.equal(again.status, 'unchanged'); // 304 on If-None-Match

    for (const [body, type, why] of [
      ['<!DOCTYPE html><html><body>Wartung</body></html>', 'text/html', /HTML/],
      [Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00]), 'application/zip', /Binärdaten/],
      ['x'.repeat(6_000_000), 'text/csv', /Keine Tabelle/], // refused after the first megabyte, not after the download
      [`zeit;frei\n${'2024-01-01T10:00:00;1\n'.repeat(300_000)}`, 'text/csv', /größer als/], // over the limit while already loading
    ] as const) {
      routes.set('/park.csv', { body, type });
      const bad = await load(id);
      assert.equal(bad.status, 'failed');
      assert.match(bad.error, why);
      assert.equal(await rows(id), 2, 'old version still served');
    }
    routes.set('/park.csv', { status: 500, body: 'kaputt' });
    assert.match((await load(id)).error, /HTTP 500/);

    routes.set('/park.csv', { body: 'zeit;frei;belegt\n2024-01-01T10:00:00;12;3\n' });
    const v2 = await load(id);
    assert.equal(v2.status, 'succeeded');
    assert.equal(v2.version, 2);
    assert.deepEqual((v2.fields as { id: string }[]).map((f) => f.id), ['zeit', 'frei', 'belegt']);
    assert.equal(await rows(id), 1);
  });

  test('a URL that never answers times out; private addresses are refused by default; only editors load', async () => {
    const id = await createResource('haengt', `${base}/haengt`);
    const l = await load(id);
    assert.equal(l.status, 'failed');
    assert.match(l.error, /Zeitüberschreitung/);
    const other = bearer(await t.token(await t.makeUser({ email: 'x@frankfurt.test', roles: { frankfurt: 'editor' } })));
    assert.equal((await t.app.inject({ method: 'POST', url: `/api/v1/resources/${id}/datastore/load`, headers: other, payload: {} })).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'POST', url: `/api/v1/resources/${id}/datastore/load`, payload: {} })).statusCode, 401);
    assert.equal((await t.app.inject({ method: 'POST', url: `/api/v1/resources/${id}/datastore/load`, headers: token, payload: { url: 'ftp://x' } })).statusCode, 400);
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/resources/nicht-da/datastore/load', headers: token, payload: {} })).statusCode, 400);
  });

  test('types the first megabyte predicts but the rest of the file overturns: a second pass, right types; broken files fail clearly', async () => {
    // 100,000 integer rows (> 1 MB), then one decimal and one text code.
    const lines = ['Nr;Menge;Code'];
    for (let i = 1; i <= 100_000; i++) lines.push(`${i};${i % 1000};${i % 50}`);
    lines.push('100001;"1.234,5";A-7', '100002;\t;"mit ""Zitat""\nund Zeilenumbruch\\"');
    routes.set('/lang.csv', { body: `${lines.join('\r\n')}\r\n` });
    const id = await createResource('lang', `${base}/lang.csv`);
    const l = await load(id);
    assert.equal(l.status, 'succeeded', l.error);
    assert.equal(l.dialect.passes, 2);
    assert.deepEqual((l.fields as { id: string; type: string }[]).map((f) => f.type), ['int', 'numeric', 'text']);
    const last = (await sql<{ m: string; c: string }>`SELECT "Menge"::text AS m, "Code" AS c FROM ${sql.table(`datastore.${id}`)} ORDER BY _id DESC LIMIT 2`.execute(t.db)).rows;
    assert.deepEqual(last, [{ m: null, c: 'mit "Zitat"\nund Zeilenumbruch\\' }, { m: '1234.5', c: 'A-7' }]);
    assert.equal(await rows(id), 100_002);
    // The same bytes again (no ETag): the load already running alongside the download is rolled back.
    assert.equal((await load(id)).status, 'unchanged');
    const tables = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'datastore_data' AND tablename LIKE ${`${id}_v%`}`.execute(t.db);
    assert.equal(tables.rows[0]!.n, 1);

    // A stray Latin-1 byte far into a UTF-8 file, and a quote never closed: clear errors, v1 stays.
    for (const [body, why] of [
      [Buffer.concat([Buffer.from(`${lines.slice(0, 30_000).join('\n')}\n`), Buffer.from('30001;5;Gie\xdfen\n', 'latin1')]), /UTF-8/],
      [`${lines.slice(0, 5).join('\n')}\n6;7;"offen\n`, /Anführungszeichen/],
    ] as const) {
      routes.set('/lang.csv', { body });
      const bad = await load(id);
      assert.equal(bad.status, 'failed');
      assert.match(bad.error, why);
      assert.equal(await rows(id), 100_002, 'old version still served');
    }
  });

  test('column names with dots load; a loaded table takes pushed rows (datastore_upsert insert) after it', async () => {
    routes.set('/punkte.csv', { body: 'Öffentl. Zwecke;Wert\r\nSchule;1,5\r\nRathaus;2,25\r\n' });
    const id = await createResource('punkte', `${base}/punkte.csv`);
    const l = await load(id);
    assert.equal(l.status, 'succeeded', l.error);
    assert.deepEqual((l.fields as { id: string; type: string }[]).map((f) => [f.id, f.type]), [['Öffentl. Zwecke', 'text'], ['Wert', 'numeric']]);
    const push = await t.app.inject({ method: 'POST', url: '/api/3/action/datastore_upsert', headers: token, payload: { resource_id: id, method: 'insert', force: true, records: [{ 'Öffentl. Zwecke': 'Bad', Wert: 3 }] } });
    assert.equal(push.statusCode, 200, push.body);
    const all = (await sql<{ _id: number; w: string }>`SELECT _id, "Wert"::text AS w FROM ${sql.table(`datastore.${id}`)} ORDER BY _id`.execute(t.db)).rows;
    assert.deepEqual(all.map((r) => [Number(r._id), r.w]), [[1, '1.5'], [2, '2.25'], [3, '3']]);
  });
});
