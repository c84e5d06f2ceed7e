// The metadata stripper on real images (Chromium-encoded fixtures) with camera metadata added:
// GPS, serial numbers, XMP and text disappear; the image data stays byte for byte.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BrokenImage, sniffPhoto, stripPhotoMetadata } from './image-metadata.ts';
import { cleanJpeg, cleanPng, cleanWebp, exifTiff, jpegWithGps, metadataTraces, pngWithMetadata, webpWithMetadata } from './test-photos.ts';

describe('photo metadata', () => {
  test('sniffing goes by the bytes: JPEG, PNG, WebP; PDF, programs, GIF and text are not photos', () => {
    assert.equal(sniffPhoto(cleanJpeg()), 'image/jpeg');
    assert.equal(sniffPhoto(cleanPng()), 'image/png');
    assert.equal(sniffPhoto(cleanWebp()), 'image/webp');
    for (const other of ['%PDF-1.7\n', 'MZ\x90\x00\x03', '\x7fELF\x02\x01', 'GIF89a\x01\x00', 'Hallo', '']) assert.equal(sniffPhoto(Buffer.from(other, 'latin1')), undefined, other);
  });

  test('JPEG: EXIF with GPS, XMP, IPTC and comments go; JFIF, ICC profile and pixels stay; the orientation comes back alone', () => {
    const clean = cleanJpeg();
    const dirty = jpegWithGps(1);
    assert.ok(metadataTraces(dirty).length >= 4, 'the test image carries metadata');
    const upright = stripPhotoMetadata(dirty, 'image/jpeg');
    assert.ok(upright.bytes.equals(clean), 'exactly the image before the metadata was added');
    assert.deepEqual(upright.removed, ['APP1:Exif', 'APP1:http://ns.adobe.com/xap/1.0/', 'APP13:Photoshop 3.0', 'COM:Kommentar Kamera-Seriennummer-']);

    const rotated = stripPhotoMetadata(jpegWithGps(6), 'image/jpeg').bytes;
    assert.deepEqual(metadataTraces(rotated), []);
    // JFIF first, then an EXIF block with nothing but Orientation = 6, then the rest unchanged.
    const app0 = 4 + clean.readUInt16BE(4);
    assert.ok(rotated.subarray(0, app0).equals(clean.subarray(0, app0)));
    const exifLength = rotated.readUInt16BE(app0 + 2);
    const tiff = rotated.subarray(app0 + 4 + 6, app0 + 2 + exifLength);
    assert.equal(rotated.toString('latin1', app0 + 4, app0 + 10), 'Exif\0\0');
    assert.equal(tiff.readUInt16BE(8), 1, 'one tag');
    assert.equal(tiff.readUInt16BE(10), 0x0112);
    assert.equal(tiff.readUInt16BE(18), 6);
    assert.ok(rotated.subarray(app0 + 2 + exifLength).equals(clean.subarray(app0)));
    assert.ok(stripPhotoMetadata(rotated, 'image/jpeg').bytes.equals(rotated), 'stripping twice changes nothing more');
  });

  test('PNG: eXIf, tEXt, iTXt, zTXt, tIME and bytes after IEND go; every other chunk stays', () => {
    const r = stripPhotoMetadata(pngWithMetadata(), 'image/png');
    assert.ok(r.bytes.equals(cleanPng()));
    assert.deepEqual(r.removed, ['eXIf', 'tEXt', 'iTXt', 'zTXt', 'tIME', 'nach IEND']);
  });

  test('WebP: EXIF and XMP chunks go, the VP8X flags follow, the RIFF size is right', () => {
    const r = stripPhotoMetadata(webpWithMetadata(), 'image/webp');
    assert.deepEqual(r.removed, ['EXIF', 'XMP']);
    assert.deepEqual(metadataTraces(r.bytes), []);
    assert.ok(r.bytes.equals(cleanWebp()), 'the original file again (its VP8X had no EXIF/XMP flags)');
    assert.equal(r.bytes.readUInt32LE(4), r.bytes.length - 8);
  });

  test('broken files are refused, not passed through', () => {
    const jpeg = cleanJpeg();
    for (const [bytes, type] of [
      [jpeg.subarray(0, 40), 'image/jpeg'],
      [Buffer.concat([jpeg.subarray(0, 2), Buffer.from('garbage!')]), 'image/jpeg'],
      [cleanPng().subarray(0, 60), 'image/png'],
      [Buffer.concat([Buffer.from('RIFF\xff\xff\x00\x00WEBP', 'latin1'), Buffer.alloc(4)]), 'image/webp'],
      [Buffer.concat([Buffer.from('RIFF\x0c\x00\x00\x00WEBP', 'latin1'), Buffer.from('EXIF\x00\x00\x00\x00', 'latin1')]), 'image/webp'],
    ] as const) assert.throws(() => stripPhotoMetadata(bytes, type), BrokenImage);
    assert.ok(exifTiff().length > 100);
  });
});
