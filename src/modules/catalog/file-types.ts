// The EU "File Type" authority table (http://publications.europa.eu/resource/authority/file-type/)
// as the catalogue uses it, in one place: the codes in use for open data, the labels publishers
// write for them ("Excel", "Shapefile", "GeoJSON"), their IANA media types and how the MQA judges
// them. The DCAT export (dct:format) and the metadata quality score (format vocabulary, K32,
// machine-readable, non-proprietary) both read this table, so a format the score accepts is one
// the export names, and the other way round.

export const FILE_TYPE_BASE = 'http://publications.europa.eu/resource/authority/file-type/';

/** Flags: m = machine-readable (a program can process it without a person interpreting it),
 *  o = open (non-proprietary: an open, freely usable specification by W3C, IETF, ISO, OGC, OASIS …),
 *  s = a service endpoint, not a file one downloads. */
type Flags = '' | 'm' | 'o' | 's' | 'mo' | 'ms' | 'os' | 'mos';
type Row = [code: string, flags: Flags, mediaType?: string | null, aliases?: string[]];

const ROWS: Row[] = [
  ['7Z', 'o'],
  ['ATOM', 'mo', 'application/atom+xml'],
  ['BMP', ''],
  ['BZIP2', 'o'],
  ['CSV', 'mo', 'text/csv'],
  ['DBF', 'm'],
  ['DGN', ''],
  ['DOC', '', 'application/msword'],
  ['DOCX', '', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ['DWG', ''],
  ['DXF', ''],
  ['ECW', ''],
  ['EPUB', 'o'],
  ['GDB', 'm'],
  ['GEOJSON', 'mo', 'application/geo+json', ['GEO+JSON', 'GEO JSON']],
  ['GEOTIFF', 'mo'],
  ['GIF', ''],
  ['GML', 'mo', 'application/gml+xml'],
  ['GMZ', ''],
  ['GPKG', 'mo', 'application/geopackage+sqlite3', ['GEOPACKAGE']],
  ['GRID', 'm'],
  ['GTFS', 'mo', null, ['GTFS-RT']],
  ['GZIP', 'o', 'application/gzip', ['GZ']],
  ['HDF', 'mo'],
  ['HTML', 'o', 'text/html', ['HTM']],
  ['ICS', 'mo', 'text/calendar', ['ICAL', 'ICALENDAR']],
  ['JPEG', 'o', 'image/jpeg', ['JPG']],
  ['JPEG2000', 'o'],
  ['JSON', 'mo', 'application/json'],
  ['JSON_LD', 'mo', 'application/ld+json', ['JSON-LD', 'JSONLD']],
  ['KML', 'mo', 'application/vnd.google-earth.kml+xml'],
  ['KMZ', 'mo', 'application/vnd.google-earth.kmz'],
  ['LAS', 'mo'],
  ['LAZ', 'mo'],
  ['MAP_SRVC', 's'],
  ['MDB', 'm'],
  ['MXD', ''],
  ['N3', 'mo', 'text/n3'],
  ['NETCDF', 'mo', 'application/netcdf', ['NC']],
  ['ODG', 'o'],
  ['ODP', 'o'],
  ['ODS', 'mo', 'application/vnd.oasis.opendocument.spreadsheet'],
  ['ODT', 'o', 'application/vnd.oasis.opendocument.text'],
  ['PARQUET', 'mo', 'application/vnd.apache.parquet'],
  ['PDF', 'o', 'application/pdf'],
  ['PDFA1A', 'o'],
  ['PDFA1B', 'o', null, ['PDF/A']],
  ['PDFA2A', 'o'],
  ['PDFA2B', 'o'],
  ['PDFA3', 'o'],
  ['PNG', 'o', 'image/png'],
  ['PPT', ''],
  ['PPTX', ''],
  ['RAR', ''],
  ['RDF_N_QUADS', 'mo', 'application/n-quads', ['NQ']],
  ['RDF_N_TRIPLES', 'mo', 'application/n-triples', ['NT', 'N-TRIPLES', 'NTRIPLES']],
  ['RDF_TRIG', 'mo', 'application/trig', ['TRIG']],
  ['RDF_TURTLE', 'mo', 'text/turtle', ['TTL', 'TURTLE']],
  ['RDF_XML', 'mo', 'application/rdf+xml', ['RDF', 'RDF/XML', 'RDF+XML']],
  ['REST', 'ms', null, ['API']],
  ['RSS', 'mo', 'application/rss+xml'],
  ['RTF', 'o'],
  ['SHP', 'm', null, ['SHAPE', 'SHAPEFILE', 'ESRI SHAPEFILE']],
  ['SPARQLQ', 'mos'],
  ['SQL', 'mo', 'application/sql'],
  ['SVG', 'o', 'image/svg+xml'],
  ['TAR', 'o'],
  ['TAR_GZ', 'o', null, ['TGZ']],
  ['TIFF', 'o', 'image/tiff', ['TIF']],
  ['TSV', 'mo', 'text/tab-separated-values'],
  ['TXT', 'o', 'text/plain', ['TEXT']],
  ['WCS_SRVC', 'mos', null, ['WCS']],
  ['WFS_SRVC', 'mos', null, ['WFS']],
  ['WMS_SRVC', 'os', null, ['WMS']],
  ['WMTS_SRVC', 'os', null, ['WMTS']],
  ['XHTML', 'o', 'application/xhtml+xml'],
  ['XLS', 'm', 'application/vnd.ms-excel'],
  ['XLSB', 'm'],
  ['XLSM', 'm'],
  ['XLSX', 'm', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ['EXCEL']],
  ['XML', 'mo', 'application/xml'],
  ['XSLT', ''],
  ['YAML', 'mo', 'application/yaml', ['YML']],
  ['ZIP', 'o', 'application/zip'],
]

export type FileType = { code: string; iri: string; mediaType: string | null; machineReadable: boolean; nonProprietary: boolean; service: boolean };

const BY_CODE = new Map<string, FileType>(ROWS.map(([code, flags, mediaType]) => [code, {
  code, iri: FILE_TYPE_BASE + code, mediaType: mediaType ?? null,
  machineReadable: flags.includes('m'), nonProprietary: flags.includes('o'), service: flags.includes('s'),
}]));
const BY_ALIAS = new Map(ROWS.flatMap(([code, , , aliases]) => (aliases ?? []).map((a) => [a, code] as const)));
const BY_MEDIA_TYPE = new Map(ROWS.filter((r) => r[2]).map(([code, , mediaType]) => [mediaType!, code]));

/** The EU code for a format label ("csv", "Shapefile", ".geojson"), its EU IRI or a media type
 *  ("text/csv"); undefined when it is none we know. */
export function formatCode(format: string | null | undefined): string | undefined {
  let f = (format ?? '').trim();
  if (!f) return undefined;
  if (f.toLowerCase().startsWith(FILE_TYPE_BASE.toLowerCase())) f = f.slice(FILE_TYPE_BASE.length);
  const byMediaType = BY_MEDIA_TYPE.get(f.toLowerCase().split(';')[0]!.trim());
  if (byMediaType) return byMediaType;
  const upper = f.toUpperCase().replace(/^\./, '');
  if (BY_CODE.has(upper)) return upper;
  const underscored = upper.replace(/[-\s]+/g, '_'); // "JSON LD", "tar-gz"
  return BY_ALIAS.get(upper) ?? (BY_CODE.has(underscored) ? underscored : undefined);
}

/** The table row of a format label, IRI or media type (its `iri` is the export's dct:format). */
export const fileType = (format: string | null | undefined): FileType | undefined => BY_CODE.get(formatCode(format) ?? '');

/** The IANA media type of a code, where the table knows one. */
export const mediaTypeOfCode = (code: string | undefined): string | undefined => BY_CODE.get(code ?? '')?.mediaType ?? undefined;

/** True for a media type the table maps to a code ("text/csv"). */
export const isFileTypeMediaType = (mediaType: string) => BY_MEDIA_TYPE.has(mediaType);
