// The published JSON Schema of a batch, generated from the same zod definitions the API checks
// with, so it cannot disagree with the API (docs/analytics-events.schema.json is a copy, and a
// test fails when it drifts). What a schema cannot say — a day not in the future, at most 400
// days back, the source's own ARS — is in the descriptions.
import { z } from 'zod';
import { Event, MAX_AGE_DAYS, MAX_EVENTS } from './vocabulary.ts';

export const SCHEMA_ID = 'https://stadtkern.de/schemas/analytics-events.schema.json';

export function batchJsonSchema(): Record<string, unknown> {
  const batch = z.object({
    batch_id: z.string().min(1).max(100).describe('Kennung des Stapels, bei Wiederholung nach Zeitüberschreitung unverändert senden (idempotent je Quelle) / batch id, resend unchanged on retry'),
    events: z.array(Event).min(1).max(MAX_EVENTS).describe(`1 bis ${MAX_EVENTS} Ereignisse / events`),
  }).strict();
  const schema = z.toJSONSchema(batch, { io: 'input', target: 'draft-2020-12' });
  return {
    $schema: schema.$schema,
    $id: SCHEMA_ID,
    title: 'stadtkern Service-Analytik: Ereignisstapel / event batch',
    description: `POST /api/v1/analytics/events mit X-Analytics-Key. Jedes Ereignis nennt Kommune (ARS der Quelle), Leistungsschlüssel und Onlinedienst, nie eine Person. day: nicht in der Zukunft, höchstens ${MAX_AGE_DAYS} Tage zurück (Europe/Berlin). Unbekannte Felder werden abgelehnt. / Every event names the municipality, service and online service, never a person; unknown fields are refused.`,
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}
