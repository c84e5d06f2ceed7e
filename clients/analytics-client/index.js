// @stadtkern/analytics-client — no dependencies; Node ≥ 18 and browsers with fetch.
// Queues events, sends them in batches of up to `flushSize` (at most 1,000 per batch), and retries
// a batch after network errors, timeouts, 408, 429 and 5xx with the SAME batch id — the connector
// counts a batch id once per source, so a retry after a lost answer never double-counts. Another
// 4xx is final: the batch is wrong (the problem names each bad event) and resending cannot help.
// A batch that still fails after its retries stays queued with its id for the next flush.

const TYPES = new Set(['view', 'start', 'step', 'auth', 'payment', 'submitted', 'error', 'duration', 'feedback']);
const COMMON = ['type', 'ars', 'service_key', 'online_service', 'form_version', 'day', 'channel', 'device', 'count'];
const REQUIRED = ['ars', 'service_key', 'online_service', 'day'];
/** Fields only some types carry: [required, optional]. Values are checked by the server only, so a
 *  newly added method or error kind does not need a new client. */
const OWN = {
  step: [['step'], []], auth: [['method', 'outcome'], []], payment: [['method', 'outcome'], []],
  error: [['kind'], []], duration: [['bucket'], []], feedback: [['rating'], ['comment']],
};
const MAX_BATCH = 1000;

export class AnalyticsError extends Error {
  /**
   * @param {string} message
   * @param {{ status?: number, problem?: unknown, retryable?: boolean, batchId?: string, events?: object[] }} [info]
   */
  constructor(message, info = {}) {
    super(message);
    this.name = 'AnalyticsError';
    this.status = info.status ?? 0;
    this.problem = info.problem;
    this.retryable = info.retryable ?? false;
    this.batchId = info.batchId;
    this.events = info.events;
  }
}

/** Today in Europe/Berlin as YYYY-MM-DD (the connector's days are Berlin days). */
export function berlinDay(date = new Date()) {
  return date.toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
}

/** A random batch id; Node 18 without global webcrypto falls back to time + Math.random, which
 *  is enough here (ids only need to differ between the batches of one source). */
export function newBatchId() {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
}

/** Cheap local check of type and field names, so a typo fails where it is made and not as a
 *  refused batch later (which would take the other events of the batch with it). */
export function checkEvent(e) {
  if (!e || typeof e !== 'object' || Array.isArray(e)) throw new TypeError('Ereignis muss ein Objekt sein');
  if (!TYPES.has(e.type)) throw new TypeError(`Unbekannter Ereignistyp: ${e.type} (erlaubt: ${[...TYPES].join(', ')})`);
  const [required, optional] = OWN[e.type] ?? [[], []];
  const allowed = new Set([...COMMON, ...required, ...optional]);
  for (const k of Object.keys(e)) {
    if (!allowed.has(k)) throw new TypeError(`Unbekanntes Feld: ${k} bei ${e.type} (Personenbezug wie visitor_id, IP oder User-Agent ist nicht vorgesehen)`);
  }
  for (const k of [...REQUIRED, ...required]) {
    if (e[k] === undefined || e[k] === null || e[k] === '') throw new TypeError(`Feld fehlt: ${k} bei ${e.type}`);
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Exponential backoff with jitter (0.5–1.5×), at most 30 s, so many clients do not retry in step. */
const backoff = (attempt, base) => Math.min(30_000, base * 2 ** attempt) * (0.5 + Math.random());
const isRetryable = (status) => status === 408 || status === 429 || status >= 500;

function settingsOf(options) {
  const { endpoint, key, maxRetries = 5, retryBaseMs = 500, timeoutMs = 10_000 } = options;
  const fetchFn = options.fetch ?? globalThis.fetch;
  if (!endpoint || !key) throw new TypeError('endpoint und key sind nötig');
  if (typeof fetchFn !== 'function') throw new TypeError('fetch fehlt (Node ≥ 18 oder options.fetch)');
  return { base: String(endpoint).replace(/\/+$/, ''), key, maxRetries, retryBaseMs, timeoutMs, fetchFn };
}

/** One POST with retries; body and batch id are the same on every attempt. */
async function deliver(s, path, body, contentType, batchId, events) {
  for (let attempt = 0; ; attempt++) {
    let res;
    try {
      const signal = typeof AbortSignal !== 'undefined' && AbortSignal.timeout ? AbortSignal.timeout(s.timeoutMs) : undefined;
      res = await s.fetchFn(s.base + path, { method: 'POST', headers: { 'content-type': contentType, 'x-analytics-key': s.key }, body, signal });
    } catch (err) {
      if (attempt >= s.maxRetries) throw new AnalyticsError(`Senden fehlgeschlagen: ${err && err.message}`, { retryable: true, batchId, events });
      await sleep(backoff(attempt, s.retryBaseMs));
      continue;
    }
    if (res.status === 200 || res.status === 202) return res.json().catch(() => ({ batch_id: batchId }));
    const problem = await res.json().catch(() => undefined);
    const retryable = isRetryable(res.status);
    if (!retryable || attempt >= s.maxRetries) {
      throw new AnalyticsError((problem && (problem.detail || problem.title)) || `HTTP ${res.status}`, { status: res.status, problem, retryable, batchId, events });
    }
    const after = Number(res.headers.get('retry-after'));
    await sleep(after > 0 ? Math.min(after, 300) * 1000 : backoff(attempt, s.retryBaseMs));
  }
}

/** Sends up to 1,000 events as one batch, now, with retries. A fixed `batchId` (e.g. from a file's
 *  hash) makes sending the same events again harmless. */
export function sendBatch(options, events, batchId = newBatchId()) {
  const s = settingsOf(options);
  if (!Array.isArray(events) || events.length < 1 || events.length > MAX_BATCH) throw new TypeError(`1 bis ${MAX_BATCH} Ereignisse je Stapel`);
  events.forEach((e, i) => {
    try { checkEvent(e); } catch (err) { throw new TypeError(`events.${i}: ${err.message}`); }
  });
  return deliver(s, '/api/v1/analytics/events', JSON.stringify({ batch_id: batchId, events }), 'application/json', batchId, events);
}

/** Sends a CSV export (string or bytes, UTF-8) as one batch to the CSV endpoint, with retries. */
export function sendCsv(options, csv, batchId) {
  const s = settingsOf(options);
  if (!batchId) throw new TypeError('batchId ist nötig (z. B. aus dem Hash der Datei)');
  return deliver(s, `/api/v1/analytics/events.csv?batch_id=${encodeURIComponent(batchId)}`, csv, 'text/csv; charset=utf-8', batchId, undefined);
}

/**
 * @param {import('./index.d.ts').ClientOptions} options
 * @returns {import('./index.d.ts').AnalyticsClient}
 */
export function createAnalyticsClient(options) {
  const s = settingsOf(options);
  const { defaults = {}, flushSize = 100, flushIntervalMs = 5000, maxQueued = 10_000 } = options;
  // Background flushes (timer, full batch) have no caller to reject to: report, never swallow.
  const onError = options.onError ?? ((err) => console.error(`[@stadtkern/analytics-client] ${err.message}`));
  const size = Math.min(Math.max(1, flushSize), MAX_BATCH);
  let queue = [];
  /** Batches with their ids, kept until accepted or refused, so retries reuse the id. */
  const outbox = [];
  let timer;
  let running = Promise.resolve([]);
  let closed = false;
  // One background send waiting is enough: it takes everything queued when it begins.
  let waiting = false;

  const pending = () => queue.length + outbox.reduce((n, b) => n + b.events.length, 0);

  function schedule() {
    if (timer || flushIntervalMs <= 0 || closed) return;
    timer = setTimeout(() => { timer = undefined; background(); }, flushIntervalMs);
    if (typeof timer === 'object' && timer && typeof timer.unref === 'function') timer.unref();
  }

  function background() {
    if (waiting) return;
    waiting = true;
    flush().catch((err) => onError(err));
  }

  /** Sends the outbox in order; one batch at a time keeps one connection and the order of days. */
  async function run() {
    waiting = false;
    while (queue.length) outbox.push({ batchId: newBatchId(), events: queue.splice(0, size) });
    const results = [];
    for (const b of outbox.slice()) {
      try {
        results.push(await deliver(s, '/api/v1/analytics/events', JSON.stringify({ batch_id: b.batchId, events: b.events }), 'application/json', b.batchId, b.events));
        outbox.splice(outbox.indexOf(b), 1);
      } catch (err) {
        // Refused (4xx): these events can never be accepted — dropped, and the error says which.
        if (!err.retryable) outbox.splice(outbox.indexOf(b), 1);
        else schedule();
        throw err;
      }
    }
    return results;
  }

  /** Sends everything queued when the send begins; resolves with the batches' answers. */
  function flush() {
    if (timer) { clearTimeout(timer); timer = undefined; }
    running = running.catch(() => undefined).then(run);
    return running;
  }

  return {
    track(event) {
      if (closed) throw new AnalyticsError('Client ist geschlossen');
      const e = { day: berlinDay(), ...defaults, ...event };
      checkEvent(e);
      if (pending() >= maxQueued) throw new AnalyticsError(`Warteschlange voll (${maxQueued} Ereignisse nicht gesendet) — Verbindung zu stadtkern prüfen`, { retryable: true });
      queue.push(e);
      if (queue.length >= size) background();
      else schedule();
    },
    flush,
    get pending() { return pending(); },
    close() {
      closed = true;
      return flush();
    },
  };
}
