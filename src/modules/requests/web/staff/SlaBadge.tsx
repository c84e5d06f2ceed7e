// The SLA status of a case as a badge: colour plus words (and a symbol), never colour alone.
import { formatDateTime } from '../../../../web/format.ts';
import { slaOf } from './labels.ts';
import type { State } from './types.ts';

const SYMBOL = { overdue: '!', today: '◷', on_track: '✓', none: '–', done: '✓' } as const;

export function SlaBadge({ state, expectedAt, withDate = true }: { state: State; expectedAt: string | null; withDate?: boolean }) {
  const sla = slaOf(state, expectedAt);
  return (
    <span className="sla">
      <span className={`badge ${sla.badge}`} data-sla={sla.kind}>
        <span aria-hidden="true">{SYMBOL[sla.kind]} </span>
        {sla.label}
      </span>
      {withDate && expectedAt && sla.kind !== 'done' && (
        <span className="sub">
          <span className="visually-hidden">fällig </span>
          <time dateTime={expectedAt}>{formatDateTime(expectedAt)}</time>
        </span>
      )}
    </span>
  );
}
