// All services of the municipality in one table: figures of the period and the change of the
// applications against the period before (arrow and words, never colour alone). Each name leads
// to the service's page. The same rows as CSV.
import { Link } from 'react-router';
import { Table } from '../../../web/ui/Table.tsx';
import type { CsvTable } from './csv.ts';
import { changeOf, fmtDec2, fmtInt, fmtPct, serviceLabel } from './format.ts';
import type { Overview, OverviewItem } from './types.ts';

export function ServicesTable({ data, tenantName, linkSearch }: { data: Overview; tenantName: string; linkSearch: string }) {
  return (
    <Table<OverviewItem>
      caption={`Alle ${fmtInt(data.items.length)} Dienste von ${tenantName}`}
      rows={data.items}
      rowKey={(i) => i.service_key}
      columns={[
        { header: 'Dienst', rowHeader: true, cell: (i) => <Link to={`/verwaltung/analytik/dienste/${encodeURIComponent(i.service_key)}${linkSearch}`}>{serviceLabel(i)}</Link> },
        { header: 'Leistungs\u00ADschlüssel', cell: (i) => <span className="mono ana-key">{i.service_key}</span> },
        { header: 'Aufrufe', numeric: true, cell: (i) => fmtInt(i.views) },
        { header: 'Starts', numeric: true, cell: (i) => fmtInt(i.starts) },
        { header: 'Anträge', numeric: true, cell: (i) => fmtInt(i.submissions) },
        { header: 'Konversion', numeric: true, cell: (i) => fmtPct(i.conversion) },
        { header: 'Bewertung Ø', numeric: true, cell: (i) => fmtDec2(i.rating_mean) },
        { header: 'Digital\u00ADquote', numeric: true, cell: (i) => fmtPct(i.digital_share) },
        { header: 'Anträge ggü. Vor\u00ADzeitraum', cell: (i) => <Change item={i} /> },
      ]}
    />
  );
}

function Change({ item }: { item: OverviewItem }) {
  const c = changeOf(item.submissions, item.previous?.submissions);
  if (c.delta === null) return <>kein Vergleich</>;
  const sign = c.delta > 0 ? '+' : c.delta < 0 ? '−' : '±';
  return (
    <span className="ana-change">
      {c.arrow && <span aria-hidden="true">{c.arrow} </span>}
      {sign}{fmtInt(Math.abs(c.delta))}
      <span className="sub">{c.words}, vorher {fmtInt(item.previous!.submissions)}</span>
    </span>
  );
}

export function servicesCsv(data: Overview, tenant: string): CsvTable {
  return {
    filename: `dienste-${tenant}-${data.period.from}-${data.period.to}.csv`,
    headers: ['Dienst', 'Leistungsschlüssel', 'Aufrufe', 'Starts', 'Anträge', 'Konversion (%)', 'Bewertung Ø', 'Digitalquote (%)', 'Anträge Vorzeitraum', 'Veränderung Anträge'],
    rows: data.items.map((i) => [
      serviceLabel(i), i.service_key, i.views, i.starts, i.submissions, i.conversion, i.rating_mean, i.digital_share,
      i.previous?.submissions, i.previous ? i.submissions - i.previous.submissions : null,
    ]),
  };
}
