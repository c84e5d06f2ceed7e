// What was reported: facts (state, due time, service, department, source), the place with a small
// map, the description, the answers to the category's questions, and the reporter's contact data
// — the latter only ever shown here, to the municipality's staff.
import { formatDateTime } from '../../../../web/format.ts';
import type { CitizenService } from '../types.ts';
import { CaseMap } from './CaseMap.tsx';
import { PRIORITY_LABELS } from './labels.ts';
import { SlaBadge } from './SlaBadge.tsx';
import type { Case } from './types.ts';

const coordinate = (x: number) => x.toLocaleString('de-DE', { maximumFractionDigits: 5 });
const SOURCES: Record<string, string> = { web: 'Online-Formular', open311: 'Open311-Schnittstelle', demo: 'Demo-Daten' };

/** Attribute answers with the question's text and the chosen values' names where known. */
function answers(c: Case, service: CitizenService | undefined): { question: string; answer: string }[] {
  return Object.entries(c.attributes ?? {}).map(([code, value]) => {
    const q = service?.attributes.find((a) => a.code === code);
    const name = (v: string) => q?.values?.find((x) => x.key === v)?.name ?? v;
    return { question: q?.description ?? code, answer: (Array.isArray(value) ? value : [value]).map(name).join(', ') };
  });
}

export function CaseDetails({ c, service }: { c: Case; service: CitizenService | undefined }) {
  const list = answers(c, service);
  const hasContact = c.contact_name || c.contact_email || c.contact_phone;
  return (
    <>
      <dl className="facts case-facts">
        <dt>Status</dt>
        <dd><span className="badge badge-info">{c.state_label}</span></dd>
        <dt>Frist</dt>
        <dd><SlaBadge state={c.state} expectedAt={c.expected_at} /></dd>
        <dt>Kategorie</dt>
        <dd>{c.service_name}</dd>
        <dt>Abteilung</dt>
        <dd>{c.department_name ?? 'keine'}</dd>
        <dt>Bearbeitung</dt>
        <dd>{c.assignee_name ? `${c.assignee_name} (${c.assignee})` : 'niemand'}</dd>
        <dt>Priorität</dt>
        <dd>{PRIORITY_LABELS[c.priority] ?? c.priority}</dd>
        <dt>Eingegangen</dt>
        <dd>{formatDateTime(c.requested_at)} · {SOURCES[c.source] ?? c.client_name ?? c.source}</dd>
        {c.closed_at && (
          <>
            <dt>Erledigt am</dt>
            <dd>{formatDateTime(c.closed_at)}</dd>
          </>
        )}
      </dl>
      <section aria-labelledby="ort">
        <h2 id="ort">Ort</h2>
        <p>{[c.address, c.lat !== null && c.lon !== null ? `Breite ${coordinate(c.lat)}, Länge ${coordinate(c.lon)}` : ''].filter(Boolean).join(' · ') || 'Kein Ort angegeben.'}</p>
        {c.lat !== null && c.lon !== null && <CaseMap tenant={c.tenant} lat={c.lat} lon={c.lon} />}
      </section>
      <section aria-labelledby="beschreibung">
        <h2 id="beschreibung">Beschreibung</h2>
        <p className="case-description">{c.description}</p>
        {c.media_url && (
          <p>
            <a href={c.media_url}>Foto ansehen</a> <span className="muted">(nur für die Verwaltung)</span>
          </p>
        )}
      </section>
      {list.length > 0 && (
        <section aria-labelledby="angaben">
          <h2 id="angaben">Angaben zur Kategorie</h2>
          <dl className="answers">
            {list.map((a) => (
              <div key={a.question}>
                <dt>{a.question}</dt>
                <dd>{a.answer}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}
      <section aria-labelledby="kontakt">
        <h2 id="kontakt">Kontakt der meldenden Person</h2>
        <p className="hint">Nur für die Verwaltung sichtbar; nie in öffentlichen Schnittstellen.</p>
        {hasContact ? (
          <dl className="facts">
            {c.contact_name && (<><dt>Name</dt><dd>{c.contact_name}</dd></>)}
            {c.contact_email && (<><dt>E-Mail</dt><dd><a href={`mailto:${c.contact_email}`}>{c.contact_email}</a>{c.notify ? ' (möchte über den Fortgang informiert werden)' : ' (keine Benachrichtigungen gewünscht)'}</dd></>)}
            {c.contact_phone && (<><dt>Telefon</dt><dd>{c.contact_phone}</dd></>)}
          </dl>
        ) : (
          <p>Anonym gemeldet – keine Kontaktdaten.</p>
        )}
      </section>
    </>
  );
}
