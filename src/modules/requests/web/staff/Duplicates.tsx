// Possible duplicates (same category, ≤ 100 m, ≤ 7 days apart) with a merge that asks first:
// merging closes this case for good, with a public note pointing the reporter to the other one.
import { useState } from 'react';
import { Link } from 'react-router';
import { api, errorMessage } from '../../../../web/api.ts';
import { formatDateTime, numberDe } from '../../../../web/format.ts';
import { useApi } from '../../../../web/useApi.ts';
import { Alert } from '../../../../web/ui/Alert.tsx';
import { Button } from '../../../../web/ui/Button.tsx';
import { Loaded } from '../../../../web/ui/Loaded.tsx';
import { STATE_LABELS } from './labels.ts';
import type { DuplicateSuggestion } from './types.ts';

type Props = { number: string; editable: boolean; onMerged: (into: string) => void };

export function Duplicates({ number, editable, onMerged }: Props) {
  const list = useApi<{ items: DuplicateSuggestion[] }>(`/api/v1/requests/${encodeURIComponent(number)}/duplicates`);
  const [confirming, setConfirming] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  async function merge(into: string) {
    setBusy(true);
    try {
      await api('POST', `/api/v1/requests/${encodeURIComponent(number)}/merge`, { into });
      setConfirming(undefined);
      setError(undefined);
      onMerged(into);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Loaded resource={list} loading="Mögliche Duplikate werden gesucht …" errorTitle="Die Duplikatsuche ist fehlgeschlagen.">
      {({ items }) => (
        <>
          {error && <Alert kind="error" title="Nicht zusammengeführt">{error}</Alert>}
          {items.length === 0 ? (
            <p>Keine ähnlichen Meldungen derselben Kategorie in der Nähe.</p>
          ) : (
            <ul className="plain-list duplicates">
              {items.map((d) => (
                <li key={d.number} className="card">
                  <p>
                    <Link to={`/verwaltung/anliegen/${d.number}`}>{d.number}</Link> · {numberDe.format(d.metres)} m entfernt · {STATE_LABELS[d.state]} · {formatDateTime(d.requested_at)}
                  </p>
                  <p className="muted">{d.description}</p>
                  {editable && (confirming === d.number ? (
                    <div className="confirm" role="group" aria-label={`Zusammenführen mit ${d.number} bestätigen`}>
                      <p>{number} wird als Duplikat geschlossen und unter {d.number} weiter bearbeitet. Die meldende Person erfährt das. Fortfahren?</p>
                      <Button variant="danger" busy={busy} onClick={() => void merge(d.number)}>Ja, zusammenführen</Button>{' '}
                      <Button variant="secondary" onClick={() => setConfirming(undefined)}>Abbrechen</Button>
                    </div>
                  ) : (
                    <Button variant="secondary" onClick={() => setConfirming(d.number)}>
                      Als Duplikat von {d.number} schließen…
                    </Button>
                  ))}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Loaded>
  );
}
