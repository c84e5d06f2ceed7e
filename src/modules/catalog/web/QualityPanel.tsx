// "Metadatenqualität" on the dataset page: the rating and points after the data.europa.eu MQA
// methodology, a table of the five dimensions (with bars), and what to improve, most valuable
// first. Data from GET /api/v1/catalog/datasets/{name}/quality.
import { useId } from 'react';
import { useApi } from '../../../web/useApi.ts';
import { formatDateTime, numberDe } from '../../../web/format.ts';
import { Loaded } from '../../../web/ui/Loaded.tsx';
import { Table } from '../../../web/ui/Table.tsx';
import './QualityPanel.css';

type Rating = 'excellent' | 'good' | 'sufficient' | 'bad';
type Dimension = { id: string; label: string; points: number; maxPoints: number };
type Hint = { text: string; gain: number };
type Quality = {
  points: number; maxPoints: number; rating: Rating; ratingLabel: string; dimensions: Dimension[]; hints: Hint[];
  resources: { id: string; linkCheck: { checkedAt: string } | null }[];
};

const SHOWN = 8;
const pct = (d: Dimension) => Math.round((d.points / d.maxPoints) * 100);

function HintList({ hints }: { hints: Hint[] }) {
  const item = (h: Hint) => (
    <li key={h.text}>
      {h.text}
      {h.gain > 0 && <span className="muted"> (+{numberDe.format(h.gain)} Punkte)</span>}
    </li>
  );
  return (
    <>
      <ol className="quality-hints">{hints.slice(0, SHOWN).map(item)}</ol>
      {hints.length > SHOWN && (
        <details className="quality-more">
          <summary>{hints.length - SHOWN === 1 ? '1 weiterer Hinweis' : `${hints.length - SHOWN} weitere Hinweise`}</summary>
          <ol className="quality-hints" start={SHOWN + 1}>{hints.slice(SHOWN).map(item)}</ol>
        </details>
      )}
    </>
  );
}

export function QualityPanel({ name }: { name: string }) {
  const headingId = useId();
  const quality = useApi<Quality>(`/api/v1/catalog/datasets/${encodeURIComponent(name)}/quality`);
  return (
    <section className="quality" aria-labelledby={headingId}>
      <h2 id={headingId}>Metadatenqualität</h2>
      <Loaded resource={quality} loading="Metadatenqualität wird berechnet …" errorTitle="Die Metadatenqualität konnte nicht geladen werden.">
        {(q) => {
          const checked = q.resources.map((r) => r.linkCheck?.checkedAt).filter((x): x is string => !!x).sort();
          return (
            <>
              <p className="quality-summary">
                <span className={`quality-badge quality-${q.rating}`}>{q.ratingLabel}</span>{' '}
                <strong>
                  {numberDe.format(q.points)} von {q.maxPoints} Punkten
                </strong>{' '}
                <span className="muted">
                  nach der Methodik der Metadatenqualitätsbewertung (MQA) von data.europa.eu
                  {checked.length > 0 && `; Links zuletzt geprüft am ${formatDateTime(checked[checked.length - 1])}`}
                </span>
              </p>
              <Table
                caption="Punkte je Dimension"
                rows={q.dimensions}
                rowKey={(d) => d.id}
                columns={[
                  { header: 'Dimension', rowHeader: true, cell: (d) => d.label },
                  { header: 'Punkte', numeric: true, cell: (d) => `${numberDe.format(d.points)} von ${d.maxPoints}` },
                  {
                    header: 'Erreicht',
                    cell: (d) => (
                      <span className="quality-bar-cell">
                        <span className="quality-bar" aria-hidden="true">
                          <span style={{ width: `${pct(d)}%` }} />
                        </span>
                        {pct(d)} %
                      </span>
                    ),
                  },
                ]}
              />
              <h3>So wird der Datensatz besser</h3>
              {q.hints.length ? <HintList hints={q.hints} /> : <p>Keine Hinweise: Alle bewerteten Angaben sind vollständig.</p>}
            </>
          );
        }}
      </Loaded>
    </section>
  );
}
