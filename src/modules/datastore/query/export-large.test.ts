// Exports of a 200,000-row table over real HTTP: every row arrives, in order, and the server's
// memory stays flat (the body is far larger than the memory it may grow by).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import { testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { createDatastoreTable, type TableFixture } from '../../../../test/fixtures/datastore-table.ts';

const ROWS = 200_000;
const MIB = 1024 * 1024;
/** What the server may hold while streaming: far below the body (a buffered export of this table grows by ~150 MiB). */
const MAX_GROWTH = 24 * MIB;

// A real garbage collection before each sample, so what is measured is memory held, not garbage.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Streams a response, counting bytes and newlines and peeking at the start and end, while sampling this process's memory. */
function download(url: string): Promise<{ status: number; bytes: number; newlines: number; head: string; tail: string; peakGrowth: number }> {
  const mem = () => {
    gc();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const base = mem();
  let peak = base;
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      let bytes = 0;
      let newlines = 0;
      let head = '';
      let tail = '';
      let chunks = 0;
      res.on('data', (b: Buffer) => {
        bytes += b.length;
        for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) newlines++;
        if (head.length < 400) head += b.toString('utf8', 0, Math.min(b.length, 400));
        tail = (tail + b.toString('utf8')).slice(-400);
        if (++chunks % 50 === 0) peak = Math.max(peak, mem());
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, newlines, head, tail, peakGrowth: Math.max(peak, mem()) - base }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

describe('streamed export of a large table', () => {
  let t: TestApp;
  let big: TableFixture;
  let base: string;
  before(async () => {
    t = await testApp();
    const token = await t.token(await t.makeUser({ email: 'daten@wetzlar.test', roles: { wetzlar: 'editor' } }));
    big = await createDatastoreTable(t, {
      token, org: 'wetzlar', name: 'messwerte',
      fields: [{ id: 'station', type: 'text' }, { id: 'wert', type: 'numeric' }, { id: 'zeit', type: 'timestamp' }, { id: 'notiz', type: 'text' }, { id: 'lat', type: 'numeric', info: { geo: 'lat' } }, { id: 'lon', type: 'numeric', info: { geo: 'lon' } }],
      rowsSql: `SELECT 'Station ' || (g % 50), round((g % 1000) / 7.0, 3), timestamp '2026-01-01' + g * interval '1 minute',
                       repeat(md5(g::text), 4), round(50.5 + (g % 100) / 1000.0, 3), round(8.5 + (g % 100) / 1000.0, 3)
                FROM generate_series(1, ${ROWS}) g`,
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/v1/resources/${big.resourceId}`;
  });
  after(() => t.close());

  test('CSV by COPY: all rows, header first, memory flat', async () => {
    const r = await download(`${base}/export.csv`);
    assert.equal(r.status, 200);
    assert.equal(r.newlines, ROWS + 1, 'header and every row');
    assert.match(r.head, /^_id,station,wert,zeit,notiz,lat,lon\n1,Station 1,0.143,2026-01-01T00:01:00,/);
    assert.match(r.tail, new RegExp(`\\n${ROWS},Station 0,`));
    assert.ok(r.bytes > 30 * MIB, `a large body (${(r.bytes / MIB).toFixed(1)} MiB)`);
    assert.ok(r.peakGrowth < MAX_GROWTH, `memory grew by ${(r.peakGrowth / MIB).toFixed(1)} MiB for ${(r.bytes / MIB).toFixed(1)} MiB streamed`);
  });

  test('JSON and GeoJSON by cursor: all rows, memory flat', async () => {
    const json = await download(`${base}/export.json`);
    assert.equal(json.status, 200);
    assert.equal(json.newlines, ROWS + 2, 'one object per line between [ and ]');
    assert.match(json.head, /^\[\n\{"_id":1,"station":"Station 1","wert":0.143,"zeit":"2026-01-01T00:01:00",/);
    assert.match(json.tail, new RegExp(`\\{"_id":${ROWS},[^\\n]*\\}\\n\\]\\n$`));
    assert.ok(json.peakGrowth < MAX_GROWTH, `memory grew by ${(json.peakGrowth / MIB).toFixed(1)} MiB for ${(json.bytes / MIB).toFixed(1)} MiB streamed`);
    const geo = await download(`${base}/export.geojson`);
    assert.equal(geo.newlines, ROWS + 2);
    assert.match(geo.head, /^\{"type":"FeatureCollection","features":\[\n\{"type" : "Feature", "id" : 1, "geometry" : \{"type" : "Point", "coordinates" : \[8.501, 50.501\]\}/);
    assert.ok(geo.peakGrowth < MAX_GROWTH, `memory grew by ${(geo.peakGrowth / MIB).toFixed(1)} MiB for ${(geo.bytes / MIB).toFixed(1)} MiB streamed`);
  });

  test('a client that goes away mid-export frees its database connection', async () => {
    await new Promise<void>((resolve, reject) => {
      http.get(`${base}/export.csv`, (res) => {
        res.once('data', () => {
          res.destroy();
          resolve();
        });
      }).on('error', reject);
    });
    // The pool (max 5 in tests) still serves: several requests in parallel succeed.
    await new Promise((r) => setTimeout(r, 200));
    const pages = await Promise.all(Array.from({ length: 6 }, () => fetch(`${base}/rows?_size=1&_count=0`).then((r) => r.status)));
    assert.deepEqual(pages, [200, 200, 200, 200, 200, 200]);
  });
});
