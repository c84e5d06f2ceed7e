// German words for states, priorities and timeline events, and the SLA status of a due time.
import type { CaseEvent, State } from './types.ts';

export const STATE_LABELS: Record<State, string> = {
  received: 'Eingegangen', acknowledged: 'Bestätigt', in_progress: 'In Bearbeitung', waiting_citizen: 'Wartet auf Rückmeldung',
  waiting_third_party: 'Wartet auf Dritte', resolved: 'Erledigt', closed: 'Abgeschlossen',
};

/** The state filter: "offen" first, because that is what a clerk works through. */
export const STATE_FILTER_OPTIONS = [
  { value: '', label: 'Alle' },
  { value: 'open', label: 'Offen (nicht erledigt)' },
  ...Object.entries(STATE_LABELS).map(([value, label]) => ({ value, label })),
];

export const PRIORITY_LABELS: Record<number, string> = { 1: 'niedrig', 2: 'normal', 3: 'hoch', 4: 'dringend' };

const isFinished = (s: State) => s === 'resolved' || s === 'closed';

export type Sla = { kind: 'overdue' | 'today' | 'on_track' | 'none' | 'done'; label: string; badge: string };

const berlinDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Overdue / due today (Berlin calendar day) / on track, from expected_at. The text carries the
 *  meaning; the colour only repeats it (WCAG 1.4.1). */
export function slaOf(state: State, expectedAt: string | null, now = new Date()): Sla {
  if (isFinished(state)) return { kind: 'done', label: 'erledigt', badge: 'badge-off' };
  if (!expectedAt) return { kind: 'none', label: 'ohne Frist', badge: 'badge-off' };
  const due = new Date(expectedAt);
  if (due.getTime() < now.getTime()) return { kind: 'overdue', label: 'überfällig', badge: 'badge-error' };
  if (berlinDay.format(due) === berlinDay.format(now)) return { kind: 'today', label: 'heute fällig', badge: 'badge-warn' };
  return { kind: 'on_track', label: 'im Plan', badge: 'badge-ok' };
}

const stateName = (s: string | null) => (s && s in STATE_LABELS ? STATE_LABELS[s as State] : (s ?? '–'));

/** A heading for one timeline entry, e.g. "Status: Eingegangen → In Bearbeitung". */
export function eventTitle(e: CaseEvent): string {
  switch (e.kind) {
    case 'created': return 'Eingegangen';
    case 'state': return `Status: ${stateName(e.from_state)} → ${stateName(e.to_state)}`;
    case 'reopened': return `Wieder geöffnet: ${stateName(e.from_state)} → ${stateName(e.to_state)}`;
    case 'assigned': return e.data?.bulk ? 'Zugewiesen (Sammelzuweisung)' : 'Zugewiesen';
    case 'note': return 'Interne Notiz';
    case 'update': return 'Nachricht an die meldende Person';
    case 'merged': return 'Duplikat zusammengeführt';
    case 'sla': return 'Fristwarnung';
    case 'new_date': return 'Neuer Termin mitgeteilt';
    default: return e.kind;
  }
}

/** What an assignment event changed, in words ("Abteilung: ordnungsamt · Priorität: hoch"). */
export function assignmentText(data: Record<string, unknown> | null, departmentNames: Map<string, string> = new Map()): string {
  if (!data) return '';
  const parts: string[] = [];
  // Events keep the slug (names may change later); show today's name where known.
  const dept = typeof data.department === 'string' ? (departmentNames.get(data.department) ?? data.department) : 'keine';
  if ('department' in data) parts.push(`Abteilung: ${dept}`);
  if ('assignee' in data) parts.push(`Bearbeitung: ${data.assignee ?? 'niemand'}`);
  if (typeof data.priority === 'number') parts.push(`Priorität: ${PRIORITY_LABELS[data.priority] ?? data.priority}`);
  return parts.join(' · ');
}
