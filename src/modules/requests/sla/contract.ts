// zod schemas of the SLA configuration: a tenant's business calendar and the ordered policies
// of a service. The later API validates input with them; calendar.ts and policy.ts parse
// through them too, so a bad configuration fails the same way everywhere, with German messages.
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { HOLIDAY_REGIONS } from './holidays.ts';
import { parseDay } from './civil-date.ts';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A strict object whose own errors (not an object, unknown keys) are German too. */
function strictObject<T extends z.ZodRawShape>(shape: T, what: string) {
  return z.strictObject(shape, {
    error: (iss) => (iss.code === 'unrecognized_keys' ? `unbekannte Felder: ${iss.keys.join(', ')}` : `${what} erwartet`),
  });
}

/** Minutes after local midnight of 'HH:MM'; '24:00' is the end of the day. */
export function minutesOfTime(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

const WallTime = z
  .string({ error: 'Uhrzeit als Text im Format HH:MM erwartet' })
  .regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/, 'Uhrzeit im Format HH:MM zwischen 00:00 und 24:00 erwartet');

export const OpeningInterval = strictObject({ from: WallTime.describe('Beginn, Ortszeit'), to: WallTime.describe('Ende, Ortszeit (24:00 = Mitternacht)') }, 'Zeitfenster {from, to}')
  .refine((i) => minutesOfTime(i.from) < minutesOfTime(i.to), 'Der Beginn muss vor dem Ende liegen (Zeitfenster über Mitternacht bitte auf zwei Tage aufteilen)');

const DayHours = z
  .array(OpeningInterval, { error: 'Liste von Zeitfenstern {from, to} erwartet' })
  .max(12, 'höchstens 12 Zeitfenster pro Tag')
  .default([])
  .superRefine((intervals, ctx) => {
    const sorted = [...intervals].sort((a, b) => minutesOfTime(a.from) - minutesOfTime(b.from));
    for (let i = 1; i < sorted.length; i++) {
      if (minutesOfTime(sorted[i]!.from) < minutesOfTime(sorted[i - 1]!.to)) {
        ctx.addIssue({ code: 'custom', message: `Zeitfenster überschneiden sich: ${sorted[i - 1]!.from}–${sorted[i - 1]!.to} und ${sorted[i]!.from}–${sorted[i]!.to}` });
      }
    }
  });

export const OpeningHours = strictObject(Object.fromEntries(WEEKDAYS.map((d) => [d, DayHours])) as Record<Weekday, typeof DayHours>, 'Öffnungszeiten je Wochentag (mon … sun)')
  .refine((h) => WEEKDAYS.some((d) => h[d].length > 0), 'Der Kalender hat keine Öffnungszeiten: mindestens ein Wochentag braucht ein Zeitfenster, sonst läuft keine Geschäftszeit');

export const ClosureDay = strictObject(
  {
    date: z
      .string({ error: 'Datum als Text erwartet' })
      .refine(
        (d) => parseDay(d) !== undefined || (/^\d{2}-\d{2}$/.test(d) && parseDay(`2024-${d}`) !== undefined),
        'Datum als JJJJ-MM-TT (einmalig) oder MM-TT (jedes Jahr, z. B. 12-24) erwartet',
      )
      .describe('JJJJ-MM-TT: einmalig geschlossen; MM-TT: jedes Jahr geschlossen'),
    label: z.string({ error: 'Text erwartet' }).max(200, 'höchstens 200 Zeichen').optional(),
  },
  'Schließtag {date, label}',
);

export const SlaCalendarConfig = strictObject(
  {
    timeZone: z
      .string({ error: 'Zeitzone als Text erwartet' })
      .refine((zone) => IANAZone.isValidZone(zone), 'unbekannte Zeitzone (IANA-Name erwartet, z. B. Europe/Berlin)')
      .default('Europe/Berlin'),
    holidayRegion: z.enum(HOLIDAY_REGIONS, { error: `Bundesland-Kürzel erwartet (${HOLIDAY_REGIONS.join(', ')})` }).default('HE')
      .describe('gesetzliche Feiertage dieses Bundeslandes'),
    openingHours: OpeningHours,
    closures: z.array(ClosureDay).max(1000, 'höchstens 1000 Schließtage').default([])
      .describe('örtliche Schließtage (z. B. 24. und 31. Dezember); zählen nicht für gesetzliche Fristen'),
  },
  'Kalender {timeZone, holidayRegion, openingHours, closures}',
);
export type SlaCalendarConfigInput = z.input<typeof SlaCalendarConfig>;
export type SlaCalendarConfigParsed = z.output<typeof SlaCalendarConfig>;

// --- policies --------------------------------------------------------------------------------

export const BusinessDuration = strictObject(
  {
    hours: z.number({ error: 'Stunden als Zahl erwartet' }).int('Stunden als ganze Zahl').min(0, 'darf nicht negativ sein').max(100_000).default(0),
    minutes: z.number({ error: 'Minuten als Zahl erwartet' }).int('Minuten als ganze Zahl').min(0, 'darf nicht negativ sein').max(6_000_000).default(0),
  },
  'Dauer {hours, minutes}',
)
  .refine((d) => d.hours * 60 + d.minutes > 0, 'Die Dauer muss größer als 0 sein')
  .describe('Dauer in Geschäftszeit (nur während der Öffnungszeiten)');

export const LEGAL_UNITS = ['days', 'weeks', 'months', 'years'] as const;
export const LegalPeriod = strictObject(
  {
    amount: z.number({ error: 'Anzahl als Zahl erwartet' }).int('ganze Zahl erwartet').min(1, 'mindestens 1').max(1000, 'höchstens 1000'),
    unit: z.enum(LEGAL_UNITS, { error: 'Einheit days, weeks, months oder years erwartet' }),
  },
  'Frist {amount, unit}',
)
  .describe('gesetzliche Frist nach § 31 VwVfG (Kalendertage, Ende verschoben auf den nächsten Werktag)');

export const ESCALATION_LEVELS = ['assignee', 'teamLead', 'headOfUnit'] as const;
export const ESCALATION_ACTIONS = ['notify', 'reassign', 'raisePriority', 'announceNewDate'] as const;
export const Threshold = strictObject(
  {
    percent: z.number({ error: 'Prozentwert als Zahl erwartet' }).gt(0, 'muss größer als 0 sein').max(1000, 'höchstens 1000 %'),
    level: z.enum(ESCALATION_LEVELS, { error: 'Stufe assignee, teamLead oder headOfUnit erwartet' }),
    actions: z.array(z.enum(ESCALATION_ACTIONS, { error: 'Aktion notify, reassign, raisePriority oder announceNewDate erwartet' }), { error: 'Liste von Aktionen erwartet' })
      .min(1, 'mindestens eine Aktion'),
  },
  'Schwelle {percent, level, actions}',
);

/** Warnings at 50/75/100 %, each one level higher: assignee → team lead → head of unit. */
export const DEFAULT_THRESHOLDS: z.output<typeof Threshold>[] = [
  { percent: 50, level: 'assignee', actions: ['notify'] },
  { percent: 75, level: 'teamLead', actions: ['notify'] },
  { percent: 100, level: 'headOfUnit', actions: ['notify', 'raisePriority', 'announceNewDate'] },
];

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

export const SlaPolicy = strictObject(
  {
    id: z.string({ error: 'Kennung als Text erwartet' }).regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'Kennung aus 1–64 Kleinbuchstaben, Ziffern, - und _ erwartet'),
    name: z.string({ error: 'Name als Text erwartet' }).trim().min(1, 'darf nicht leer sein').max(200, 'höchstens 200 Zeichen'),
    when: strictObject(
      {
        priorities: z.array(z.enum(PRIORITIES, { error: 'Priorität low, normal, high oder urgent erwartet' })).min(1, 'mindestens eine Priorität').optional(),
        channels: z.array(z.string().min(1, 'darf nicht leer sein').max(50, 'höchstens 50 Zeichen')).min(1, 'mindestens ein Kanal').optional(),
      },
      'Bedingungen {priorities, channels}',
    )
      .default({})
      .describe('Bedingungen; die erste passende Richtlinie der Liste gilt, ohne Bedingungen passt sie immer'),
    targets: strictObject(
      {
        firstResponse: BusinessDuration.optional().describe('bis zur ersten Reaktion (Bestätigung, Statuswechsel oder öffentliche Nachricht)'),
        maxSilence: BusinessDuration.optional().describe('längste Zeit ohne öffentliche Nachricht an die Bürgerin oder den Bürger'),
        resolution: BusinessDuration.optional().describe('bis zur Erledigung'),
        legal: LegalPeriod.optional(),
      },
      'Ziele {firstResponse, maxSilence, resolution, legal}',
    )
      .refine((t) => Object.values(t).some((v) => v !== undefined), 'mindestens ein Ziel (firstResponse, maxSilence, resolution oder legal) angeben'),
    thresholds: z
      .array(Threshold, { error: 'Liste von Schwellen erwartet' })
      .min(1, 'mindestens eine Schwelle')
      .max(10, 'höchstens 10 Schwellen')
      .default(DEFAULT_THRESHOLDS)
      .superRefine((list, ctx) => {
        for (let i = 1; i < list.length; i++) {
          if (list[i]!.percent <= list[i - 1]!.percent) ctx.addIssue({ code: 'custom', path: [i, 'percent'], message: 'Schwellen müssen aufsteigend sortiert sein' });
          if (ESCALATION_LEVELS.indexOf(list[i]!.level) < ESCALATION_LEVELS.indexOf(list[i - 1]!.level)) {
            ctx.addIssue({ code: 'custom', path: [i, 'level'], message: 'Eskalation darf nicht absteigen (assignee → teamLead → headOfUnit)' });
          }
        }
      }),
  },
  'SLA-Richtlinie {id, name, when, targets, thresholds}',
);
export type SlaPolicyInput = z.input<typeof SlaPolicy>;
export type SlaPolicyParsed = z.output<typeof SlaPolicy>;

/** The ordered policies of one service. */
export const SlaServicePolicies = z
  .array(SlaPolicy, { error: 'Liste von SLA-Richtlinien erwartet' })
  .min(1, 'mindestens eine Richtlinie')
  .max(50, 'höchstens 50 Richtlinien')
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((p, i) => {
      if (seen.has(p.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `Kennung ${p.id} ist doppelt` });
      seen.add(p.id);
    });
  });
