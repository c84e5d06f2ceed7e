// @stadtkern/analytics-client — no dependencies; Node ≥ 18 and browsers with fetch.
// Queues events, sends them in batches of up to `flushSize` (at most 1,000 per batch), and retries
// a batch after network errors, timeouts, 429 and 5xx with the SAME batch id — the connector counts
// a batch id once per source, so a retry after a lost answer never double-counts. A 4xx other than
// 429 is final: the batch is wrong (the problem names each bad event) and resending cannot help.

const TYPES = new Set(['view', 'start', 'step', 'auth', 'payment', 'submitted', 'error', 'duration', 'feedback']);
const FIELDS = new Set(['type', 'ars', 'service_key', 'online_service', 'form_version', 'day', 'channel', 'device', 'count', 'step', 'method', 'outcome', 'kind', 'bucket', 'rating', 'comment']);
const MAX_BATCH = 1000;

export class AnalyticsError extends Error {
  /** @param {string} message @param {number} status @param {unknown} problem */
  constructor(message, status, problem) {
    super(message);
    this.name = 'AnalyticsError';
    this.status = status;
    this.problem = problem;
  }
}

/** Today in Europe/Berlin as YYYY-MM-DD (the connector's days are Berlin days). */
export function berlinDay(date = new Date()) {
  return date.toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
}

function newBatchId() {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
}

/** Cheap local check, so a typo fails where it is made and not as a refused batch later. */
function checkEvent(e) {
  if (!e || typeof e !== 'object') throw new TypeError('Ereignis muss ein Objekt sein');
  if (!TYPES.has(e.type)) throw new TypeError(`Unbekannter Ereignistyp: ${e.type}`);
  for (const k of Object.keys(e)) if (!FIELDS.has(k)) throw new TypeError(`Unbekanntes Feld: ${k} (Personenbezug wie visitor_id, IP oder User-Agent ist nicht vorgesehen)`);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * @param {import('./index.d.ts').ClientOptions} options
 * @returns {import('./index.d.ts').AnalyticsClient}
 */
export function createAnalyticsClient(options) {
  const { endpoint, key, defaults = {}, flushSize = 100, flushIntervalMs = 5000, maxRetries = 5, retryBaseMs = 500, timeoutMs = 10_000 } = options;
  const doFetch = options.fetch ?? globalThis.fetch;
  if (!endpoint || !key) throw new TypeError('endpoint und key sind nötig');
  if (typeof doFetch !== 'function') throw new TypeError('fetch fehlt (Node ≥ 18 oder options.fetch)');
  const url = endpoint.replace(/\/+$/, '') + '/api/v1/analytics/events';
  const size = Math.min(Math.max(1, flushSize), MAX_BATCH);
  let queue = [];
  let timer;
  let sending = Promise.resolve();

  async function sendBatch(events) {
    const body = JSON.stringify({ batch_id: newBatchId(), events });
    for (let attempt = 0; ; attempt++) {
      let res;
      try {
        const signal = typeof AbortSignal !== 'undefined' && AbortSignal.timeout ? AbortSignal.timeout(timeoutMs) : undefined;
        res = await doFetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-analytics-key': key }, body, signal });
      } catch (err) {
        if (attempt >= maxRetries) throw new AnalyticsError(`Senden fehlgeschlagen: ${err && err.message}`, 0, undefined);
        await sleep(retryBaseMs * 2 ** attempt * (0.5 + Math.random()));
        continue;
      }
      if (res.status === 200 || res.status === 202) return res.json();
      const problem = await res.json().catch(() => undefined);
      const retryable = res.status === 429 || res.status >= 500;
      if (!retryable || attempt >= maxRetries) throw new AnalyticsError((problem && (problem.detail || problem.title)) || `HTTP ${res.status}`, res.status, problem);
      const after = Number(res.headers.get('retry-after'));
      await sleep(after > 0 ? after * 1000 : retryBaseMs * 2 ** attempt * (0.5 + Math.random()));
    }
  }

  function schedule() {
    if (timer || flushIntervalMs <= 0) return;
    timer = setTimeout(() => { timer = undefined; flush().catch(() => undefined); }, flushIntervalMs);
    if (typeof timer === 'object' && timer && typeof timer.unref === 'function') timer.unref();
  }

  /** Sends everything queued; batches go one after the other (order kept, one connection). */
  function flush() {
    if (timer) { clearTimeout(timer); timer = undefined; }
    const batches = [];
    while (queue.length) batches.push(queue.splice(0, size));
    const results = [];
    sending = sending.catch(() => undefined).then(async () => {
      for (const b of batches) results.push(await sendBatch(b));
    });
    return sending.then(() => results);
  }

  return {
    track(event) {
      const e = { day: berlinDay(), ...defaults, ...event };
      checkEvent(e);
      queue.push(e);
      if (queue.length >= size) return flush();
      schedule();
      return Promise.resolve([]);
    },
    flush,
    get pending() { return queue.length; },
    async close() {
      const r = await flush();
      queue = [];
      return r;
    },
  };
}
