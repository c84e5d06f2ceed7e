// Fetching remote catalogue pages within bounds: a timeout per request, a size cap on the body
// (read as a stream, never buffered beyond the cap), and the run's own abort signal. Every
// failure becomes a HarvestAbort with a message an administrator can act on.
import { VERSION } from '../../../server/version.ts';

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

/** A GET bound to the run: its signal (run time limit, job abort), the request timeout and size cap. */
export function boundedGet(limits: HarvestLimits, runSignal: AbortSignal): HttpGet {
  return async (url, accept) => {
    const timeout = AbortSignal.timeout(limits.requestTimeoutMs);
    const signal = AbortSignal.any([runSignal, timeout]);
    const why = (err: unknown): never => {
      if (runSignal.aborted) throw new HarvestAbort(reasonText(runSignal.reason));
      if (timeout.aborted) throw new HarvestAbort(`Zeitüberschreitung: ${url} hat nicht innerhalb von ${limits.requestTimeoutMs / 1000} s geantwortet`);
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new HarvestAbort(`${url} ist nicht erreichbar: ${cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err))}`);
    };
    let res: Response;
    try {
      res = await fetch(url, { headers: { accept, 'user-agent': `stadtkern-harvester/${VERSION}` }, redirect: 'follow', signal });
    } catch (err) {
      return why(err);
    }
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (declared > limits.maxResponseBytes) {
      await res.body?.cancel().catch(() => undefined);
      throw new HarvestAbort(`Antwort von ${url} ist zu groß (${mb(declared)}, höchstens ${mb(limits.maxResponseBytes)})`);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      const reader = res.body?.getReader();
      for (;;) {
        if (!reader) break;
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > limits.maxResponseBytes) {
          await reader.cancel().catch(() => undefined);
          throw new HarvestAbort(`Antwort von ${url} ist zu groß (mehr als ${mb(limits.maxResponseBytes)})`);
        }
        chunks.push(value);
      }
    } catch (err) {
      if (err instanceof HarvestAbort) throw err;
      return why(err);
    }
    const text = new TextDecoder('utf-8').decode(Buffer.concat(chunks));
    const contentType = (res.headers.get('content-type') ?? '').toLowerCase();
    if (res.status !== 200) {
      throw new HarvestAbort(`${url} antwortete mit HTTP ${res.status}${text ? `: ${snippet(text)}` : ''}`);
    }
    return { url: res.url || url, status: res.status, contentType, text };
  };
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
