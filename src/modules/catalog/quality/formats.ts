// Formats as the MQA judges them, read from the catalogue's one table of EU file types
// (../file-types.ts, which the DCAT export uses too), plus what only the score needs: a file
// name's extension as a format, and media types that count as registered without naming a code.
import { fileType, isFileTypeMediaType } from '../file-types.ts';

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
  return fileType(ext)?.code;
}

export const isMachineReadable = (code: string | undefined) => !!fileType(code)?.machineReadable;
export const isNonProprietary = (code: string | undefined) => !!fileType(code)?.nonProprietary;
/** A service endpoint (WMS, SPARQL, REST …), not a file one downloads. */
export const isServiceFormat = (code: string | undefined) => !!fileType(code)?.service;

// Registered media types that name no code of the table (or another spelling of one).
const OTHER_MEDIA_TYPES = new Set(['application/x-zip-compressed', 'text/xml', 'application/vnd.geo+json', 'application/x-shapefile', 'application/octet-stream']);

/** The bare media type of a Content-Type header. */
export const mediaTypeOf = (contentType: string | null | undefined) => contentType?.split(';')[0]?.trim().toLowerCase() || undefined;
/** A media type from the IANA register (as far as we know it): "text/csv", not "csv". */
export function isKnownMediaType(mt: string | null | undefined): boolean {
  const m = mediaTypeOf(mt);
  return !!m && (isFileTypeMediaType(m) || OTHER_MEDIA_TYPES.has(m));
}
