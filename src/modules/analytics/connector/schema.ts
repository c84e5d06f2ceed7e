// The published JSON Schema of a batch, generated from the same zod definitions the API checks
// with, so it cannot disagree with the API (docs/analytics-events.schema.json is a copy, and a
// test fails when it drifts). What a schema cannot say — a day not in the future, at most 400
// days back, the source's own ARS — is in the descriptions.
//
// Regenerate the copy after a change of the vocabulary:
//   node --import tsx -e "import('./src/modules/analytics/connector/schema.ts').then((m) => console.log(JSON.stringify(m.batchJsonSchema(), null, 2)))" > docs/analytics-events.schema.json
import { z } from 'zod';
import { Event, MAX_AGE_DAYS, MAX_EVENTS } from './vocabulary.ts';

export const SCHEMA_ID = 'https://stadtkern.de/schemas/analytics-events.schema.json';

/** German / English description of each event field, added to every event type that has it. */
const FIELDS: Record<string, string> = {
  type: 'Art des Ereignisses / event type',
  ars: 'Amtlicher Regionalschlüssel der Kommune der Quelle (12 Ziffern) / official regional key of the source\'s municipality',
  service_key: 'Leistungsschlüssel (LeiKa, 14 Ziffern) oder FIM-Kennung / service key (LeiKa or FIM id)',
  online_service: 'Name des Onlinedienstes bei der Plattform / name of the online service',
  form_version: 'Formularversion, damit Versionen verglichen werden können / form version',
  day: `Tag in Europe/Berlin (JJJJ-MM-TT), nicht in der Zukunft, höchstens ${MAX_AGE_DAYS} Tage zurück / day in Europe/Berlin, not in the future, at most ${MAX_AGE_DAYS} days back`,
  channel: 'Kanal / channel',
  device: 'Geräteklasse, nie das Gerät / device class, never the device',
  count: 'Anzahl gleicher Ereignisse (vorab gezählt), Standard 1 / number of identical events, default 1',
  step: 'Nummer des angezeigten Schritts (ab 1) / number of the step shown (from 1)',
  method: 'Anmelde- bzw. Zahlverfahren / authentication or payment method',
  outcome: 'Ergebnis / outcome',
  kind: 'Fehlerart / kind of error',
  bucket: 'Dauer vom Start bis zum Absenden als Klasse / duration from start to submission as a class',
  rating: 'Bewertung 1 (schlecht) bis 5 (sehr gut) / rating 1 to 5',
  comment: 'Freitext ohne Kontaktdaten; E-Mail, Telefon und IBAN werden entfernt, nur für die Verantwortlichen des Dienstes, nie veröffentlicht / free text without contact data; scrubbed, for the service\'s owners only',
};
/** Strings the API trims before checking `min(1)`: only blanks are refused there, so here too. */
const NOT_BLANK = ['online_service'];

type Json = Record<string, unknown>;

function describeEvents(events: Json): void {
  for (const variant of ((events.items as Json).oneOf as Json[])) {
    const props = variant.properties as Record<string, Json>;
    for (const [name, prop] of Object.entries(props)) {
      if (FIELDS[name]) prop.description = FIELDS[name];
      if (NOT_BLANK.includes(name)) prop.pattern = '\\S';
    }
  }
}

export function batchJsonSchema(): Json {
  const batch = z.object({
    batch_id: z.string().min(1).max(100).regex(/\S/).describe('Kennung des Stapels, bei Wiederholung nach Zeitüberschreitung unverändert senden (idempotent je Quelle) / batch id, resend unchanged on retry'),
    events: z.array(Event).min(1).max(MAX_EVENTS).describe(`1 bis ${MAX_EVENTS} Ereignisse / events`),
  }).strict();
  const schema = z.toJSONSchema(batch, { io: 'input', target: 'draft-2020-12' }) as Json;
  describeEvents((schema.properties as Record<string, Json>).events!);
  return {
    $schema: schema.$schema,
    $id: SCHEMA_ID,
    title: 'stadtkern Service-Analytik: Ereignisstapel / event batch',
    description: `POST /api/v1/analytics/events mit X-Analytics-Key. Jedes Ereignis nennt Kommune (ARS der Quelle), Leistungsschlüssel und Onlinedienst, nie eine Person. day: nicht in der Zukunft, höchstens ${MAX_AGE_DAYS} Tage zurück (Europe/Berlin). Unbekannte Felder werden abgelehnt. Leitfaden: docs/analytics-connector.md / Every event names the municipality, service and online service, never a person; unknown fields are refused.`,
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}
