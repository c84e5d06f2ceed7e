// Test material: small real images (made by Chromium's encoders, test/fixtures/photos/) and the
// metadata a phone camera writes into them — EXIF with a GPS position, XMP, comments, PNG text
// chunks — added byte by byte, so a test knows exactly what must disappear.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';

const DIR = path.resolve(import.meta.dirname, '../../../../test/fixtures/photos');
export const cleanJpeg = () => readFileSync(path.join(DIR, 'klein.jpg'));
export const cleanPng = () => readFileSync(path.join(DIR, 'klein.png'));
export const cleanWebp = () => readFileSync(path.join(DIR, 'klein.webp'));

/** The position the test photos claim to be taken at (Gießen, Kirchenplatz). */
export const GPS = { lat: 50.5853, lon: 8.6731 };
/** Text that only the metadata contains; stripped files must not contain it anywhere. */
export const SECRET = 'Kamera-Seriennummer-4711';

/** A big-endian EXIF TIFF block: IFD0 with Orientation, Model and a GPS IFD (N/E, degrees as rationals). */
export function exifTiff(orientation = 6): Buffer {
  const model = Buffer.from(`${SECRET}\0`, 'latin1');
  // Layout: header(8) | IFD0 (2 + 3*12 + 4 = 42) | GPS IFD (2 + 4*12 + 4 = 54) | lat(24) | lon(24) | model
  const ifd0 = 8;
  const gps = ifd0 + 42;
  const latAt = gps + 54;
  const lonAt = latAt + 24;
  const modelAt = lonAt + 24;
  const t = Buffer.alloc(modelAt + model.length);
  t.write('MM', 0, 'latin1');
  t.writeUInt16BE(42, 2);
  t.writeUInt32BE(ifd0, 4);
  const entry = (at: number, tag: number, type: number, count: number, value: (o: number) => void) => {
    t.writeUInt16BE(tag, at);
    t.writeUInt16BE(type, at + 2);
    t.writeUInt32BE(count, at + 4);
    value(at + 8);
  };
  t.writeUInt16BE(3, ifd0);
  entry(ifd0 + 2, 0x0110, 2, model.length, (o) => t.writeUInt32BE(modelAt, o)); // Model (ASCII)
  entry(ifd0 + 14, 0x0112, 3, 1, (o) => t.writeUInt16BE(orientation, o)); // Orientation
  entry(ifd0 + 26, 0x8825, 4, 1, (o) => t.writeUInt32BE(gps, o)); // GPSInfo IFD pointer
  t.writeUInt32BE(0, ifd0 + 38);
  t.writeUInt16BE(4, gps);
  entry(gps + 2, 0x0001, 2, 2, (o) => t.write('N\0', o, 'latin1'));
  entry(gps + 14, 0x0002, 5, 3, (o) => t.writeUInt32BE(latAt, o));
  entry(gps + 26, 0x0003, 2, 2, (o) => t.write('E\0', o, 'latin1'));
  entry(gps + 38, 0x0004, 5, 3, (o) => t.writeUInt32BE(lonAt, o));
  t.writeUInt32BE(0, gps + 50);
  const dms = (at: number, deg: number) => {
    const d = Math.floor(deg);
    const m = Math.floor((deg - d) * 60);
    const s = Math.round(((deg - d) * 60 - m) * 60 * 100);
    [d, 1, m, 1, s, 100].forEach((v, i) => t.writeUInt32BE(v, at + i * 4));
  };
  dms(latAt, GPS.lat);
  dms(lonAt, GPS.lon);
  model.copy(t, modelAt);
  return t;
}

function jpegSegment(marker: number, body: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

/** The clean JPEG with EXIF (GPS, orientation), XMP and a comment inserted after its APP0. */
export function jpegWithGps(orientation = 6): Buffer {
  const clean = cleanJpeg();
  const afterApp0 = 4 + clean.readUInt16BE(4);
  return Buffer.concat([
    clean.subarray(0, afterApp0),
    jpegSegment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), exifTiff(orientation)])),
    jpegSegment(0xe1, Buffer.from(`http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>50,35.12N</exif:GPSLatitude><tiff:Model>${SECRET}</tiff:Model></x:xmpmeta>`, 'latin1')),
    jpegSegment(0xed, Buffer.from(`Photoshop 3.0\0IPTC ${SECRET}`, 'latin1')),
    jpegSegment(0xfe, Buffer.from(`Kommentar ${SECRET}`, 'latin1')),
    clean.subarray(afterApp0),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([len, typed, crc]);
}

/** The clean PNG with eXIf (GPS), tEXt, iTXt, zTXt and tIME chunks after IHDR, and bytes after IEND. */
export function pngWithMetadata(): Buffer {
  const clean = cleanPng();
  const afterIhdr = 8 + 12 + clean.readUInt32BE(8);
  return Buffer.concat([
    clean.subarray(0, afterIhdr),
    pngChunk('eXIf', exifTiff()),
    pngChunk('tEXt', Buffer.from(`Author\0${SECRET}`, 'latin1')),
    pngChunk('iTXt', Buffer.from(`XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta>${SECRET}</x:xmpmeta>`, 'latin1')),
    pngChunk('zTXt', Buffer.from('Comment\0\0x\x9c\x03\x00\x00\x00\x00\x01', 'latin1')),
    pngChunk('tIME', Buffer.from([0x07, 0xea, 11, 23, 12, 0, 0])),
    clean.subarray(afterIhdr),
    Buffer.from(`versteckt ${SECRET}`, 'latin1'),
  ]);
}

function riffChunk(fourcc: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(fourcc, 0, 'latin1');
  head.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

/** The clean WebP (VP8X with ICCP) with EXIF and XMP chunks appended and announced in VP8X. */
export function webpWithMetadata(): Buffer {
  const clean = cleanWebp();
  const body = Buffer.from(clean.subarray(12));
  body[8] = body[8]! | 0x08 | 0x04; // VP8X flags: EXIF and XMP present
  const all = Buffer.concat([body, riffChunk('EXIF', exifTiff()), riffChunk('XMP ', Buffer.from(`<x:xmpmeta>${SECRET}</x:xmpmeta>`, 'latin1'))]);
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(4 + all.length, 4);
  head.write('WEBP', 8, 'latin1');
  return Buffer.concat([head, all]);
}

/** The GPS latitude as the EXIF block stores it (three rationals): found only where GPS data is. */
export const gpsLatitudeBytes = () => {
  const t = exifTiff();
  const at = 8 + 42 + 54;
  return t.subarray(at, at + 24);
};

/** Every trace of the added metadata the tests look for in stored bytes; [] when clean. */
export function metadataTraces(b: Buffer): string[] {
  const s = b.toString('latin1');
  const found = [SECRET, 'xmpmeta', 'Photoshop', 'eXIf', 'tEXt', 'iTXt', 'zTXt', 'tIME'].filter((m) => s.includes(m));
  if (b.includes(gpsLatitudeBytes())) found.push('GPS-Breite');
  return found;
}
