// The link checker against a real HTTP server on loopback: answers, errors, time limits,
// redirects, servers that refuse HEAD, and the refusal of private addresses.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkLink, isPrivateAddress, type LinkCheckOptions } from './link-check.ts';

type Seen = { method: string; url: string; range?: string };

describe('link checker', () => {
  let server: http.Server;
  let base: string;
  const seen: Seen[] = [];
  let bodyBytesSent = 0;
  before(async () => {
    server = http.createServer((req, res) => {
      seen.push({ method: req.method!, url: req.url!, range: req.headers.range });
      const path = req.url!.split('?')[0];
      if (path === '/ok.csv') {
        res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-length': '2048' });
        return res.end(req.method === 'HEAD' ? undefined : 'x'.repeat(2048));
      }
      if (path === '/missing') return res.writeHead(404).end();
      if (path === '/slow') return; // never answers
      if (path === '/moved') return res.writeHead(301, { location: '/ok.csv' }).end();
      if (path === '/loop') return res.writeHead(302, { location: '/loop' }).end();
      if (path === '/to-ftp') return res.writeHead(302, { location: 'ftp://example.org/file.csv' }).end();
      if (path === '/no-head') {
        if (req.method === 'HEAD') return res.writeHead(405, { allow: 'GET' }).end();
        // A large file: the checker must take the headers and hang up, not download it.
        if (req.headers.range === 'bytes=0-0') {
          res.writeHead(206, { 'content-type': 'application/json', 'content-range': 'bytes 0-0/10485760', 'content-length': '1' });
          return res.end('{');
        }
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '10485760' });
        const chunk = Buffer.alloc(65536, 32);
        const pump = () => {
          while (bodyBytesSent < 10485760 && res.write(chunk)) bodyBytesSent += chunk.length;
          if (bodyBytesSent >= 10485760) res.end();
        };
        res.on('drain', pump);
        return pump();
      }
      if (path === '/no-head-no-range') {
        if (req.method === 'HEAD') return res.writeHead(501).end();
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '10485760' });
        const chunk = Buffer.alloc(65536, 32);
        const pump = () => {
          while (bodyBytesSent < 10485760 && res.write(chunk)) bodyBytesSent += chunk.length;
          if (bodyBytesSent >= 10485760) res.end();
        };
        res.on('drain', pump);
        res.on('close', () => undefined);
        return pump();
      }
      res.writeHead(500).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    return new Promise<void>((r) => server.close(() => r()));
  });
  const opts: LinkCheckOptions = { timeoutMs: 2000, allowPrivate: true };

  test('200 with HEAD: content type and size from the headers', async () => {
    const r = await checkLink(`${base}/ok.csv`, opts);
    assert.equal(r.ok, true);
    assert.equal(r.status, 200);
    assert.equal(r.method, 'HEAD');
    assert.equal(r.error, null);
    assert.equal(r.contentType, 'text/csv; charset=utf-8');
    assert.equal(r.contentLength, 2048);
    assert.equal(r.redirects, 0);
  });

  test('404 is a failure with its status (GET tried after the failed HEAD)', async () => {
    seen.length = 0;
    const r = await checkLink(`${base}/missing`, opts);
    assert.equal(r.ok, false);
    assert.equal(r.error, 'http');
    assert.equal(r.status, 404);
    assert.deepEqual(seen.map((s) => s.method), ['HEAD', 'GET']);
  });

  test('no answer within the time limit: timeout, in about the limit', async () => {
    const t0 = Date.now();
    const r = await checkLink(`${base}/slow`, { ...opts, timeoutMs: 300 });
    assert.equal(r.ok, false);
    assert.equal(r.error, 'timeout');
    assert.ok(Date.now() - t0 < 2000, `took ${Date.now() - t0} ms`);
  });

  test('redirects are followed; loops end after 5; redirects to non-http are refused', async () => {
    const moved = await checkLink(`${base}/moved`, opts);
    assert.equal(moved.ok, true);
    assert.equal(moved.redirects, 1);
    assert.equal(moved.finalUrl, `${base}/ok.csv`);
    assert.equal(moved.contentLength, 2048);
    const loop = await checkLink(`${base}/loop`, opts);
    assert.equal(loop.ok, false);
    assert.equal(loop.error, 'redirects');
    assert.equal(loop.redirects, 6);
    const ftp = await checkLink(`${base}/to-ftp`, opts);
    assert.equal(ftp.ok, false);
    assert.equal(ftp.error, 'protocol');
    assert.equal(ftp.detail, 'Weiterleitung auf ftp:');
  });

  test('HEAD refused (405): GET with Range; the size comes from Content-Range', async () => {
    seen.length = 0;
    const r = await checkLink(`${base}/no-head`, opts);
    assert.equal(r.ok, true);
    assert.equal(r.method, 'GET');
    assert.equal(r.status, 206);
    assert.equal(r.contentLength, 10485760);
    assert.deepEqual(seen.map((s) => [s.method, s.range]), [['HEAD', undefined], ['GET', 'bytes=0-0']]);
  });

  test('HEAD refused (501) and Range ignored: the checker hangs up instead of downloading 10 MB', async () => {
    bodyBytesSent = 0;
    const r = await checkLink(`${base}/no-head-no-range`, opts);
    assert.equal(r.ok, true);
    assert.equal(r.status, 200);
    assert.equal(r.contentLength, 10485760);
    await new Promise((res) => setTimeout(res, 200));
    assert.ok(bodyBytesSent < 10485760, `server sent all ${bodyBytesSent} bytes`);
  });

  test('private and loopback addresses are refused unless allowed, also behind a host name', async () => {
    const ip = await checkLink(`${base}/ok.csv`, { ...opts, allowPrivate: false });
    assert.equal(ip.error, 'private_address');
    const port = new URL(base).port;
    const named = await checkLink(`http://localhost:${port}/ok.csv`, { ...opts, allowPrivate: false });
    assert.equal(named.error, 'private_address');
    assert.match(named.detail ?? '', /localhost → /);
    const allowed = await checkLink(`http://localhost:${port}/ok.csv`, opts);
    assert.equal(allowed.ok, true);
    for (const a of ['10.1.2.3', '172.20.0.1', '192.168.1.1', '127.0.0.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1']) {
      assert.equal(isPrivateAddress(a), true, a);
    }
    for (const a of ['8.8.8.8', '141.2.1.1', '2a00:1450:4001:82b::2003', '::ffff:8.8.8.8']) assert.equal(isPrivateAddress(a), false, a);
  });

  test('unknown host, refused connection, other schemes and garbage', async () => {
    assert.equal((await checkLink('http://gibt-es-nicht.invalid/x.csv', opts)).error, 'dns');
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    assert.equal((await checkLink(`http://127.0.0.1:${port}/`, opts)).error, 'connection');
    const ftp = await checkLink('ftp://example.org/x.csv', opts);
    assert.equal(ftp.error, 'protocol');
    assert.equal(ftp.detail, 'ftp:');
    assert.equal((await checkLink('keine url', opts)).error, 'invalid_url');
  });

  test('an aborted job signal ends the check without a result', async () => {
    const ac = new AbortController();
    const p = checkLink(`${base}/slow`, { ...opts, signal: ac.signal });
    setTimeout(() => ac.abort(new Error('Instanz wird beendet')), 50);
    await assert.rejects(p, /Instanz wird beendet/);
  });
});
