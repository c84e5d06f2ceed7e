// The file store against PostgreSQL (chunking, checksum, streaming out, cleanup) and the
// content sniffer.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { freshDatabase, type FreshDb } from '../../../../test/helpers/db.ts';
import { CHUNK_BYTES, cleanupPendingFiles, claimFile, fileStream, safeFilename, storedFile, storeFile } from './store.ts';
import { sniff } from './sniff.ts';

/** `total` bytes of position-dependent text lines, in pieces of `piece` bytes. */
async function* pattern(total: number, piece: number) {
  for (let at = 0; at < total; at += piece) {
    const n = Math.min(piece, total - at);
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = (at + i) % 81 === 80 ? 10 : 65 + (((at + i) * 7 + ((at + i) >> 10)) % 26);
    yield b;
  }
}

async function collect(s: AsyncIterable<Buffer | Uint8Array | string>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const p of s) parts.push(Buffer.from(p as Buffer));
  return Buffer.concat(parts);
}

describe('file store', () => {
  let fresh: FreshDb;
  before(async () => {
    fresh = await freshDatabase();
  });
  after(() => fresh.drop());

  test('streams in chunks of 1 MiB, with size and SHA-256, and streams back the same bytes', async () => {
    const total = 3 * CHUNK_BYTES + 12345;
    const expected = await collect(pattern(total, 7777));
    const f = await storeFile(fresh.db, pattern(total, 7777), { filename: '../../etc/Messwerte März.csv', maxBytes: 10 * CHUNK_BYTES, createdBy: null });
    assert.equal(f.filename, 'Messwerte März.csv');
    assert.equal(f.size, total);
    assert.equal(f.sha256, createHash('sha256').update(expected).digest('hex'));
    assert.equal(f.contentType, 'text/csv');
    const sizes = await sql<{ n: number }>`SELECT length(data) AS n FROM core_file_chunks WHERE file_id = ${f.id} ORDER BY seq`.execute(fresh.db);
    assert.deepEqual(sizes.rows.map((r) => r.n), [CHUNK_BYTES, CHUNK_BYTES, CHUNK_BYTES, 12345]);
    await assert.rejects(storedFile(fresh.db, f.id), /nicht gefunden/, 'pending until claimed');
    assert.equal(await claimFile(fresh.db, f.id, null), true);
    assert.equal(await claimFile(fresh.db, f.id, null), false, 'claimed once');
    const meta = await storedFile(fresh.db, f.id);
    assert.ok((await collect(fileStream(fresh.db, meta))).equals(expected));
  });

  test('over the limit, empty, or a program: refused, nothing left behind', async () => {
    await assert.rejects(storeFile(fresh.db, pattern(2 * CHUNK_BYTES + 1, 65536), { filename: 'a.csv', maxBytes: 2 * CHUNK_BYTES, createdBy: null }), (e: { status: number }) => e.status === 413);
    await assert.rejects(storeFile(fresh.db, pattern(0, 1), { filename: 'a.csv', maxBytes: 100, createdBy: null }), (e: { status: number }) => e.status === 400);
    const elf = (async function* () {
      yield Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);
      yield* pattern(CHUNK_BYTES * 2, 65536);
    })();
    await assert.rejects(storeFile(fresh.db, elf, { filename: 'daten.bin', maxBytes: 10 * CHUNK_BYTES, createdBy: null }), (e: { status: number }) => e.status === 415);
    const left = await sql<{ n: number }>`SELECT count(*)::int AS n FROM core_files WHERE status = 'pending'`.execute(fresh.db);
    assert.equal(left.rows[0]!.n, 0);
  });

  test('the cleanup removes pending files nobody claimed, not stored ones', async () => {
    const pending = await storeFile(fresh.db, pattern(100, 100), { filename: 'p.txt', maxBytes: 1000, createdBy: null });
    const kept = await storeFile(fresh.db, pattern(100, 100), { filename: 'k.txt', maxBytes: 1000, createdBy: null });
    await claimFile(fresh.db, kept.id, null);
    await sql`UPDATE core_files SET created_at = now() - interval '2 days'`.execute(fresh.db);
    assert.deepEqual(await cleanupPendingFiles(fresh.db), { pendingFiles: 1 });
    const ids = (await fresh.db.selectFrom('core_files').select('id').execute()).map((r) => r.id);
    assert.ok(ids.includes(kept.id) && !ids.includes(pending.id));
  });

  test('safe file names', () => {
    assert.equal(safeFilename('C:\\Users\\x\\Bäume.csv'), 'Bäume.csv');
    assert.equal(safeFilename('..'), 'datei');
    assert.equal(safeFilename('a"b\u0000.csv'), 'ab.csv');
    assert.equal(safeFilename('x'.repeat(300) + '.geojson').length, 200);
    assert.ok(safeFilename('x'.repeat(300) + '.geojson').endsWith('.geojson'));
  });
});

describe('content sniffing', () => {
  const ok = (head: Buffer | string, name: string) => {
    const s = sniff(Buffer.from(head), name);
    assert.ok(s.ok, `${name}: ${!s.ok && s.reason}`);
    return s.contentType;
  };
  const refused = (head: Buffer | string, name: string) => assert.equal(sniff(Buffer.from(head), name).ok, false, name);

  test('media types from content first, then the name', () => {
    assert.equal(ok('%PDF-1.7\n', 'bericht.csv'), 'application/pdf');
    assert.equal(ok(Buffer.from([0x50, 0x4b, 3, 4, 20, 0]), 'tabelle.xlsx'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.equal(ok(Buffer.from([0x50, 0x4b, 3, 4, 20, 0]), 'tabelle.csv'), 'application/zip');
    assert.equal(ok('\uFEFFid;name\n1;Gießen\n', 'daten.csv'), 'text/csv');
    assert.equal(ok('{"type":"FeatureCollection"}', 'karte.geojson'), 'application/geo+json');
    assert.equal(ok('<?xml version="1.0"?><rdf:RDF/>', 'katalog.rdf'), 'application/rdf+xml');
    assert.equal(ok('kein xml', 'katalog.rdf'), 'text/plain');
    assert.equal(ok('<html><script>alert(1)</script>', 'daten.csv'), 'text/csv');
    assert.equal(ok('MZK;2024;12\n', 'messzellen.csv'), 'text/csv', '"MZ" text is not a program');
    assert.equal(ok(Buffer.from([0, 1, 2, 3, 200]), 'unbekannt.dat'), 'application/octet-stream');
    assert.equal(ok(Buffer.from([0, 1, 2, 3, 200]), 'geo.shp'), 'application/vnd.shp');
    assert.equal(ok(Buffer.from([0, 1, 2, 3, 200]), 'tabelle.csv'), 'application/octet-stream', 'binary is never called text');
  });

  test('programs and scripts are refused by content and by name', () => {
    refused(Buffer.concat([Buffer.from('MZ'), Buffer.alloc(60)]), 'daten.csv');
    refused(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2]), 'daten');
    refused(Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 7]), 'daten.json');
    refused(Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), 'modul.dat');
    refused('#!/usr/bin/env python\n', 'auswertung.txt');
    for (const n of ['setup.exe', 'Tool.MSI', 'start.bat', 'x.ps1', 'app.jar', 'run.sh', 'a.js']) refused('harmlos', n);
  });
});
