// Photos from citizens: what they are (from their first bytes, never from the declared type or the
// name), and the same image without the metadata that can locate or identify a person — EXIF
// (GPS position, camera serial, time), XMP, IPTC, comments, text chunks. The pixels are not
// touched: segments and chunks are dropped byte-exactly, so nothing is re-encoded and no native
// image library is needed (see docs/adr/0007-photo-metadata.md).

export type PhotoType = 'image/jpeg' | 'image/png' | 'image/webp';
export const PHOTO_EXTENSION: Record<PhotoType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The photo's type by its magic bytes; undefined for anything else (PDF, programs, GIF …). */
export function sniffPhoto(b: Buffer): PhotoType | undefined {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return undefined;
}

/** The file claims to be an image of its type but its structure is broken (truncated, forged). */
export class BrokenImage extends Error {}

export type Stripped = { bytes: Buffer; removed: string[] };

export function stripPhotoMetadata(b: Buffer, type: PhotoType): Stripped {
  if (type === 'image/jpeg') return stripJpeg(b);
  if (type === 'image/png') return stripPng(b);
  return stripWebp(b);
}

// ---- JPEG: a sequence of marker segments up to the first scan (SOS), then entropy-coded data.

const SOS = 0xda;
const EOI = 0xd9;
const COM = 0xfe;
const APP0 = 0xe0;
const APP1 = 0xe1;
const APP15 = 0xef;

function stripJpeg(b: Buffer): Stripped {
  const out: Buffer[] = [b.subarray(0, 2)];
  const removed: string[] = [];
  let orientation: number | undefined;
  let p = 2;
  for (;;) {
    if (p + 4 > b.length || b[p] !== 0xff) throw new BrokenImage('JPEG: Segment erwartet');
    while (b[p + 1] === 0xff) p++; // fill bytes before a marker
    const marker = b[p + 1]!;
    if (marker === EOI) throw new BrokenImage('JPEG: Bilddaten fehlen');
    // Markers without a length (RSTn, TEM) do not occur before the first scan in valid files.
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01 || marker === 0xd8) throw new BrokenImage('JPEG: unerwartete Marke');
    const length = b.readUInt16BE(p + 2);
    const end = p + 2 + length;
    if (length < 2 || end > b.length) throw new BrokenImage('JPEG: Segment über das Dateiende');
    const segment = b.subarray(p, end);
    if (marker === SOS) {
      // Everything from the first scan on is image data (later scans of progressive JPEGs, their
      // tables, EOI); metadata segments are only written before it.
      out.push(b.subarray(p));
      break;
    }
    const body = segment.subarray(4);
    if (((marker >= APP1 && marker <= APP15) || marker === COM) && !keepApp(marker, body)) {
      const name = marker === COM ? 'COM' : `APP${marker - APP0}`;
      const id = /^[\x20-\x7e]{2,30}/.exec(body.toString('latin1', 0, 30))?.[0];
      removed.push(id ? `${name}:${id.replace(/\s+$/, '')}` : name);
      if (marker === APP1 && body.toString('latin1', 0, 6) === 'Exif\0\0') orientation ??= exifOrientation(body.subarray(6));
    } else {
      out.push(segment);
    }
    p = end;
  }
  // Phones store portrait photos sideways and say so in EXIF; without the tag they would show
  // rotated. A fresh EXIF block carries that one harmless tag back.
  if (orientation !== undefined && orientation !== 1) out.splice(1 + jfifCount(out), 0, orientationSegment(orientation));
  return { bytes: Buffer.concat(out), removed };
}

/**
 * Application segments that only say how to show the pixels, and so stay: the ICC colour profile
 * (APP2 "ICC_PROFILE") and Adobe's colour transform flag (APP14 "Adobe"; without it some decoders
 * get the colours of Adobe-written JPEGs wrong). Everything else in APP1–APP15 and COM goes: EXIF
 * and XMP (APP1), IPTC/Photoshop (APP13), maker and vendor blocks, comments.
 */
function keepApp(marker: number, body: Buffer): boolean {
  if (marker === APP0 + 2) return body.toString('latin1', 0, 12) === 'ICC_PROFILE\0';
  if (marker === APP0 + 14) return body.toString('latin1', 0, 5) === 'Adobe';
  return false;
}

/** APP0 (JFIF) must stay first; the orientation block goes after it. */
const jfifCount = (segments: Buffer[]) => (segments[1]?.[1] === APP0 ? 1 : 0);

/** Orientation (tag 0x0112) from IFD0 of an EXIF TIFF block, if it is there and sane. */
function exifOrientation(tiff: Buffer): number | undefined {
  if (tiff.length < 8) return undefined;
  const order = tiff.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return undefined;
  const le = order === 'II';
  const u16 = (o: number) => (le ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o));
  const u32 = (o: number) => (le ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o));
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return undefined;
  const count = u16(ifd);
  for (let i = 0; i < count; i++) {
    const e = ifd + 2 + i * 12;
    if (e + 12 > tiff.length) return undefined;
    if (u16(e) === 0x0112) {
      const v = u16(e + 8);
      return v >= 1 && v <= 8 ? v : undefined;
    }
  }
  return undefined;
}

/** An APP1 EXIF segment holding only the orientation (big-endian TIFF, IFD0 with one entry). */
function orientationSegment(orientation: number): Buffer {
  const tiff = Buffer.alloc(26);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4); // IFD0 right after the header
  tiff.writeUInt16BE(1, 8); // one entry
  tiff.writeUInt16BE(0x0112, 10); // Orientation
  tiff.writeUInt16BE(3, 12); // SHORT
  tiff.writeUInt32BE(1, 14); // count
  tiff.writeUInt16BE(orientation, 18); // value, left-justified in the 4-byte field
  tiff.writeUInt32BE(0, 22); // no next IFD
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const head = Buffer.from([0xff, APP1, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

// ---- PNG: signature, then chunks (length, type, data, CRC) up to IEND.

// Chunks that carry text or EXIF (which can hold GPS), and the last-modified time.
const PNG_DROP = new Set(['eXIf', 'tEXt', 'iTXt', 'zTXt', 'tIME']);

function stripPng(b: Buffer): Stripped {
  const out: Buffer[] = [PNG_SIGNATURE];
  const removed: string[] = [];
  let p = 8;
  for (;;) {
    if (p + 12 > b.length) throw new BrokenImage('PNG: Datei endet vor IEND');
    const length = b.readUInt32BE(p);
    const type = b.toString('latin1', p + 4, p + 8);
    const end = p + 12 + length;
    if (!/^[A-Za-z]{4}$/.test(type) || end > b.length) throw new BrokenImage('PNG: Abschnitt über das Dateiende');
    if (PNG_DROP.has(type)) removed.push(type);
    else out.push(b.subarray(p, end));
    p = end;
    // Bytes after IEND are not part of the image (and a classic place to hide things).
    if (type === 'IEND') break;
  }
  if (p < b.length) removed.push('nach IEND');
  return { bytes: Buffer.concat(out), removed };
}

// ---- WebP: RIFF container of chunks (FourCC, little-endian size, data padded to even length).

const VP8X_EXIF = 0x08;
const VP8X_XMP = 0x04;

function stripWebp(b: Buffer): Stripped {
  const riffEnd = 8 + b.readUInt32LE(4);
  if (riffEnd > b.length || riffEnd < 12) throw new BrokenImage('WebP: RIFF-Größe passt nicht zur Datei');
  const chunks: Buffer[] = [];
  const removed: string[] = [];
  let p = 12;
  while (p < riffEnd) {
    if (p + 8 > riffEnd) throw new BrokenImage('WebP: Abschnitt über das Dateiende');
    const fourcc = b.toString('latin1', p, p + 4);
    const size = b.readUInt32LE(p + 4);
    const end = p + 8 + size + (size % 2);
    if (end > riffEnd + (size % 2)) throw new BrokenImage('WebP: Abschnitt über das Dateiende');
    if (fourcc === 'EXIF' || fourcc === 'XMP ') {
      removed.push(fourcc.trim());
    } else if (fourcc === 'VP8X' && size >= 10) {
      // The extended header announces EXIF/XMP; the flags must match the chunks that remain.
      const c = Buffer.from(b.subarray(p, end));
      c[8] = c[8]! & ~(VP8X_EXIF | VP8X_XMP);
      chunks.push(c);
    } else {
      chunks.push(b.subarray(p, Math.min(end, b.length)));
    }
    p = end;
  }
  if (!chunks.some((c) => /^VP8[ LX]$/.test(c.toString('latin1', 0, 4)))) throw new BrokenImage('WebP: keine Bilddaten');
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(4 + body.length, 4);
  head.write('WEBP', 8, 'latin1');
  return { bytes: Buffer.concat([head, body]), removed };
}
