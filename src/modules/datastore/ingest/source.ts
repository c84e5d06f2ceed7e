// Gets a load's bytes into a temporary file, with size limit, time limit and SHA-256 (for change
// detection): from the resource's uploaded file in the file store, or from its URL (only
// public addresses unless allowed; conditional request with the last ETag/Last-Modified).
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Db } from '../../../server/db/connect.ts';
import { guardedLookup, isPrivateAddress } from '../../../server/http/outbound.ts';
import { fileStream, storedFile } from '../../core/index.ts';
import { linkErrorOf, type LinkCheckError } from '../../catalog/index.ts';

/** Why the URL could not be fetched, in the link checker's terms (the catalogue records it as
 *  the resource's link check). */
export type LinkFailure = { error: LinkCheckError; status: number | null; finalUrl: string };

export class LoadFailed extends Error {
  /** `link` is set when the URL failed (HTTP error, timeout, refused address …), not the file
   *  (too big, empty, not a table). */
  constructor(message: string, readonly link?: LinkFailure) {
    super(message);
  }
}

export type Fetched = {
  file: string; bytes: number; sha256: string; etag: string | null; lastModified: string | null; contentType: string | null;
  /** The server said 304: nothing changed since the last load. */
  notModified: boolean;
  /** How the URL answered (URL loads only). */
  answer?: { status: number; finalUrl: string; redirects: number };
  cleanup(): Promise<void>;
};
export type SourceLimits = { maxBytes: number; timeoutMs: number; allowPrivate: boolean };
/** Sees every chunk as it arrives (a load that runs alongside its download); the download waits for it. */
export type Tap = (chunk: Buffer) => Promise<void>;
/** Bytes fetched so far, and how many are expected (Content-Length or the stored size) if known. */
export type OnBytes = (n: number, expected: number | null) => void;

/** What the tap threw, carried through the download's pipeline untouched (not a link failure). */
class TapFailed extends Error {
  constructor(readonly inner: unknown) {
    super('tap');
  }
}

function counting(maxBytes: number, hash: ReturnType<typeof createHash>, onBytes: OnBytes, expected: number | null, tap?: Tap) {
  let n = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      n += chunk.length;
      if (n > maxBytes) return cb(new LoadFailed(`Die Datei ist größer als die erlaubten ${Math.round(maxBytes / 1024 / 1024)} MB`));
      hash.update(chunk);
      onBytes(n, expected);
      if (!tap) return cb(null, chunk);
      tap(chunk).then(() => cb(null, chunk), (err: unknown) => cb(new TapFailed(err)));
    },
  });
}

async function toTempFile(input: Readable, limits: SourceLimits, onBytes: OnBytes, expected: number | null, tap?: Tap) {
  const dir = await mkdtemp(path.join(tmpdir(), 'stadtkern-load-'));
  const file = path.join(dir, 'data');
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    await pipeline(input, counting(limits.maxBytes, hash, (n) => {
      bytes = n;
      onBytes(n, expected);
    }, expected, tap), createWriteStream(file, { highWaterMark: 1 << 20 }));
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return { file, bytes, sha256: hash.digest('hex'), cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function fromStoredFile(db: Db, fileId: string, limits: SourceLimits, onBytes: OnBytes, tap?: Tap): Promise<Fetched> {
  const meta = await storedFile(db, fileId);
  if (meta.size > limits.maxBytes) throw new LoadFailed(`Die Datei ist größer als die erlaubten ${Math.round(limits.maxBytes / 1024 / 1024)} MB`);
  const t = await toTempFile(fileStream(db, meta), limits, onBytes, Number(meta.size), tap).catch((err: unknown) => {
    throw err instanceof TapFailed ? err.inner : err;
  });
  return { ...t, etag: null, lastModified: null, contentType: meta.content_type ?? null, notModified: false };
}

type Previous = { etag: string | null; lastModified: string | null };

/** GET with redirects (at most 5), one time limit for the whole transfer, conditional on `prev`. */
export async function fromUrl(url: string, limits: SourceLimits, prev: Previous | undefined, onBytes: OnBytes, signal?: AbortSignal, tap?: Tap): Promise<Fetched> {
  const ac = new AbortController();
  let target: URL | undefined;
  let answered = false;
  const failure = (error: LinkCheckError, status: number | null = null): LinkFailure => ({ error, status, finalUrl: target?.href ?? url });
  // A 200 whose body is too slow is a reachable link with a slow file: no link failure then.
  const timer = setTimeout(() => ac.abort(new LoadFailed(`Zeitüberschreitung: ${url} hat nicht innerhalb von ${limits.timeoutMs / 1000} s geliefert`,
    answered ? undefined : failure('timeout'))), limits.timeoutMs);
  const stop = () => ac.abort(signal?.reason);
  signal?.addEventListener('abort', stop, { once: true });
  try {
    target = new URL(url);
    for (let hop = 0; hop <= 5; hop++) {
      if (!['http:', 'https:'].includes(target.protocol)) throw new LoadFailed(`Nur http- und https-Adressen werden geladen: ${target.href}`, failure('protocol'));
      const res = await get(target, limits, prev, ac.signal);
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && status !== 304 && res.headers.location) {
        res.resume();
        target = new URL(res.headers.location, target);
        continue;
      }
      const answer = { status, finalUrl: target.href, redirects: hop };
      if (status === 304) {
        res.resume();
        return { file: '', bytes: 0, sha256: '', etag: prev?.etag ?? null, lastModified: prev?.lastModified ?? null, contentType: null, notModified: true, answer, cleanup: async () => undefined };
      }
      if (status !== 200) {
        res.resume();
        // 4xx/5xx is a broken link; another 2xx/3xx answers (a link checker says reachable) but is no file to load.
        throw new LoadFailed(`${target.href} antwortete mit HTTP ${status}`, status >= 400 ? failure('http', status) : undefined);
      }
      answered = true;
      const length = Number(res.headers['content-length'] ?? NaN);
      if (length > limits.maxBytes) {
        res.destroy();
        throw new LoadFailed(`Die Datei ist größer als die erlaubten ${Math.round(limits.maxBytes / 1024 / 1024)} MB (${Math.round(length / 1024 / 1024)} MB)`);
      }
      const t = await toTempFile(res, limits, onBytes, Number.isFinite(length) ? length : null, tap);
      const header = (h: string | string[] | undefined) => (Array.isArray(h) ? h[0] : h) ?? null;
      return { ...t, etag: header(res.headers.etag), lastModified: header(res.headers['last-modified']), contentType: header(res.headers['content-type']), notModified: false, answer };
    }
    throw new LoadFailed(`Zu viele Weiterleitungen: ${url}`, failure('redirects'));
  } catch (err) {
    if (err instanceof TapFailed) throw err.inner; // the load failed, not the download
    // Stopped by the job (no link failure) or by our time limit (the LoadFailed the timer made).
    if (ac.signal.aborted && ac.signal.reason instanceof Error) throw ac.signal.reason instanceof LoadFailed ? ac.signal.reason : new LoadFailed(String(ac.signal.reason.message));
    if (err instanceof LoadFailed) throw err;
    const e = err as NodeJS.ErrnoException & { cause?: unknown };
    if (e.cause instanceof LoadFailed) throw e.cause;
    throw new LoadFailed(`${url} ist nicht erreichbar: ${e.code ? `${e.code} ` : ''}${e.message}`.trim(), failure(linkErrorOf(err)));
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', stop);
  }
}

function get(url: URL, limits: SourceLimits, prev: Previous | undefined, signal: AbortSignal): Promise<http.IncomingMessage> {
  const headers: http.OutgoingHttpHeaders = { 'user-agent': 'stadtkern-datastore/1.0', accept: 'text/csv, text/plain;q=0.9, */*;q=0.5' };
  if (prev?.etag) headers['if-none-match'] = prev.etag;
  if (prev?.lastModified) headers['if-modified-since'] = prev.lastModified;
  const lib = url.protocol === 'https:' ? https : http;
  const refuse = (host: string, address: string) => new LoadFailed(`${host === address ? host : `${host} → ${address}`}: private Adressen werden nicht geladen (DATASTORE_ALLOW_PRIVATE)`,
    { error: 'private_address', status: null, finalUrl: url.href });
  // An address written as an IP is connected to without a DNS lookup, so the guard below never sees it.
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(literal) && !limits.allowPrivate && isPrivateAddress(literal)) return Promise.reject(refuse(literal, literal));
  return new Promise((resolve, reject) => {
    const req = lib.request(url, {
      method: 'GET', headers, agent: false, signal,
      lookup: guardedLookup(limits.allowPrivate, refuse),
    }, resolve);
    req.on('error', reject);
    req.end();
  });
}
