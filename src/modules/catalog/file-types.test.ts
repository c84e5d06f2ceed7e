// The one table of EU file types: the mappings the DCAT export and the quality score rely on,
// locked, so that a change to the table is a deliberate one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FILE_TYPE_BASE, fileType, formatCode, mediaTypeOfCode } from './file-types.ts';

type Want = { code: string; mediaType: string | null; machineReadable: boolean; nonProprietary: boolean; service: boolean };
const W = (code: string, mediaType: string | null, flags: string): Want =>
  ({ code, mediaType, machineReadable: flags.includes('m'), nonProprietary: flags.includes('o'), service: flags.includes('s') });

// label as publishers write it → what the table says (m machine-readable, o open, s service)
const LOCKED: [string, Want][] = [
  ['CSV', W('CSV', 'text/csv', 'mo')],
  ['json', W('JSON', 'application/json', 'mo')],
  ['GeoJSON', W('GEOJSON', 'application/geo+json', 'mo')],
  ['XLSX', W('XLSX', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'm')],
  ['Excel', W('XLSX', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'm')],
  ['xls', W('XLS', 'application/vnd.ms-excel', 'm')],
  ['PDF', W('PDF', 'application/pdf', 'o')],
  ['XML', W('XML', 'application/xml', 'mo')],
  ['RDF', W('RDF_XML', 'application/rdf+xml', 'mo')],
  ['RDF/XML', W('RDF_XML', 'application/rdf+xml', 'mo')],
  ['TTL', W('RDF_TURTLE', 'text/turtle', 'mo')],
  ['Turtle', W('RDF_TURTLE', 'text/turtle', 'mo')],
  ['JSON-LD', W('JSON_LD', 'application/ld+json', 'mo')],
  ['ZIP', W('ZIP', 'application/zip', 'o')],
  ['SHP', W('SHP', null, 'm')],
  ['Shapefile', W('SHP', null, 'm')],
  ['WMS', W('WMS_SRVC', null, 'os')],
  ['WFS', W('WFS_SRVC', null, 'mos')],
  ['ODS', W('ODS', 'application/vnd.oasis.opendocument.spreadsheet', 'mo')],
  ['HTML', W('HTML', 'text/html', 'o')],
];

test('the important formats map to their EU code, media type and MQA flags', () => {
  for (const [label, want] of LOCKED) {
    const t = fileType(label);
    assert.ok(t, label);
    assert.deepEqual({ code: t.code, mediaType: t.mediaType, machineReadable: t.machineReadable, nonProprietary: t.nonProprietary, service: t.service }, want, label);
    assert.equal(t.iri, `${FILE_TYPE_BASE}${want.code}`, label);
  }
});

test('labels, IRIs and media types all lead to the code; unknown formats to nothing', () => {
  assert.equal(formatCode(' .csv '), 'CSV');
  assert.equal(formatCode('json ld'), 'JSON_LD');
  assert.equal(formatCode('ESRI Shapefile'), 'SHP');
  assert.equal(formatCode(`${FILE_TYPE_BASE}RDF_TURTLE`), 'RDF_TURTLE');
  assert.equal(formatCode('text/csv; charset=utf-8'), 'CSV');
  assert.equal(formatCode('application/vnd.ms-excel'), 'XLS');
  assert.equal(mediaTypeOfCode('GEOJSON'), 'application/geo+json');
  for (const none of ['Tabelle', 'Link', '', null, undefined, 'text/x-unbekannt']) assert.equal(fileType(none), undefined, String(none));
});
