// The German plain-text mails. Pure functions of what a notification may say: request number,
// service, state, dates, a public text and links. They never read the event log, so internal notes
// cannot end up in a mail; staff mails carry no citizen data either (staff open the case for it).
import { STATE_LABELS, STATES, type State } from '../tables.ts';
import type { NotificationKind, StaffLevel } from './tables.ts';

export type NoticeFacts = {
  number: string; serviceName: string; tenantName: string; departmentName: string | null; state: State; expectedAt: Date | null;
};
/** The keys of `data` the templates read; everything else in `data` is ignored. */
export type NoticeData = {
  /** The citizen's tracking link (it holds a secret token, so only the caller that made it knows it). */
  trackingUrl?: string;
  /** A text meant for the citizen: a public update or the public note of a state change. */
  publicText?: string;
  fromState?: State; toState?: State; expectedAt?: Date; reason?: string;
  /** SLA mails: which target, how much of it is used, when it is due. */
  target?: string; percent?: number; dueAt?: Date;
};
export type Rendered = { subject: string; body: string };

const BERLIN = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });
/** "Mittwoch, 23. April 2025 um 13:00 Uhr" in German local time, whatever the server's zone. */
export const berlinDate = (d: Date) => `${BERLIN.format(d)} Uhr`;

const TARGET_LABELS: Record<string, string> = {
  firstResponse: 'Erste Rückmeldung', maxSilence: 'Längste Zeit ohne Nachricht an die Meldenden', resolution: 'Erledigung', legal: 'Gesetzliche Frist',
};
const LEVEL_LABELS: Record<StaffLevel, string> = { assignee: 'Bearbeitung', teamLead: 'Teamleitung', headOfUnit: 'Amtsleitung' };

const SIGNATURE = (f: NoticeFacts) => `Mit freundlichen Grüßen\n${f.tenantName}${f.departmentName ? ` – ${f.departmentName}` : ''}\n\nDiese Nachricht wurde automatisch erstellt. Bitte antworten Sie nicht auf diese E-Mail.`;

function citizenBody(f: NoticeFacts, lines: string[], links: { tracking: string }): string {
  const expected = f.expectedAt ? [`Voraussichtlich erledigt bis: ${berlinDate(f.expectedAt)}`] : [];
  return ['Guten Tag,', '', ...lines, '', `Anliegen: ${f.number}`, `Thema: ${f.serviceName}`, `Status: ${STATE_LABELS[f.state]}`, ...expected, '',
    links.tracking, '', 'Sie erhalten diese Nachricht, weil Sie bei Ihrer Meldung um Benachrichtigungen gebeten haben.', '', SIGNATURE(f)].join('\n');
}

function trackingLine(d: NoticeData, f: NoticeFacts, publicUrl: string): string {
  if (d.trackingUrl) return `Den aktuellen Stand sehen Sie jederzeit hier:\n${d.trackingUrl}`;
  return `Den aktuellen Stand sehen Sie über den Link aus Ihrer Eingangsbestätigung oder mit der Nummer ${f.number} auf ${publicUrl}`;
}

export function renderCitizen(kind: Exclude<NotificationKind, 'sla_warning' | 'sla_escalation'>, f: NoticeFacts, d: NoticeData, publicUrl: string): Rendered {
  const tracking = trackingLine(d, f, publicUrl);
  const text = d.publicText?.trim() ? ['', 'Nachricht der Verwaltung:', d.publicText.trim()] : [];
  const subjectOf = (what: string) => `${what}: ${f.serviceName} (${f.number})`;
  switch (kind) {
    case 'acknowledged':
      return { subject: subjectOf('Ihr Anliegen ist bestätigt'), body: citizenBody(f, ['vielen Dank für Ihre Meldung. Wir haben Ihr Anliegen erhalten und kümmern uns darum.', ...text], { tracking }) };
    case 'status': {
      const to = d.toState ?? f.state;
      const from = d.fromState ? ` von „${STATE_LABELS[d.fromState]}“` : '';
      return { subject: subjectOf(`Neuer Status „${STATE_LABELS[to]}“`), body: citizenBody({ ...f, state: to }, [`der Status Ihres Anliegens hat sich${from} auf „${STATE_LABELS[to]}“ geändert.`, ...text], { tracking }) };
    }
    case 'new_date': {
      const at = d.expectedAt ?? f.expectedAt;
      const when = at ? `Ihr Anliegen wird voraussichtlich bis ${berlinDate(at)} erledigt.` : 'Für Ihr Anliegen steht noch kein neuer Termin fest.';
      const reason = d.reason?.trim() ? ['', `Grund: ${d.reason.trim()}`] : [];
      return { subject: subjectOf('Neuer voraussichtlicher Termin'), body: citizenBody({ ...f, expectedAt: at }, [`wir mussten den Termin für Ihr Anliegen ändern. ${when}`, ...reason, ...text], { tracking }) };
    }
    case 'public_update':
      return { subject: subjectOf('Neue Nachricht zu Ihrem Anliegen'), body: citizenBody(f, ['es gibt eine neue Nachricht zu Ihrem Anliegen.', ...text], { tracking }) };
  }
}

export function renderStaff(kind: 'sla_warning' | 'sla_escalation', level: StaffLevel, f: NoticeFacts, d: NoticeData, caseUrl: string): Rendered {
  const target = d.target ? (TARGET_LABELS[d.target] ?? d.target) : 'Servicezusage';
  const percent = typeof d.percent === 'number' && Number.isFinite(d.percent) ? `${Math.round(d.percent)} %` : undefined;
  const due = d.dueAt ? berlinDate(d.dueAt) : f.expectedAt ? berlinDate(f.expectedAt) : 'unbekannt';
  const head = kind === 'sla_warning'
    ? `Frist-Warnung${percent ? ` (${percent})` : ''}: ${target} – ${f.serviceName} (${f.number})`
    : `Eskalation an ${LEVEL_LABELS[level]}: ${target} – ${f.serviceName} (${f.number})`;
  const lead = kind === 'sla_warning'
    ? `für das Anliegen ${f.number} ist ${percent ? `${percent} der Zeit` : 'ein Teil der Zeit'} bis zur Frist „${target}“ verbraucht.`
    : `das Anliegen ${f.number} wird an Sie eskaliert (${LEVEL_LABELS[level]}): die Frist „${target}“ ist ${percent ? `zu ${percent} verbraucht` : 'gefährdet'}.`;
  const body = ['Guten Tag,', '', lead, '', `Anliegen: ${f.number}`, `Thema: ${f.serviceName}`, `Abteilung: ${f.departmentName ?? '—'}`, `Status: ${STATE_LABELS[f.state]}`,
    `Frist: ${due}`, '', `Zum Vorgang: ${caseUrl}`, '', SIGNATURE(f)].join('\n');
  return { subject: head, body };
}

/** Reads the known keys of a caller's data, ignoring the rest and anything of the wrong type. */
export function noticeData(data: Record<string, unknown>): NoticeData {
  const str = (k: string) => (typeof data[k] === 'string' && (data[k] as string).length <= 10_000 ? (data[k] as string) : undefined);
  const state = (k: string) => (STATES as readonly unknown[]).includes(data[k]) ? (data[k] as State) : undefined;
  const date = (k: string) => {
    const v = data[k];
    const d = v instanceof Date ? v : typeof v === 'string' ? new Date(v) : undefined;
    return d && !Number.isNaN(d.getTime()) ? d : undefined;
  };
  return {
    trackingUrl: str('trackingUrl'), publicText: str('publicText'), fromState: state('fromState'), toState: state('toState'), expectedAt: date('expectedAt'),
    reason: str('reason'), target: str('target'), percent: typeof data.percent === 'number' ? data.percent : undefined, dueAt: date('dueAt'),
  };
}
