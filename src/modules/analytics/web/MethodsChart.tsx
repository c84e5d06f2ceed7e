// Authentication or payment methods: each method's share of all attempts and its failure rate
// (failures and aborts), as two bars per method with different patterns, and in the table with
// the counts behind them.
import { useMemo } from 'react';
import { Table } from '../../../web/ui/Table.tsx';
import { barsOption } from './chartStyle.ts';
import { ChartFigure } from './ChartFigure.tsx';
import type { CsvTable } from './csv.ts';
import { AUTH_LABEL, fmtInt, fmtPct, PAYMENT_LABEL } from './format.ts';
import type { MethodRow } from './types.ts';

const KIND = {
  auth: { id: 'anmeldung', title: 'Anmeldeverfahren', labels: AUTH_LABEL, what: 'Anmeldungen', none: 'Für diesen Dienst wurden im Zeitraum keine Anmeldungen gezählt.' },
  payment: { id: 'zahlung', title: 'Zahlarten', labels: PAYMENT_LABEL, what: 'Zahlungen', none: 'Für diesen Dienst wurden im Zeitraum keine Zahlungen gezählt.' },
} as const;

export function MethodsChart({ rows, kind, slug }: { rows: MethodRow[]; kind: 'auth' | 'payment'; slug: string }) {
  const k = KIND[kind];
  const label = (m: string) => (k.labels as Record<string, string>)[m] ?? m;
  const option = useMemo(() => barsOption(rows.map((r) => label(r.method)), [
    { name: 'Anteil', values: rows.map((r) => r.share) },
    { name: 'Fehler- und Abbruchquote', values: rows.map((r) => r.failure_rate) },
  ], 'percent'), [rows, kind]); // label follows kind
  const all = rows.reduce((n, r) => n + r.success + r.failure + r.abort, 0);
  const top = rows[0];
  const note = top
    ? `${k.what} je Verfahren: Anteil an allen ${fmtInt(all)} Versuchen (oberer Balken) und Anteil der fehlgeschlagenen oder abgebrochenen (unterer Balken, anderes Muster). Am häufigsten: ${label(top.method)} mit ${fmtPct(top.share)}. Die Zahlen stehen in der Tabelle.`
    : k.none;
  const csv: CsvTable = {
    filename: `${k.id}-${slug}.csv`,
    headers: ['Verfahren', 'Anteil (%)', 'Erfolgreich', 'Fehlgeschlagen', 'Abgebrochen', 'Fehler- und Abbruchquote (%)'],
    rows: rows.map((r) => [label(r.method), r.share, r.success, r.failure, r.abort, r.failure_rate]),
  };
  const table = (
    <Table<MethodRow>
      caption={`${k.what} je Verfahren`}
      rows={rows}
      rowKey={(r) => r.method}
      columns={[
        { header: 'Verfahren', rowHeader: true, cell: (r) => label(r.method) },
        { header: 'Anteil', numeric: true, cell: (r) => fmtPct(r.share) },
        { header: 'Erfolg\u00ADreich', numeric: true, cell: (r) => fmtInt(r.success) },
        { header: 'Fehl\u00ADgeschlagen', numeric: true, cell: (r) => fmtInt(r.failure) },
        { header: 'Abge\u00ADbrochen', numeric: true, cell: (r) => fmtInt(r.abort) },
        { header: 'Fehler\u00ADquote', numeric: true, cell: (r) => fmtPct(r.failure_rate) },
      ]}
    />
  );
  return <ChartFigure id={k.id} title={k.title} option={option} note={note} table={table} csv={csv} stacked empty={rows.length === 0 && k.none} />;
}
