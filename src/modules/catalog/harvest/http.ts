// Fetching remote catalogue pages within bounds: a timeout per request, a size cap on the body
// (read as a stream, never buffered beyond the cap), the run's own abort signal, and no private
// addresses. Every failure becomes a HarvestAbort with a message an administrator can act on.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { VERSION } from '../../../server/version.ts';
import { guardedLookup, isPrivateAddress } from '../../../server/http/outbound.ts';

export type HarvestLimits = {
  /** The whole fetch phase of a run. */
  totalTimeMs: number;
  maxPages: number;
  maxResponseBytes: number;
  requestTimeoutMs: number;
  /** CKAN page size (ckanext-harvest uses 100). */
  rows: number;
  /** Incremental CKAN runs ask for changes since the last complete run minus this margin
   *  (clock skew between the two servers; ckanext-harvest goes back one hour). */
  incrementalMarginMs: number;
  /** Log entries kept per run; beyond it only a count. */
  maxLogEntries: number;
};

export const DEFAULT_LIMITS: HarvestLimits = {
  totalTimeMs: 30 * 60_000,
  maxPages: 500,
  maxResponseBytes: 50 * 1024 * 1024,
  requestTimeoutMs: 60_000,
  rows: 100,
  incrementalMarginMs: 3_600_000,
  maxLogEntries: 5000,
};

/** Ends the fetch phase of a run: the run fails and the catalogue stays as it was. */
export class HarvestAbort extends Error {}

export type Fetched = { url: string; status: number; contentType: string; text: string };
export type HttpGet = (url: string, accept: string) => Promise<Fetched>;

const mb = (n: number) => (n >= 1024 * 1024 ? `${Math.round((n / 1024 / 1024) * 10) / 10} MB` : n >= 1024 ? `${Math.round(n / 1024)} KB` : `${n} Bytes`);

/** A GET bound to the run: its signal (run time limit, job abort), the request timeout and size
 *  cap, at most 5 redirects. Private, loopback and link-local addresses are refused unless
 *  allowed (HARVEST_ALLOW_PRIVATE): tenant editors enter the addresses, and a run log must not
 *  become a window into the operator's network. The check is made when connecting (our own DNS
 *  lookup), so DNS answers cannot smuggle such an address in. */
export function boundedGet(limits: HarvestLimits, runSignal: AbortSignal, allowPrivate = false): HttpGet {
  return async (url, accept) => {
    const timeout = AbortSignal.timeout(limits.requestTimeoutMs);
    const signal = AbortSignal.any([runSignal, timeout]);
    try {
      return await get(new URL(url), accept, signal, limits.maxResponseBytes, allowPrivate, 5);
    } catch (err) {
      if (runSignal.aborted) throw new HarvestAbort(reasonText(runSignal.reason));
      if (timeout.aborted) throw new HarvestAbort(`Zeitüberschreitung: ${url} hat nicht innerhalb von ${limits.requestTimeoutMs / 1000} s geantwortet`);
      if (err instanceof HarvestAbort) throw err;
      const e = err as NodeJS.ErrnoException;
      throw new HarvestAbort(`${url} ist nicht erreichbar: ${e.code ? `${e.code} ` : ''}${e.message ?? String(err)}`.trim());
    }
  };
}

class PrivateAddress extends HarvestAbort {}
const privateHint = 'private, lokale und Loopback-Adressen werden nicht abgerufen (HARVEST_ALLOW_PRIVATE)';

function get(url: URL, accept: string, signal: AbortSignal, maxBytes: number, allowPrivate: boolean, redirects: number): Promise<Fetched> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.reject(new HarvestAbort(`${url.href}: nur http und https werden abgerufen`));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host) && !allowPrivate && isPrivateAddress(host)) return Promise.reject(new HarvestAbort(`${url.href}: ${privateHint}`));
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise<Fetched>((resolve, reject) => {
    const headers = { accept, 'user-agent': `stadtkern-harvester/${VERSION}` };
    const req = lib.request(url, { method: 'GET', headers, agent: false, signal, lookup: guardedLookup(allowPrivate, (host, address) => new PrivateAddress(`${host} → ${address}: ${privateHint}`)) }, (res) => {
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (status >= 300 && status < 400 && location) {
        res.destroy();
        if (redirects === 0) return reject(new HarvestAbort(`${url.href}: zu viele Weiterleitungen`));
        return get(new URL(location, url), accept, signal, maxBytes, allowPrivate, redirects - 1).then(resolve, reject);
      }
      const declared = Number(res.headers['content-length'] ?? NaN);
      if (declared > maxBytes) {
        res.destroy();
        return reject(new HarvestAbort(`Antwort von ${url.href} ist zu groß (${mb(declared)}, höchstens ${mb(maxBytes)})`));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          res.destroy();
          reject(new HarvestAbort(`Antwort von ${url.href} ist zu groß (mehr als ${mb(maxBytes)})`));
        } else chunks.push(chunk);
      });
      res.on('error', reject);
      res.on('close', () => {
        if (!res.complete) reject(new HarvestAbort(`${url.href}: Verbindung während der Antwort abgebrochen`));
      });
      res.on('end', () => {
        const text = new TextDecoder('utf-8').decode(Buffer.concat(chunks));
        if (status !== 200) return reject(new HarvestAbort(`${url.href} antwortete mit HTTP ${status}${text ? `: ${snippet(text)}` : ''}`));
        resolve({ url: url.href, status, contentType: String(res.headers['content-type'] ?? '').toLowerCase(), text });
      });
    });
    req.on('error', (err) => reject((err as { cause?: unknown }).cause instanceof PrivateAddress ? (err as { cause: unknown }).cause : err));
    req.end();
  });
}

export function reasonText(reason: unknown): string {
  if (reason instanceof HarvestAbort) return reason.message;
  return `Abgebrochen: ${reason instanceof Error ? reason.message : String(reason ?? 'ohne Grund')}`;
}

/** The start of a body, one line, for log messages about garbage. */
export function snippet(text: string, max = 120): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `„${one.slice(0, max)}…“` : `„${one}“`;
}

/** Same server (host and port; http and https count as the same). */
export function sameServer(a: string, b: string): boolean {
  const x = new URL(a);
  const y = new URL(b);
  const port = (u: URL) => u.port || 'default';
  return x.hostname === y.hostname && port(x) === port(y);
}
