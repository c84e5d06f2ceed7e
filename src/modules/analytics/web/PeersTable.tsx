// The peer group in a table: every member, also those without figures („keine Daten“) or with
// figures hidden because of too few cases („zu wenige Fälle“), and the group's median last.
import { Table } from '../../../web/ui/Table.tsx';
import type { CsvTable } from './csv.ts';
import { fmtDec2, fmtInt, fmtPct } from './format.ts';
import type { PeerItem, Peers } from './types.ts';

type Row = PeerItem | { median: true };
const NO_DATA = 'keine Daten';
const SUPPRESSED = 'zu wenige Fälle';

const why = (i: PeerItem) => (i.no_data ? NO_DATA : i.suppressed ? SUPPRESSED : undefined);

export function PeersTable({ data }: { data: Peers }) {
  const m = data.median;
  const cell = (r: Row, member: (i: PeerItem) => string, median: string) => ('median' in r ? median : member(r));
  return (
    <Table<Row>
      caption={`${data.group.label}: Anträge und Kennzahlen je Kommune`}
      rows={[...data.items, { median: true }]}
      rowKey={(r) => ('median' in r ? '~median' : r.tenant)}
      columns={[
        { header: 'Kommune', rowHeader: true, cell: (r) => ('median' in r ? 'Median der Gruppe' : r.self ? <span className="ana-self">{r.name} (eigene Kommune)</span> : r.name) },
        { header: 'Einwohner', numeric: true, cell: (r) => cell(r, (i) => fmtInt(i.population), '') },
        { header: 'Anträge', numeric: true, cell: (r) => cell(r, (i) => why(i) ?? fmtInt(i.submissions), '') },
        { header: 'je 1.000 Einwohner', numeric: true, cell: (r) => cell(r, (i) => (why(i) ? '–' : fmtDec2(i.submissions_per_1000)), fmtDec2(m.submissions_per_1000)) },
        { header: 'Konversion', numeric: true, cell: (r) => cell(r, (i) => fmtPct(i.conversion), fmtPct(m.conversion)) },
        { header: 'Bewertung Ø', numeric: true, cell: (r) => cell(r, (i) => fmtDec2(i.rating_mean), fmtDec2(m.rating_mean)) },
        { header: 'Digitalquote', numeric: true, cell: (r) => cell(r, (i) => fmtPct(i.digital_share), fmtPct(m.digital_share)) },
      ]}
    />
  );
}

export function peersCsv(data: Peers, slug: string): CsvTable {
  return {
    filename: `vergleich-${data.group.kind}-${slug}.csv`,
    headers: ['Kommune', 'Eigene Kommune', 'Einwohner', 'Anträge', 'Anträge je 1.000 Einwohner', 'Konversion (%)', 'Bewertung Ø', 'Digitalquote (%)', 'Hinweis'],
    rows: [
      ...data.items.map((i) => [i.name, i.self ? 'ja' : 'nein', i.population, i.submissions, i.submissions_per_1000, i.conversion, i.rating_mean, i.digital_share, why(i) ?? '']),
      ['Median der Gruppe', '', null, null, data.median.submissions_per_1000, data.median.conversion, data.median.rating_mean, data.median.digital_share, ''],
    ],
  };
}
