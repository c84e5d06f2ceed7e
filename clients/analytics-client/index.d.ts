export type AnalyticsEvent = {
  type: 'view' | 'start' | 'step' | 'auth' | 'payment' | 'submitted' | 'error' | 'duration' | 'feedback';
  ars?: string; service_key?: string; online_service?: string; form_version?: string; day?: string;
  channel?: 'web' | 'app' | 'kiosk' | 'other'; device?: 'desktop' | 'mobile' | 'tablet' | 'other'; count?: number;
  step?: number; method?: string; outcome?: 'success' | 'failure' | 'abort'; kind?: string; bucket?: string; rating?: number; comment?: string;
};
export type BatchResult = { batch_id: string; duplicate: boolean; events: number; counters: number };
export type SendOptions = {
  /** Base URL of the platform, e.g. https://stadtkern.example */
  endpoint: string;
  /** The source's key (ska_…) from POST /api/v1/tenants/{slug}/analytics/sources — a secret: use it server-side. */
  key: string;
  /** Retries after network errors, timeouts, 408, 429 and 5xx (default 5), first wait (default 500 ms). */
  maxRetries?: number; retryBaseMs?: number;
  /** Time limit of one attempt (default 10 s); its expiry counts as a network error. */
  timeoutMs?: number;
  fetch?: typeof fetch;
};
export type ClientOptions = SendOptions & {
  /** Fields every event gets unless it sets them (ars, service_key, online_service, form_version, channel). */
  defaults?: Partial<AnalyticsEvent>;
  /** Events per batch (default 100, at most 1,000); a full batch is sent at once. */
  flushSize?: number;
  /** Send what is queued after this long (default 5,000 ms; 0 = only on flush()/close()). */
  flushIntervalMs?: number;
  /** Unsent events kept at most (default 10,000); beyond, track() throws. */
  maxQueued?: number;
  /** Failures of sends the client starts itself (timer, full batch); default: console.error. */
  onError?: (err: AnalyticsError) => void;
};
export type AnalyticsClient = {
  /** Queues an event; throws at once for an unknown type, an unknown or missing field, a full queue. */
  track(event: AnalyticsEvent): void;
  /** Sends everything queued (also batches kept from failed attempts, with their ids). */
  flush(): Promise<BatchResult[]>;
  /** flush(), and no more track(). */
  close(): Promise<BatchResult[]>;
  /** Events not yet accepted by the server. */
  readonly pending: number;
};
export class AnalyticsError extends Error {
  /** HTTP status; 0 when no answer came. */
  status: number;
  /** The problem+json body; `errors` names each bad event (`events.0.rating`) or CSV row (`rows.3.day`). */
  problem: unknown;
  /** true: kept and sent again later with the same batch id; false: refused, the events are dropped. */
  retryable: boolean;
  batchId?: string;
  events?: AnalyticsEvent[];
}
export function createAnalyticsClient(options: ClientOptions): AnalyticsClient;
export function sendBatch(options: SendOptions, events: AnalyticsEvent[], batchId?: string): Promise<BatchResult>;
export function sendCsv(options: SendOptions, csv: string | Uint8Array, batchId: string): Promise<BatchResult>;
export function checkEvent(event: AnalyticsEvent): void;
export function newBatchId(): string;
export function berlinDay(date?: Date): string;
