// The full data of a datastore table, page by page: sort by a column, search in all columns.
// Reads datastore_search like every other client.
import { useState, type FormEvent } from 'react';
import { useApi } from '../../../web/useApi.ts';
import { numberDe } from '../../../web/format.ts';
import { Loaded } from '../../../web/ui/Loaded.tsx';
import { Pager } from '../../../web/ui/Pager.tsx';
import { Button } from '../../../web/ui/Button.tsx';
import type { DsField, SearchResult } from './types.ts';

const LIMIT = 25;
const NUMERIC = new Set(['int', 'numeric']);

function show(v: unknown, f: DsField): string {
  if (v === null || v === undefined) return '';
  // All decimals as stored (coordinates, measurements): German separators, no rounding.
  if (NUMERIC.has(f.type) && (typeof v === 'number' || /^-?\d+(\.\d+)?$/.test(String(v)))) return Number(v).toLocaleString('de-DE', { maximumFractionDigits: 15 });
  if (f.type === 'date' && typeof v === 'string') return new Date(`${v.slice(0, 10)}T00:00:00Z`).toLocaleDateString('de-DE', { timeZone: 'UTC' });
  if (f.type === 'timestamp' && typeof v === 'string') return new Date(`${v.replace(' ', 'T').slice(0, 19)}Z`).toLocaleString('de-DE', { timeZone: 'UTC' });
  return String(v);
}

export function TablePreview({ resourceId }: { resourceId: string }) {
  const [offset, setOffset] = useState(0);
  const [sort, setSort] = useState<{ col: string; desc: boolean }>();
  const [q, setQ] = useState('');
  const [input, setInput] = useState('');
  const params = new URLSearchParams({ resource_id: resourceId, limit: String(LIMIT), offset: String(offset), include_total: 'true' });
  if (sort) params.set('sort', `"${sort.col}" ${sort.desc ? 'desc' : 'asc'}`);
  if (q) params.set('q', q);
  const res = useApi<{ result: SearchResult }>(`/api/3/action/datastore_search?${params}`);
  const search = (e: FormEvent) => {
    e.preventDefault();
    setOffset(0);
    setQ(input.trim());
  };
  return (
    <section aria-labelledby="tabelle">
      <h2 id="tabelle">Daten</h2>
      <form className="inline-search" role="search" onSubmit={search}>
        <label htmlFor="ds-q">In allen Spalten suchen</label>
        <input id="ds-q" type="search" value={input} onChange={(e) => setInput(e.target.value)} />
        <Button type="submit" variant="secondary">Suchen</Button>
      </form>
      <Loaded resource={res} loading="Daten werden geladen …" errorTitle="Die Daten konnten nicht geladen werden.">
        {({ result }) => {
          const fields = result.fields.filter((f) => f.id !== '_id');
          return (
            <>
              <div className="table-wrap" role="region" aria-labelledby="ds-caption" tabIndex={0}>
                <table>
                  <caption id="ds-caption">
                    {numberDe.format(result.total ?? result.records.length)} Zeilen{q ? ` mit „${q}“` : ''}; Spaltenköpfe sortieren
                  </caption>
                  <thead>
                    <tr>
                      {fields.map((f) => {
                        const sorted = sort?.col === f.id;
                        return (
                          <th key={f.id} scope="col" className={NUMERIC.has(f.type) ? 'num' : undefined} aria-sort={sorted ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
                            <button type="button" className="linklike" title={f.info?.label} onClick={() => { setOffset(0); setSort({ col: f.id, desc: sorted ? !sort.desc : false }); }}>
                              {f.id}{f.info?.unit ? ` (${f.info.unit})` : ''}{sorted ? (sort.desc ? ' ↓' : ' ↑') : ''}
                            </button>
                          </th>
                        );
                      })}
                    </tr>
                  </thead>
                  <tbody>
                    {result.records.map((r, i) => (
                      <tr key={String(r._id ?? i)}>
                        {fields.map((f) => <td key={f.id} className={NUMERIC.has(f.type) ? 'num' : undefined}>{show(r[f.id], f)}</td>)}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager total={result.total ?? 0} limit={LIMIT} offset={offset} onChange={setOffset} label="Seiten der Tabelle" />
            </>
          );
        }}
      </Loaded>
    </section>
  );
}
