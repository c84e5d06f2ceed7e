// The fixed vocabulary of the connector API: what a form platform may report about an online
// service, and nothing about a person. Each event names the municipality (ARS), the service key
// (LeiKa/FIM) and the online service; `count` lets a platform send pre-aggregated figures.
import { z } from 'zod';

export const AUTH_METHODS = ['none', 'bundid_password', 'elster_certificate', 'eid', 'eu_eid', 'company_account', 'videoident', 'other'] as const;
export const PAYMENT_METHODS = ['card', 'paypal', 'sepa_direct_debit', 'invoice', 'other'] as const;
export const OUTCOMES = ['success', 'failure', 'abort'] as const;
export const ERROR_KINDS = ['validation', 'technical', 'timeout', 'upload', 'payment', 'other'] as const;
export const DURATION_BUCKETS = ['<1m', '1-5m', '5-15m', '15-60m', '>60m'] as const;
export const CHANNELS = ['web', 'app', 'kiosk', 'other'] as const;
export const DEVICES = ['desktop', 'mobile', 'tablet', 'other'] as const;
export const MAX_EVENTS = 1000;
/** How far back a day may lie (late deliveries, re-sent exports). */
export const MAX_AGE_DAYS = 400;
export const MAX_COMMENT = 1000;

const enumOf = <T extends readonly [string, ...string[]]>(values: T, what: string) => z.enum(values, { message: `${what}: ${values.join(', ')}` });

/** LeiKa service key (14 digits) or a FIM id — the key the connector, offline counts and open data share. */
export const ServiceKey = z.string().regex(/^[0-9]{14}$|^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'Leistungsschlüssel (LeiKa, 14 Ziffern) oder FIM-Kennung');

const Common = {
  ars: z.string().regex(/^\d{12}$/, 'Amtlicher Regionalschlüssel mit 12 Ziffern'),
  service_key: ServiceKey,
  online_service: z.string().trim().min(1, 'Onlinedienst fehlt').max(100),
  form_version: z.string().trim().max(40).optional(),
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Tag als JJJJ-MM-TT'),
  channel: enumOf(CHANNELS, 'Kanal').optional(),
  device: enumOf(DEVICES, 'Geräteklasse').optional(),
  count: z.number().int().min(1).max(1_000_000).default(1),
};

export const Event = z.discriminatedUnion('type', [
  z.object({ type: z.literal('view'), ...Common }).strict(),
  z.object({ type: z.literal('start'), ...Common }).strict(),
  z.object({ type: z.literal('submitted'), ...Common }).strict(),
  z.object({ type: z.literal('step'), ...Common, step: z.number().int().min(1).max(200) }).strict(),
  z.object({ type: z.literal('auth'), ...Common, method: enumOf(AUTH_METHODS, 'Anmeldeverfahren'), outcome: enumOf(OUTCOMES, 'Ergebnis') }).strict(),
  z.object({ type: z.literal('payment'), ...Common, method: enumOf(PAYMENT_METHODS, 'Zahlverfahren'), outcome: enumOf(OUTCOMES, 'Ergebnis') }).strict(),
  z.object({ type: z.literal('error'), ...Common, kind: enumOf(ERROR_KINDS, 'Fehlerart') }).strict(),
  z.object({ type: z.literal('duration'), ...Common, bucket: enumOf(DURATION_BUCKETS, 'Dauerklasse') }).strict(),
  // A comment is stored apart from the counters, scrubbed of contact data, for the service's owners only.
  z.object({
    type: z.literal('feedback'), ...Common, rating: z.number().int().min(1, 'Bewertung 1 bis 5').max(5, 'Bewertung 1 bis 5'),
    comment: z.string().trim().max(MAX_COMMENT, `Kommentar höchstens ${MAX_COMMENT} Zeichen`).optional(),
  }).strict(),
], { message: 'type: view, start, step, auth, payment, submitted, error, duration oder feedback' });
export type AnalyticsEvent = z.infer<typeof Event>;

export const Batch = z.object({
  batch_id: z.string().trim().min(1, 'batch_id fehlt').max(100),
  events: z.array(z.unknown()).min(1, 'mindestens ein Ereignis').max(MAX_EVENTS, `höchstens ${MAX_EVENTS} Ereignisse je Stapel`),
}).strict();

/** The counters one event adds to: its metric (with the dimension it carries), and the same
 *  metric by channel and by device class where given. */
export function countersOf(e: AnalyticsEvent): { metric: string; dimension: string }[] {
  const main = (() => {
    switch (e.type) {
      case 'step': return { metric: 'step', dimension: String(e.step) };
      case 'auth': return { metric: 'auth', dimension: `${e.method}:${e.outcome}` };
      case 'payment': return { metric: 'payment', dimension: `${e.method}:${e.outcome}` };
      case 'error': return { metric: 'error', dimension: e.kind };
      case 'duration': return { metric: 'duration', dimension: e.bucket };
      case 'feedback': return { metric: 'rating', dimension: String(e.rating) };
      default: return { metric: e.type, dimension: '' };
    }
  })();
  const out = [main];
  if (e.channel) out.push({ metric: `${main.metric}.channel`, dimension: e.channel });
  if (e.device) out.push({ metric: `${main.metric}.device`, dimension: e.device });
  return out;
}
