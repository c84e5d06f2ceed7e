// What an uploaded file is, from its first bytes and its name, never from what the client
// claims: the media type it is served with, or the reason it is refused (programs and scripts
// have no place in an open data portal, and would be served from the portal's own origin).

export type Sniffed = { ok: true; contentType: string } | { ok: false; reason: string };

/** How many leading bytes sniff() looks at. */
export const SNIFF_BYTES = 4096;

// Executable formats by magic number.
const EXECUTABLE_MAGIC: [string, number[]][] = [
  ['Windows-Programm (PE/MZ)', [0x4d, 0x5a]],
  ['Linux-Programm (ELF)', [0x7f, 0x45, 0x4c, 0x46]],
  ['macOS-Programm (Mach-O)', [0xfe, 0xed, 0xfa, 0xce]],
  ['macOS-Programm (Mach-O)', [0xfe, 0xed, 0xfa, 0xcf]],
  ['macOS-Programm (Mach-O)', [0xce, 0xfa, 0xed, 0xfe]],
  ['macOS-Programm (Mach-O)', [0xcf, 0xfa, 0xed, 0xfe]],
  ['macOS-Programm oder Java-Klasse', [0xca, 0xfe, 0xba, 0xbe]],
  ['WebAssembly-Modul', [0x00, 0x61, 0x73, 0x6d]],
  ['Skript (#!)', [0x23, 0x21]],
];

// Extensions of programs, installers and scripts that Windows, macOS or Linux run on a click.
const EXECUTABLE_EXT = new Set([
  'exe', 'dll', 'com', 'scr', 'pif', 'cpl', 'msi', 'msp', 'msc', 'bat', 'cmd', 'ps1', 'psm1', 'vbs', 'vbe', 'js', 'jse', 'mjs', 'wsf',
  'wsh', 'hta', 'lnk', 'reg', 'jar', 'apk', 'app', 'dmg', 'pkg', 'deb', 'rpm', 'sh', 'bash', 'zsh', 'csh', 'run', 'so', 'dylib',
  'elf', 'appimage', 'msix', 'appx', 'gadget', 'application', 'scf', 'inf', 'sys', 'drv', 'ocx',
]);

// Media types by extension (IANA), for formats without a reliable magic number.
const BY_EXT: Record<string, string> = {
  csv: 'text/csv', tsv: 'text/tab-separated-values', txt: 'text/plain', md: 'text/markdown', json: 'application/json',
  geojson: 'application/geo+json', jsonld: 'application/ld+json', ndjson: 'application/x-ndjson', xml: 'application/xml',
  rdf: 'application/rdf+xml', ttl: 'text/turtle', nt: 'application/n-triples', n3: 'text/n3', gml: 'application/gml+xml',
  kml: 'application/vnd.google-earth.kml+xml', gpx: 'application/gpx+xml', atom: 'application/atom+xml', rss: 'application/rss+xml',
  html: 'text/html', htm: 'text/html', svg: 'image/svg+xml', ics: 'text/calendar', sql: 'application/sql', yaml: 'application/yaml',
  yml: 'application/yaml', pdf: 'application/pdf', zip: 'application/zip', gz: 'application/gzip', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  ods: 'application/vnd.oasis.opendocument.spreadsheet', odt: 'application/vnd.oasis.opendocument.text', kmz: 'application/vnd.google-earth.kmz',
  xls: 'application/vnd.ms-excel', doc: 'application/msword', ppt: 'application/vnd.ms-powerpoint', parquet: 'application/vnd.apache.parquet',
  gpkg: 'application/geopackage+sqlite3', shp: 'application/vnd.shp', dbf: 'application/dbase', png: 'image/png', jpg: 'image/jpeg',
  jpeg: 'image/jpeg', gif: 'image/gif', tif: 'image/tiff', tiff: 'image/tiff', webp: 'image/webp',
};
const ZIP_BASED = new Set(['zip', 'xlsx', 'docx', 'pptx', 'ods', 'odt', 'kmz']);
const OLE_BASED = new Set(['xls', 'doc', 'ppt']);
const XML_BASED = new Set(['xml', 'rdf', 'gml', 'kml', 'gpx', 'atom', 'rss', 'svg', 'html', 'htm']);

export function extensionOf(filename: string): string {
  const m = /\.([a-z0-9]{1,12})$/i.exec(filename.trim());
  return m ? m[1]!.toLowerCase() : '';
}

const startsWith = (b: Buffer, bytes: number[], at = 0) => bytes.every((x, i) => b[at + i] === x);
const ascii = (b: Buffer, s: string, at = 0) => b.subarray(at, at + s.length).toString('latin1') === s;

/** Text when the head has no NUL byte and no other control characters outside whitespace. */
function looksLikeText(head: Buffer): boolean {
  for (const c of head) if (c === 0 || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x1b)) return false;
  return true;
}

export function sniff(head: Buffer, filename: string): Sniffed {
  const ext = extensionOf(filename);
  if (EXECUTABLE_EXT.has(ext)) return { ok: false, reason: `Programme und Skripte (.${ext}) können nicht hochgeladen werden.` };
  for (const [what, magic] of EXECUTABLE_MAGIC) {
    // "MZ" alone also starts harmless text ("MZK;2024;…"); a program header is binary.
    if (startsWith(head, magic) && (magic.length > 2 || magic[0] === 0x23 || !looksLikeText(head.subarray(0, SNIFF_BYTES)))) return { ok: false, reason: `Die Datei ist ein ausführbares Programm (${what}) und kann nicht hochgeladen werden.` };
  }
  const byExt = BY_EXT[ext];
  if (ascii(head, '%PDF-')) return { ok: true, contentType: 'application/pdf' };
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47])) return { ok: true, contentType: 'image/png' };
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { ok: true, contentType: 'image/jpeg' };
  if (ascii(head, 'GIF87a') || ascii(head, 'GIF89a')) return { ok: true, contentType: 'image/gif' };
  if (ascii(head, 'RIFF') && ascii(head, 'WEBP', 8)) return { ok: true, contentType: 'image/webp' };
  if (ascii(head, 'II*\0') || ascii(head, 'MM\0*')) return { ok: true, contentType: 'image/tiff' };
  if (ascii(head, 'PAR1')) return { ok: true, contentType: 'application/vnd.apache.parquet' };
  if (ascii(head, 'SQLite format 3\0')) return { ok: true, contentType: ext === 'gpkg' ? BY_EXT.gpkg! : 'application/vnd.sqlite3' };
  if (startsWith(head, [0x1f, 0x8b])) return { ok: true, contentType: 'application/gzip' };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) {
    return { ok: true, contentType: ZIP_BASED.has(ext) ? byExt! : 'application/zip' };
  }
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return { ok: true, contentType: OLE_BASED.has(ext) ? byExt! : 'application/octet-stream' };
  }
  if (looksLikeText(head.subarray(0, SNIFF_BYTES))) {
    // Known text formats by name; markup only when it looks like markup.
    const trimmed = head.toString('utf8', 0, Math.min(head.length, 512)).replace(/^\uFEFF/, '').trimStart();
    if (XML_BASED.has(ext)) return { ok: true, contentType: trimmed.startsWith('<') ? byExt! : 'text/plain' };
    if (byExt && (byExt.startsWith('text/') || /json|sql|yaml|n-triples/.test(byExt))) return { ok: true, contentType: byExt };
    if (trimmed.startsWith('<?xml')) return { ok: true, contentType: 'application/xml' };
    return { ok: true, contentType: 'text/plain' };
  }
  // Binary without a known signature: trust the name only for binary formats.
  if (byExt && !byExt.startsWith('text/') && !ZIP_BASED.has(ext) && !OLE_BASED.has(ext) && !/json|xml|sql|yaml|pdf|image\//.test(byExt)) {
    return { ok: true, contentType: byExt };
  }
  return { ok: true, contentType: 'application/octet-stream' };
}
