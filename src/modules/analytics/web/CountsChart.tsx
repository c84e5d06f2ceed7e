// A simple distribution as bars: counts per category (error kinds, duration buckets, ratings),
// with each category's share in the table.
import { useMemo } from 'react';
import { Table } from '../../../web/ui/Table.tsx';
import { barsOption } from './chartStyle.ts';
import { ChartFigure } from './ChartFigure.tsx';
import type { CsvTable } from './csv.ts';
import { fmtInt, fmtPct } from './format.ts';

export type CountRow = { key: string; label: string; count: number };
type Props = { id: string; title: string; category: string; rows: CountRow[]; what: string; extra?: string; filename: string; emptyText?: string };

export function CountsChart({ id, title, category, rows, what, extra = '', filename, emptyText = 'Noch keine Zahlen für diesen Zeitraum.' }: Props) {
  const option = useMemo(() => barsOption(rows.map((r) => r.label), [{ name: what, values: rows.map((r) => r.count) }], 'count'), [rows, what]);
  const all = rows.reduce((n, r) => n + r.count, 0);
  const share = (n: number) => (all ? Math.round((1000 * n) / all) / 10 : null);
  const note = `${what} je ${category}, zusammen ${fmtInt(all)}.${extra ? ` ${extra}` : ''} Die Zahlen stehen in der Tabelle.`;
  const csv: CsvTable = { filename, headers: [category, 'Anzahl', 'Anteil (%)'], rows: rows.map((r) => [r.label, r.count, share(r.count)]) };
  const table = (
    <Table<CountRow>
      caption={`${what} je ${category}`}
      rows={rows}
      rowKey={(r) => r.key}
      columns={[
        { header: category, rowHeader: true, cell: (r) => r.label },
        { header: 'Anzahl', numeric: true, cell: (r) => fmtInt(r.count) },
        { header: 'Anteil', numeric: true, cell: (r) => fmtPct(share(r.count)) },
      ]}
    />
  );
  return <ChartFigure id={id} title={title} option={option} note={note} table={table} csv={csv} small={rows.length <= 5} empty={all === 0 && emptyText} />;
}
