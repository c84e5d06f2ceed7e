// The whole history of a case, oldest first: every event with who and when. Internal entries
// (notes, assignments, SLA warnings) are marked "intern" in words and with a hatched border, public
// ones "öffentlich" — the latter the reporter sees on the tracking page too.
import { formatDateTime } from '../../../../web/format.ts';
import { assignmentText, eventTitle } from './labels.ts';
import type { CaseEvent } from './types.ts';
import '../citizen.css'; // the timeline's look, shared with the tracking page

export function Timeline({ events, departmentNames }: { events: CaseEvent[]; departmentNames: Map<string, string> }) {
  return (
    <ol className="timeline staff-timeline" aria-label="Verlauf, älteste Einträge zuerst">
      {events.map((e) => (
        <li key={e.id} className={`timeline-entry ${e.public ? 'entry-public' : 'entry-internal'}`} data-kind={e.kind}>
          <p className="timeline-head">
            <strong>{eventTitle(e)}</strong>
            <span className={`badge ${e.public ? 'badge-info' : 'badge-off'}`}>{e.public ? 'öffentlich' : 'intern'}</span>
            <time dateTime={e.at}>{formatDateTime(e.at)}</time>
            {e.actor && <span className="muted">von {e.actor}</span>}
          </p>
          {e.kind === 'assigned' && <p className="timeline-text">{assignmentText(e.data, departmentNames)}</p>}
          {e.text && <p className="timeline-text">{e.text}</p>}
        </li>
      ))}
    </ol>
  );
}
