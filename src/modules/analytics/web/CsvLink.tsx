// A download link for a table as CSV, built in the browser (an object URL, freed when the
// numbers change or the link goes away).
import { useEffect, useMemo } from 'react';
import { toCsv, type CsvTable } from './csv.ts';

export function CsvLink({ table, label }: { table: CsvTable; label: string }) {
  const text = toCsv(table);
  const href = useMemo(() => URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' })), [text]);
  useEffect(() => () => URL.revokeObjectURL(href), [href]);
  return (
    <a href={href} download={table.filename} className="ana-csv">
      CSV herunterladen<span className="visually-hidden"> – {label}</span>
    </a>
  );
}
