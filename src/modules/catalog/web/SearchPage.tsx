// The open data portal's search: German full text, facets with counts, paging. All state is
// in the URL (?q=&organisation=&thema=&format=&lizenz=&ab=), so searches can be shared.
import { Link } from 'react-router';
import { useState } from 'react';
import { useApi } from '../../../web/useApi.ts';
import { useSearchState } from '../../../web/useSearchState.ts';
import { numberDe, formatDate } from '../../../web/format.ts';
import { Page } from '../../../web/ui/Page.tsx';
import { Loaded } from '../../../web/ui/Loaded.tsx';
import { Pager } from '../../../web/ui/Pager.tsx';
import type { Envelope, SearchResult } from './types.ts';

const ROWS = 20;
// URL parameter → Solr field and the facet's German heading.
const FACETS = [
  { param: 'organisation', field: 'organization', title: 'Organisation' },
  { param: 'thema', field: 'groups', title: 'Thema' },
  { param: 'format', field: 'res_format', title: 'Format' },
  { param: 'lizenz', field: 'license_id', title: 'Lizenz' },
  { param: 'schlagwort', field: 'tags', title: 'Schlagwort' },
] as const;

const quote = (v: string) => `"${v.replace(/(["\\])/g, '\\$1')}"`;

export function SearchPage() {
  const search = useSearchState();
  const q = search.get('q');
  const [draft, setDraft] = useState(q);
  // A cooperation searches all its members' catalogues at once.
  const cooperation = search.get('kooperation');
  const fq = [
    ...FACETS.filter((f) => search.get(f.param)).map((f) => `${f.field}:${quote(search.get(f.param))}`),
    ...(cooperation ? [`cooperation:${quote(cooperation)}`] : []),
  ].join(' AND ');
  const coops = useApi<{ items: { slug: string; name: string }[] }>(cooperation ? '/api/v1/cooperations' : null);
  const coopName = coops.data?.items.find((c) => c.slug === cooperation)?.name ?? cooperation;
  const params = new URLSearchParams({ q, rows: String(ROWS), start: String(search.offset), 'facet.field': JSON.stringify(FACETS.map((f) => f.field)), 'facet.limit': '8' });
  if (fq) params.set('fq', fq);
  const result = useApi<Envelope<SearchResult>>(`/api/3/action/package_search?${params}`);

  return (
    <Page title="Offene Daten" lead="Datensätze der Kommunen durchsuchen – frei nutzbar, maschinenlesbar, mit Lizenz.">
      <form
        role="search"
        className="search-form"
        onSubmit={(e) => {
          e.preventDefault();
          search.update({ q: draft.trim() });
        }}
      >
        <label htmlFor="suche">Suchbegriff</label>
        <div className="search-row">
          <input id="suche" type="search" value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="z. B. Parkhaus, Haushalt, Bäume" />
          <button type="submit" className="btn btn-primary">Suchen</button>
        </div>
      </form>
      <Loaded resource={result} loading="Suche läuft …" errorTitle="Die Suche ist fehlgeschlagen.">
        {({ result: r }) => (
          <div className="search-layout">
            <aside aria-label="Suchergebnis eingrenzen" className="facets">
              {FACETS.map((f) => {
                const items = r.search_facets[f.field]?.items ?? [];
                const active = search.get(f.param);
                if (items.length === 0 && !active) return null;
                return (
                  <section key={f.param} aria-labelledby={`facette-${f.param}`}>
                    <h2 id={`facette-${f.param}`}>{f.title}</h2>
                    <ul>
                      {active && (
                        <li>
                          <button type="button" className="linklike" onClick={() => search.update({ [f.param]: '' })}>
                            Filter „{items.find((i) => i.name === active)?.display_name ?? active}“ entfernen
                          </button>
                        </li>
                      )}
                      {items.filter((i) => i.name !== active).map((i) => (
                        <li key={i.name}>
                          <button type="button" className="linklike" onClick={() => search.update({ [f.param]: i.name })}>
                            {i.display_name} <span className="count">({numberDe.format(i.count)})</span>
                          </button>
                        </li>
                      ))}
                    </ul>
                  </section>
                );
              })}
            </aside>
            <section aria-labelledby="treffer" className="results">
              <h2 id="treffer" aria-live="polite">
                {r.count === 1 ? '1 Datensatz' : `${numberDe.format(r.count)} Datensätze`}
                {q && <> zu „{q}“</>}
                {cooperation && <> in der Kooperation {coopName}</>}
              </h2>
              {cooperation && (
                <p>
                  <button type="button" className="linklike" onClick={() => search.update({ kooperation: '' })}>
                    Alle Kommunen durchsuchen
                  </button>
                </p>
              )}
              {r.count === 0 && <p>Keine Treffer. Versuchen Sie einen anderen Begriff oder entfernen Sie Filter.</p>}
              <ol className="result-list">
                {r.results.map((p) => (
                  <li key={p.id}>
                    <h3>
                      <Link to={`/daten/${p.name}`}>{p.title}</Link>
                    </h3>
                    <p className="meta">
                      {p.organization.title} · aktualisiert {formatDate(p.metadata_modified + 'Z')}
                      {p.resources.length > 0 && <> · {[...new Set(p.resources.map((x) => x.format).filter(Boolean))].join(', ')}</>}
                    </p>
                    {p.notes && <p>{p.notes.length > 240 ? `${p.notes.slice(0, 240)} …` : p.notes}</p>}
                  </li>
                ))}
              </ol>
              <Pager label="Seiten der Suchergebnisse" total={r.count} limit={ROWS} offset={search.offset} onChange={(ab) => search.update({ ab })} />
            </section>
          </div>
        )}
      </Loaded>
    </Page>
  );
}
