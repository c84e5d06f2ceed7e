export type AnalyticsEvent = {
  type: 'view' | 'start' | 'step' | 'auth' | 'payment' | 'submitted' | 'error' | 'duration' | 'feedback';
  ars?: string; service_key?: string; online_service?: string; form_version?: string; day?: string;
  channel?: 'web' | 'app' | 'kiosk' | 'other'; device?: 'desktop' | 'mobile' | 'tablet' | 'other'; count?: number;
  step?: number; method?: string; outcome?: 'success' | 'failure' | 'abort'; kind?: string; bucket?: string; rating?: number; comment?: string;
};
export type BatchResult = { batch_id: string; duplicate: boolean; events: number; counters: number };
export type ClientOptions = {
  /** Base URL of the platform, e.g. https://stadtkern.example */
  endpoint: string;
  /** The source's key (ska_…) from POST /api/v1/tenants/{slug}/analytics/sources */
  key: string;
  /** Fields every event gets unless it sets them (ars, service_key, online_service, form_version, channel). */
  defaults?: Partial<AnalyticsEvent>;
  flushSize?: number; flushIntervalMs?: number; maxRetries?: number; retryBaseMs?: number; timeoutMs?: number;
  fetch?: typeof fetch;
};
export type AnalyticsClient = {
  track(event: AnalyticsEvent): Promise<BatchResult[]>;
  flush(): Promise<BatchResult[]>;
  close(): Promise<BatchResult[]>;
  readonly pending: number;
};
export class AnalyticsError extends Error {
  status: number;
  problem: unknown;
}
export function createAnalyticsClient(options: ClientOptions): AnalyticsClient;
export function berlinDay(date?: Date): string;
