// /anliegen/verfolgen/:token — the state of one request and its public timeline, reached through
// the link from the confirmation. Shows what the municipality made public, nothing personal.
import { Link, useParams } from 'react-router';
import { ApiError } from '../../../web/api.ts';
import { formatDate, formatDateTime } from '../../../web/format.ts';
import { useApi } from '../../../web/useApi.ts';
import { Alert } from '../../../web/ui/Alert.tsx';
import { Loaded } from '../../../web/ui/Loaded.tsx';
import { Page } from '../../../web/ui/Page.tsx';
import type { Tracked } from './types.ts';
import './citizen.css';

const coordinate = (x: number) => x.toLocaleString('de-DE', { maximumFractionDigits: 5 });

export function TrackPage() {
  const { token = '' } = useParams();
  const tracked = useApi<Tracked>(`/api/v1/requests/track/${encodeURIComponent(token)}`);
  if (tracked.error instanceof ApiError && (tracked.error.status === 404 || tracked.error.status === 400)) {
    return (
      <Page title="Anliegen nicht gefunden">
        <Alert kind="warning" title="Zu diesem Link gibt es kein Anliegen.">
          <p>Bitte prüfen Sie, ob der Link vollständig kopiert wurde. Er steht in der Bestätigung nach dem Absenden.</p>
        </Alert>
        <p>
          <Link to="/anliegen/melden">Ein neues Anliegen melden</Link>
        </p>
      </Page>
    );
  }
  return (
    <Loaded resource={tracked} loading="Anliegen wird geladen …" errorTitle="Das Anliegen konnte nicht geladen werden.">
      {(r) => (
        <Page title={`Anliegen ${r.number}`} lead={`${r.service.name} · ${r.tenant.name}`}>
          <p className="track-state">
            Stand: <span className={`badge ${r.closed ? 'badge-ok' : 'badge-info'}`}>{r.state_label}</span>
          </p>
          <dl className="facts">
            <dt>Eingegangen am</dt>
            <dd>{formatDateTime(r.submitted_at)}</dd>
            <dt>Voraussichtlich erledigt bis</dt>
            <dd>{r.expected_at ? formatDate(r.expected_at) : 'noch nicht festgelegt'}</dd>
            {r.closed_at && (
              <>
                <dt>Erledigt am</dt>
                <dd>{formatDateTime(r.closed_at)}</dd>
              </>
            )}
            <dt>Ort</dt>
            <dd>{[r.address, r.lat !== null && r.lon !== null ? `Breite ${coordinate(r.lat)}, Länge ${coordinate(r.lon)}` : ''].filter(Boolean).join(' · ') || '–'}</dd>
            <dt>Foto</dt>
            <dd>{r.photos ? `${r.photos === 1 ? 'Ein Foto' : `${r.photos} Fotos`} (nur für die Verwaltung sichtbar)` : 'keines'}</dd>
          </dl>
          <section aria-labelledby="beschreibung">
            <h2 id="beschreibung">Ihre Beschreibung</h2>
            <p className="track-description">{r.description}</p>
          </section>
          <section aria-labelledby="verlauf">
            <h2 id="verlauf">Verlauf</h2>
            <ol className="timeline">
              {r.timeline.map((e, i) => (
                <li key={i} className="timeline-entry">
                  <p className="timeline-head">
                    <strong>{e.title}</strong> <time dateTime={e.at}>{formatDateTime(e.at)}</time>
                  </p>
                  {e.text && <p className="timeline-text">{e.text}</p>}
                </li>
              ))}
            </ol>
          </section>
          <p>
            <Link to={`/anliegen/melden?kommune=${encodeURIComponent(r.tenant.slug)}`}>Ein weiteres Anliegen melden</Link>
          </p>
        </Page>
      )}
    </Loaded>
  );
}
