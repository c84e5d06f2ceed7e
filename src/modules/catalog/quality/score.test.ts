// The quality score as a pure function: MQA points and bands, best-distribution rule, shares,
// stale link checks, and the German hints a publisher gets.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIMENSION_MAX, MAX_POINTS, ratingOf, scoreDataset, type LinkCheck, type QualityDataset, type QualityResource } from './score.ts';
import { formatCode } from '../file-types.ts';
import { formatOfUrl } from './formats.ts';

const DL_BY = 'http://dcat-ap.de/def/licenses/dl-by-de/2.0';
const dataset = (over: Partial<QualityDataset> = {}): QualityDataset => ({
  title: 'Parkhäuser Gießen', notes: 'Belegung der Parkhäuser.', tags: ['Parken'], themes: ['tran'], license_id: DL_BY,
  author: null, author_email: null, maintainer: 'Stadt Gießen, Verkehrsamt', maintainer_email: 'verkehr@giessen.example',
  temporal_start: '2024-01-01T00:00:00Z', temporal_end: null, issued: '2024-01-15T00:00:00Z', modified: '2024-06-01T00:00:00Z',
  extras: { contributorID: '["http://dcat-ap.de/def/contributors/stadtGiessen"]', access_rights: 'http://publications.europa.eu/resource/authority/access-right/PUBLIC', licenseAttributionByText: 'Stadt Gießen' },
  org_title: 'Gießen', tenant_ags: '06531005', ...over,
});
let n = 0;
const resource = (over: Partial<QualityResource> = {}): QualityResource => ({
  id: `r${++n}`, name: 'Belegung', url: `https://daten.example/belegung-${n}.csv`, format: 'CSV', mimetype: 'text/csv', size: 1234, license_id: null, url_type: null, ...over,
});
const ok = (r: QualityResource, over: Partial<LinkCheck> = {}): [string, LinkCheck] => [r.id, {
  url: r.url, ok: true, status: 200, error: null, detail: null, checked_at: new Date(), content_type: 'text/csv; charset=utf-8', content_length: 1234, final_url: r.url, failing_since: null, ...over,
}];
const score = (d: QualityDataset, rs: QualityResource[], checks: [string, LinkCheck][] = rs.map((r) => ok(r))) => scoreDataset(d, rs, new Map(checks));
const texts = (r: ReturnType<typeof score>) => r.hints.map((h) => h.text);
const ind = (r: ReturnType<typeof score>, id: string) => r.dimensions.flatMap((d) => d.indicators).find((i) => i.id === id)!;

describe('metadata quality score', () => {
  test('the indicators add up to the MQA maximum of 405 per dimension as in the MQA', () => {
    const r = score(dataset(), [resource()]);
    assert.equal(r.maxPoints, MAX_POINTS);
    assert.deepEqual(r.dimensions.map((d) => [d.id, d.maxPoints]), [['findability', 100], ['accessibility', 100], ['interoperability', 110], ['reusability', 75], ['contextuality', 20]]);
    assert.equal(r.dimensions.reduce((s, d) => s + d.maxPoints, 0), 405);
    for (const d of r.dimensions) assert.equal(d.maxPoints, DIMENSION_MAX[d.id]);
  });

  test('a complete dataset with a reachable CSV gets all points, rating excellent, no hints', () => {
    const r = score(dataset(), [resource()]);
    assert.equal(r.points, 405);
    assert.equal(r.rating, 'excellent');
    assert.equal(r.ratingLabel, 'Ausgezeichnet');
    assert.deepEqual(r.hints, []);
  });

  test('the MQA rating bands', () => {
    assert.deepEqual([405, 351, 350.9, 221, 220.9, 121, 120.9, 0].map(ratingOf), ['excellent', 'excellent', 'good', 'good', 'sufficient', 'sufficient', 'bad', 'bad']);
  });

  test('without a licence: 60 points less (licence, vocabulary, DCAT-AP.de K31), rating good, hint "Lizenz angeben"', () => {
    const r = score(dataset({ license_id: null }), [resource()]);
    assert.equal(r.points, 345);
    assert.equal(r.rating, 'good');
    const hint = r.hints.find((h) => h.text.startsWith('Lizenz angeben'));
    assert.ok(hint, texts(r).join('\n'));
    assert.equal(hint.gain, 30, 'licence and licence vocabulary in one hint');
    // One resource with, one without: the hint says so.
    const partly = score(dataset({ license_id: null }), [resource({ license_id: DL_BY }), resource()]);
    assert.ok(texts(partly).some((t) => t.startsWith('Lizenz für alle Ressourcen angeben')));
    assert.equal(ind(partly, 'license').points, 10);
    assert.ok(texts(r).includes('DCAT-AP.de: Ressource „Belegung“: Lizenz aus der Liste von dcat-ap.de fehlt (K31) – ohne sie fehlt der Datensatz im DCAT-AP.de-Katalog'));
    // A licence on the resource itself is enough.
    assert.equal(score(dataset({ license_id: null }), [resource({ license_id: DL_BY })]).points, 405);
  });

  test('a dataset without resources: hint to add one, and a dataset-level licence hint "Lizenz angeben"', () => {
    const r = score(dataset({ license_id: null }), []);
    assert.equal(ind(r, 'accessUrl').points, 0);
    assert.equal(ind(r, 'format').points, 0);
    assert.equal(r.hints[0]!.text, 'Mindestens eine Ressource (Datei oder Schnittstelle) mit Adresse hinzufügen');
    assert.ok(r.hints[0]!.gain > 100, 'adding a resource is worth the most');
    assert.ok(texts(r).some((t) => t.startsWith('Lizenz angeben')));
  });

  test('an unreachable resource: "Ressourcen-URL nicht erreichbar (HTTP 404)" worth access and download points', () => {
    const a = resource({ name: 'Belegung 2023' });
    const b = resource({ name: 'Belegung 2024' });
    const r = score(dataset(), [a, b], [ok(a), ok(b, { ok: false, status: 404, error: 'http' })]);
    assert.equal(ind(r, 'accessUrl').points, 25);
    assert.equal(ind(r, 'downloadUrlReachable').points, 15);
    const h = r.hints.find((x) => x.text === 'Ressource „Belegung 2024“: Ressourcen-URL nicht erreichbar (HTTP 404)');
    assert.ok(h, texts(r).join('\n'));
    assert.equal(h.gain, 40);
    assert.equal(h.resourceId, b.id);
    assert.deepEqual(h.indicators, ['accessUrl', 'downloadUrlReachable']);
  });

  test('link check errors in German; unchecked, stale (URL changed) and non-http links get no access points', () => {
    const [t, d, p, f] = [resource(), resource(), resource(), resource({ url: 'ftp://daten.example/x.csv' })];
    const r = score(dataset(), [t, d, p, f], [ok(t, { ok: false, status: null, error: 'timeout' }), ok(d, { ok: false, status: null, error: 'dns' }), ok(p, { url: 'https://old.example/x.csv' })]);
    assert.equal(ind(r, 'accessUrl').points, 0);
    const all = texts(r).join('\n');
    assert.match(all, /Ressourcen-URL nicht erreichbar \(keine Antwort in der Wartezeit\)/);
    assert.match(all, /Ressourcen-URL nicht erreichbar \(Servername unbekannt\)/);
    assert.match(all, /Erreichbarkeit noch nicht geprüft/);
    assert.match(all, /URL nicht prüfbar: nur http- und https-Adressen/);
  });

  test('a PDF only: "Maschinenlesbares Format wie CSV statt PDF anbieten"; PDF is open, so no proprietary hint', () => {
    const pdf = resource({ name: 'Bericht', format: 'PDF', mimetype: 'application/pdf', url: 'https://daten.example/bericht.pdf' });
    const r = score(dataset(), [pdf]);
    assert.equal(ind(r, 'machineReadable').points, 0);
    assert.equal(ind(r, 'nonProprietary').points, 20);
    assert.ok(texts(r).includes('Maschinenlesbares Format wie CSV statt PDF anbieten'), texts(r).join('\n'));
    assert.equal(r.points, 385);
  });

  test('interoperability counts the best resource: PDF beside CSV costs nothing', () => {
    const r = score(dataset(), [resource({ format: 'PDF', mimetype: null, url: 'https://daten.example/b.pdf' }), resource()]);
    assert.equal(r.dimensions.find((d) => d.id === 'interoperability')!.points, 110);
  });

  test('XLSX: machine-readable but proprietary; no media type: suggestion from the vocabulary', () => {
    const r = score(dataset(), [resource({ format: 'XLSX', mimetype: null, url: 'https://daten.example/t.xlsx' })]);
    assert.equal(ind(r, 'nonProprietary').points, 0);
    assert.equal(ind(r, 'machineReadable').points, 20);
    assert.ok(texts(r).includes('Offenes Format wie CSV oder ODS statt XLSX anbieten'));
    assert.ok(texts(r).includes('Ressource „Belegung“: Medientyp (MIME-Typ) angeben, z. B. application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'));
  });

  test('an unknown format breaks vocabulary and DCAT-AP.de K32; a missing format gives one format hint', () => {
    const r = score(dataset(), [resource({ format: 'EXCELTABELLE', mimetype: null })]);
    assert.equal(ind(r, 'formatVocabulary').points, 0);
    assert.equal(ind(r, 'dcatApDe').points, 0);
    assert.ok(texts(r).some((t) => t.includes('(K32)')));
    const none = score(dataset(), [resource({ format: '', mimetype: null, url: 'https://daten.example/x' })]);
    const formatHints = none.hints.filter((h) => h.text === 'Ressource „Belegung“: Format angeben (z. B. CSV)');
    assert.equal(formatHints.length, 1);
    assert.equal(formatHints[0]!.gain, 70); // format, vocabulary, open, machine-readable
  });

  test('a web page is no download URL; a served file (content type) or an upload is', () => {
    const page = resource({ url: 'https://daten.example/parken', format: 'CSV' });
    const r = score(dataset(), [page], [ok(page, { content_type: 'text/html; charset=utf-8' })]);
    assert.equal(ind(r, 'downloadUrl').points, 0);
    assert.ok(texts(r).includes('Ressource „Belegung“: direkten Download-Link auf die Datei angeben statt einer Webseite'));
    assert.equal(ind(score(dataset(), [page], [ok(page)]), 'downloadUrl').points, 20);
    assert.equal(ind(score(dataset(), [{ ...page, url_type: 'upload' }], [ok(page, { content_type: null })]), 'downloadUrl').points, 20);
  });

  test('missing findability, reusability and context fields each have their hint', () => {
    const r = score(dataset({ tags: [], themes: [], temporal_start: null, maintainer: null, maintainer_email: null, issued: null, modified: null, extras: {} }), [resource({ size: null })], []);
    const all = texts(r);
    for (const start of ['Schlagwörter angeben', 'Mindestens eine Kategorie', 'Zeitraum angeben', 'Kontaktstelle angeben', 'Zugangsbeschränkung angeben',
      'Rechte- bzw. Namensnennungshinweis angeben', 'Veröffentlichungsdatum angeben', 'Datum der letzten Änderung']) {
      assert.ok(all.some((t) => t.startsWith(start)), `${start} fehlt in:\n${all.join('\n')}`);
    }
    assert.ok(all.includes('Ressource „Belegung“: Dateigröße in Byte angeben'));
    assert.equal(r.points, 190); // 405 − 135 for the fields − 80 for the link not yet checked
    assert.equal(r.rating, 'sufficient');
    // Sorted by what they bring.
    assert.deepEqual(r.hints.map((h) => h.gain), [...r.hints.map((h) => h.gain)].sort((a, b) => b - a));
  });

  test('the byte size hint quotes the size the server reported', () => {
    const res = resource({ size: null });
    assert.ok(texts(score(dataset(), [res], [ok(res, { content_length: 52_000 })])).includes('Ressource „Belegung“: Dateigröße in Byte angeben (laut Server 52000 Byte)'));
  });

  test('a contact with a name only counts; a missing description breaks DCAT-AP.de', () => {
    const r = score(dataset({ maintainer_email: null, notes: ' ' }), [resource()]);
    assert.equal(ind(r, 'contactPoint').points, 20);
    assert.equal(ind(r, 'dcatApDe').points, 0);
    assert.ok(texts(r).some((t) => t.startsWith('DCAT-AP.de: Beschreibung (dct:description) fehlt')), texts(r).join('\n'));
  });

  test('formats: EU codes from labels, IRIs, media types and file names', () => {
    assert.equal(formatCode('csv'), 'CSV');
    assert.equal(formatCode('Shapefile'), 'SHP');
    assert.equal(formatCode('GeoJSON'), 'GEOJSON');
    assert.equal(formatCode('http://publications.europa.eu/resource/authority/file-type/RDF_TURTLE'), 'RDF_TURTLE');
    assert.equal(formatCode('text/csv'), 'CSV');
    assert.equal(formatCode('WMS'), 'WMS_SRVC');
    assert.equal(formatCode('Tabelle'), undefined);
    assert.equal(formatOfUrl('https://x.example/a/b.geojson?x=1'), 'GEOJSON');
    assert.equal(formatOfUrl('https://x.example/index.php'), undefined);
    assert.equal(formatOfUrl('https://x.example/data.tar.gz'), 'TAR_GZ');
  });
});
