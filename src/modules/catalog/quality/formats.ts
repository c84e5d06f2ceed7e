// Formats as the MQA judges them: codes of the EU "File Type" authority table
// (http://publications.europa.eu/resource/authority/file-type/), which of them are machine-
// readable and which non-proprietary, and their IANA media types. Our resources carry CKAN-style
// labels ("CSV", "GeoJSON", "Shapefile") or the EU IRI; formatCode() maps both to the EU code.

export const FILE_TYPE_BASE = 'http://publications.europa.eu/resource/authority/file-type/';

/** EU file-type codes in use for open data (a subset of the authority table). */
export const FILE_TYPES = new Set([
  '7Z', 'ATOM', 'BMP', 'BZIP2', 'CSV', 'DBF', 'DGN', 'DOC', 'DOCX', 'DWG', 'DXF', 'ECW', 'EPUB', 'GDB', 'GEOJSON', 'GEOTIFF',
  'GIF', 'GML', 'GMZ', 'GPKG', 'GRID', 'GTFS', 'GZIP', 'HDF', 'HTML', 'ICS', 'JPEG', 'JPEG2000', 'JSON', 'JSON_LD', 'KML',
  'KMZ', 'LAS', 'LAZ', 'MAP_SRVC', 'MDB', 'MXD', 'N3', 'NETCDF', 'ODS', 'ODT', 'ODP', 'ODG', 'PARQUET', 'PDF', 'PDFA1A',
  'PDFA1B', 'PDFA2A', 'PDFA2B', 'PDFA3', 'PNG', 'PPT', 'PPTX', 'RAR', 'RDF_N_QUADS', 'RDF_N_TRIPLES', 'RDF_TRIG',
  'RDF_TURTLE', 'RDF_XML', 'REST', 'RSS', 'RTF', 'SHP', 'SPARQLQ', 'SQL', 'SVG', 'TAR', 'TAR_GZ', 'TIFF', 'TSV', 'TXT',
  'WCS_SRVC', 'WFS_SRVC', 'WMS_SRVC', 'WMTS_SRVC', 'XHTML', 'XLS', 'XLSB', 'XLSM', 'XLSX', 'XML', 'XSLT', 'YAML', 'ZIP',
]);

/** Labels people write that mean an EU code. */
const ALIASES: Record<string, string> = {
  'GEO+JSON': 'GEOJSON', 'GEO JSON': 'GEOJSON', SHAPE: 'SHP', SHAPEFILE: 'SHP', 'ESRI SHAPEFILE': 'SHP', 'JSON-LD': 'JSON_LD',
  JSONLD: 'JSON_LD', TTL: 'RDF_TURTLE', TURTLE: 'RDF_TURTLE', RDF: 'RDF_XML', 'RDF/XML': 'RDF_XML', 'RDF+XML': 'RDF_XML',
  NT: 'RDF_N_TRIPLES', 'N-TRIPLES': 'RDF_N_TRIPLES', NTRIPLES: 'RDF_N_TRIPLES', NQ: 'RDF_N_QUADS', TRIG: 'RDF_TRIG',
  WMS: 'WMS_SRVC', WFS: 'WFS_SRVC', WCS: 'WCS_SRVC', WMTS: 'WMTS_SRVC', GZ: 'GZIP', TGZ: 'TAR_GZ', TIF: 'TIFF', JPG: 'JPEG',
  TEXT: 'TXT', HTM: 'HTML', ICAL: 'ICS', ICALENDAR: 'ICS', EXCEL: 'XLSX', GEOPACKAGE: 'GPKG', YML: 'YAML', NC: 'NETCDF',
  'GTFS-RT': 'GTFS', API: 'REST', 'PDF/A': 'PDFA1B',
};

/** IANA media types of the common codes (for hints and as a second way into the vocabulary). */
export const MEDIA_TYPES: Record<string, string> = {
  CSV: 'text/csv', TSV: 'text/tab-separated-values', JSON: 'application/json', GEOJSON: 'application/geo+json',
  JSON_LD: 'application/ld+json', XML: 'application/xml', RDF_XML: 'application/rdf+xml', RDF_TURTLE: 'text/turtle',
  RDF_N_TRIPLES: 'application/n-triples', RDF_N_QUADS: 'application/n-quads', RDF_TRIG: 'application/trig', N3: 'text/n3',
  PDF: 'application/pdf', HTML: 'text/html', XHTML: 'application/xhtml+xml', TXT: 'text/plain', ICS: 'text/calendar',
  XLS: 'application/vnd.ms-excel', XLSX: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  DOC: 'application/msword', DOCX: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  ODS: 'application/vnd.oasis.opendocument.spreadsheet', ODT: 'application/vnd.oasis.opendocument.text',
  ZIP: 'application/zip', GZIP: 'application/gzip', KML: 'application/vnd.google-earth.kml+xml',
  KMZ: 'application/vnd.google-earth.kmz', GML: 'application/gml+xml', GPKG: 'application/geopackage+sqlite3',
  PNG: 'image/png', JPEG: 'image/jpeg', TIFF: 'image/tiff', SVG: 'image/svg+xml', ATOM: 'application/atom+xml',
  RSS: 'application/rss+xml', NETCDF: 'application/netcdf', SQL: 'application/sql', YAML: 'application/yaml',
  PARQUET: 'application/vnd.apache.parquet',
};
const CODE_BY_MEDIA_TYPE = new Map(Object.entries(MEDIA_TYPES).map(([code, mt]) => [mt, code]));
const MORE_MEDIA_TYPES = ['application/x-zip-compressed', 'text/xml', 'application/vnd.geo+json', 'application/x-shapefile', 'application/octet-stream'];
const KNOWN_MEDIA_TYPES = new Set([...Object.values(MEDIA_TYPES), ...MORE_MEDIA_TYPES]);

/** Data a program can read and process without a person interpreting it. */
const MACHINE_READABLE = new Set([
  'CSV', 'TSV', 'JSON', 'GEOJSON', 'JSON_LD', 'XML', 'RDF_XML', 'RDF_TURTLE', 'RDF_N_TRIPLES', 'RDF_N_QUADS', 'RDF_TRIG', 'N3',
  'XLS', 'XLSX', 'XLSB', 'XLSM', 'ODS', 'DBF', 'MDB', 'GML', 'KML', 'KMZ', 'GPKG', 'SHP', 'GDB', 'GTFS', 'ICS', 'ATOM', 'RSS',
  'NETCDF', 'HDF', 'PARQUET', 'SQL', 'YAML', 'WFS_SRVC', 'WCS_SRVC', 'SPARQLQ', 'REST', 'LAS', 'LAZ', 'GEOTIFF', 'GRID',
]);

/** Formats with an open, freely usable specification (W3C, IETF, ISO, OGC, OASIS …). */
const NON_PROPRIETARY = new Set([
  'CSV', 'TSV', 'JSON', 'GEOJSON', 'JSON_LD', 'XML', 'RDF_XML', 'RDF_TURTLE', 'RDF_N_TRIPLES', 'RDF_N_QUADS', 'RDF_TRIG', 'N3',
  'ODS', 'ODT', 'ODP', 'ODG', 'GML', 'KML', 'KMZ', 'GPKG', 'GTFS', 'ICS', 'ATOM', 'RSS', 'NETCDF', 'HDF', 'PARQUET', 'SQL',
  'YAML', 'HTML', 'XHTML', 'TXT', 'PDF', 'PDFA1A', 'PDFA1B', 'PDFA2A', 'PDFA2B', 'PDFA3', 'PNG', 'JPEG', 'JPEG2000', 'TIFF',
  'GEOTIFF', 'SVG', 'ZIP', 'GZIP', 'TAR', 'TAR_GZ', 'BZIP2', '7Z', 'WMS_SRVC', 'WFS_SRVC', 'WCS_SRVC', 'WMTS_SRVC', 'SPARQLQ',
  'LAS', 'LAZ', 'EPUB', 'RTF',
]);

/** Formats that describe a service endpoint, not a file one downloads. */
export const SERVICE_FORMATS = new Set(['WMS_SRVC', 'WFS_SRVC', 'WCS_SRVC', 'WMTS_SRVC', 'MAP_SRVC', 'SPARQLQ', 'REST']);

/** The EU code for a format label, IRI or media type; undefined when it is none we know. */
export function formatCode(format: string | null | undefined): string | undefined {
  let f = (format ?? '').trim();
  if (!f) return undefined;
  if (f.toLowerCase().startsWith(FILE_TYPE_BASE.toLowerCase())) f = f.slice(FILE_TYPE_BASE.length);
  const byMediaType = CODE_BY_MEDIA_TYPE.get(f.toLowerCase().split(';')[0]!.trim());
  if (byMediaType) return byMediaType;
  const upper = f.toUpperCase().replace(/^\./, '');
  if (FILE_TYPES.has(upper)) return upper;
  return ALIASES[upper] ?? (FILE_TYPES.has(upper.replace(/[-\s]/g, '_')) ? upper.replace(/[-\s]/g, '_') : undefined);
}

/** The EU code a URL's file name extension stands for ("…/daten.csv" → CSV). */
export function formatOfUrl(url: string): string | undefined {
  let path: string;
  try {
    path = new URL(url).pathname.toLowerCase();
  } catch {
    return undefined;
  }
  if (path.endsWith('.tar.gz')) return 'TAR_GZ';
  const ext = /\.([a-z0-9]{1,8})$/.exec(path)?.[1];
  if (!ext || ['php', 'asp', 'aspx', 'jsp', 'cgi', 'do', 'html', 'htm'].includes(ext)) return undefined;
  return formatCode(ext);
}

export const isMachineReadable = (code: string | undefined) => !!code && MACHINE_READABLE.has(code);
export const isNonProprietary = (code: string | undefined) => !!code && NON_PROPRIETARY.has(code);
/** A media type from the IANA register (as far as we know it): "text/csv", not "csv". */
export const isKnownMediaType = (mt: string | null | undefined) => !!mt && KNOWN_MEDIA_TYPES.has(mt.toLowerCase().split(';')[0]!.trim());
/** The bare media type of a Content-Type header. */
export const mediaTypeOf = (contentType: string | null | undefined) => contentType?.split(';')[0]?.trim().toLowerCase() || undefined;
