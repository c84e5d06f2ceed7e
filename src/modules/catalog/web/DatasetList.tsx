// A short list of datasets (title, organisation, date, formats, start of the description), as on
// the search page; used on organisation and cooperation pages.
import { Link } from 'react-router';
import { formatDate } from '../../../web/format.ts';
import type { Package } from './types.ts';

export function DatasetList({ items, headingLevel = 3 }: { items: Package[]; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <ol className="result-list">
      {items.map((p) => (
        <li key={p.id}>
          <H className="result-title">
            <Link to={`/daten/${p.name}`}>{p.title}</Link>
          </H>
          <p className="meta">
            {p.organization.title} · aktualisiert {formatDate(p.metadata_modified + 'Z')}
            {p.resources.length > 0 && <> · {[...new Set(p.resources.map((x) => x.format).filter(Boolean))].join(', ')}</>}
          </p>
          {p.notes && <p>{p.notes.length > 200 ? `${p.notes.slice(0, 200)} …` : p.notes}</p>}
        </li>
      ))}
    </ol>
  );
}

/** Links to a catalogue in the three DCAT-AP.de serialisations. */
export function CatalogLinks({ base, label }: { base: string; label: string }) {
  return (
    <p>
      {label}:{' '}
      <a href={`${base}.ttl`}>Turtle</a>, <a href={`${base}.rdf`}>RDF/XML</a>, <a href={`${base}.jsonld`}>JSON-LD</a>
    </p>
  );
}
