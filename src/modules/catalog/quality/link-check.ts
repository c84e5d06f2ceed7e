// Checks whether a resource URL answers, the way a harvester or a user would reach it: HEAD, and
// GET with `Range: bytes=0-0` when a server refuses HEAD; redirects followed by hand (at most 5,
// http and https only); a time limit per URL through an AbortSignal. Addresses in private,
// loopback, link-local and other non-public ranges are refused unless allowed (tests, intranets),
// and that is decided when the connection is made (our own DNS lookup), so DNS rebinding cannot
// sneak a private address past the check. The body is never read.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { LinkCheckError } from './tables.ts';
import { guardedLookup, isPrivateAddress } from '../../../server/http/outbound.ts';

export { isPrivateAddress };

export type LinkCheckOptions = {
  timeoutMs: number;
  allowPrivate: boolean;
  maxRedirects?: number;
  /** Aborts the check without a result (the job is stopping). */
  signal?: AbortSignal;
  userAgent?: string;
};
export type LinkCheckResult = {
  ok: boolean; status: number | null; error: LinkCheckError | null; detail: string | null; method: 'HEAD' | 'GET' | null;
  finalUrl: string | null; redirects: number; contentType: string | null; contentLength: number | null; durationMs: number;
};

class CheckFailed extends Error {
  constructor(readonly kind: LinkCheckError, detail: string) {
    super(detail);
  }
}

type Answer = { status: number; headers: http.IncomingHttpHeaders };

function request(url: URL, method: 'HEAD' | 'GET', o: LinkCheckOptions, signal: AbortSignal): Promise<Answer> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host) && !o.allowPrivate && isPrivateAddress(host)) return Promise.reject(new CheckFailed('private_address', host));
  const headers: http.OutgoingHttpHeaders = { 'user-agent': o.userAgent ?? 'stadtkern-linkcheck/1.0', accept: '*/*' };
  if (method === 'GET') headers.range = 'bytes=0-0';
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise<Answer>((resolve, reject) => {
    const req = lib.request(url, { method, headers, agent: false, signal, lookup: guardedLookup(o.allowPrivate, (h, a) => new CheckFailed('private_address', `${h} → ${a}`)) }, (res) => {
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
      // Headers are all we need: never download the body.
      res.destroy();
      req.destroy();
    });
    req.on('error', reject);
    req.end();
  });
}

const TLS = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME|HANDSHAKE/i;

function classify(err: unknown, timedOut: boolean): CheckFailed {
  if (err instanceof CheckFailed) return err;
  if (timedOut) return new CheckFailed('timeout', 'Zeitlimit überschritten');
  const e = err as NodeJS.ErrnoException & { cause?: unknown };
  if (e.cause instanceof CheckFailed) return e.cause;
  const code = String(e.code ?? '');
  return new CheckFailed(linkErrorOf(err), `${code ? `${code}: ` : ''}${e.message ?? String(err)}`.slice(0, 300));
}

/** The kind of a failed HTTP request's error (DNS, TLS, …) by its Node error code; shared with
 *  other clients that fetch resource URLs (datastore loads), so both name failures alike. */
export function linkErrorOf(err: unknown): LinkCheckError {
  const code = String((err as NodeJS.ErrnoException | undefined)?.code ?? '');
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL' || code === 'EAI_NODATA') return 'dns';
  if (TLS.test(code) || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL')) return 'tls';
  if (code.startsWith('HPE_') || code === 'ERR_INVALID_HTTP_RESPONSE') return 'invalid_response';
  if (code === 'ERR_INVALID_URL') return 'invalid_url';
  return 'connection';
}

const header = (h: http.IncomingHttpHeaders, name: string) => {
  const v = h[name];
  return (Array.isArray(v) ? v[0] : v)?.trim() || null;
};

/** Size of the whole file: Content-Range "bytes 0-0/1234" of a ranged GET, else Content-Length. */
function sizeOf(a: Answer, method: 'HEAD' | 'GET'): number | null {
  if (a.status === 206) {
    const total = /\/(\d+)\s*$/.exec(header(a.headers, 'content-range') ?? '')?.[1];
    return total ? Number(total) : null;
  }
  const len = header(a.headers, 'content-length');
  return len && /^\d+$/.test(len) && (method === 'HEAD' || a.status === 200) ? Number(len) : null;
}

export async function checkLink(rawUrl: string, o: LinkCheckOptions): Promise<LinkCheckResult> {
  const started = performance.now();
  const timeout = AbortSignal.timeout(o.timeoutMs);
  const signal = o.signal ? AbortSignal.any([o.signal, timeout]) : timeout;
  const maxRedirects = o.maxRedirects ?? 5;
  let redirects = 0;
  let method: 'HEAD' | 'GET' | null = null;
  let status: number | null = null;
  const result = (r: Partial<LinkCheckResult>): LinkCheckResult => ({
    ok: false, status, error: null, detail: null, method, finalUrl: null, redirects, contentType: null, contentLength: null,
    durationMs: Math.round(performance.now() - started), ...r,
  });
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return result({ error: 'invalid_url', detail: rawUrl.slice(0, 300) });
  }
  try {
    for (;;) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new CheckFailed('protocol', redirects ? `Weiterleitung auf ${url.protocol}` : url.protocol);
      }
      method = 'HEAD';
      let a = await request(url, 'HEAD', o, signal);
      // Servers that refuse or mishandle HEAD (405, 501, also 403/404/5xx on some) get a GET.
      if (a.status >= 400) {
        method = 'GET';
        a = await request(url, 'GET', o, signal);
      }
      status = a.status;
      const location = header(a.headers, 'location');
      if (a.status >= 300 && a.status < 400 && location) {
        if (++redirects > maxRedirects) throw new CheckFailed('redirects', `mehr als ${maxRedirects} Weiterleitungen`);
        try {
          url = new URL(location, url);
        } catch {
          throw new CheckFailed('invalid_url', `Weiterleitung auf ${location.slice(0, 200)}`);
        }
        continue;
      }
      const ok = a.status >= 200 && a.status < 400;
      return result({
        ok, error: ok ? null : 'http', detail: ok ? null : `HTTP ${a.status}`, finalUrl: url.toString(),
        contentType: header(a.headers, 'content-type')?.slice(0, 200) ?? null, contentLength: ok ? sizeOf(a, method) : null,
      });
    }
  } catch (err) {
    if (o.signal?.aborted) throw o.signal.reason;
    const f = classify(err, timeout.aborted);
    return result({ error: f.kind, detail: f.message, finalUrl: url.toString() });
  }
}
