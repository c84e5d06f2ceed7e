// Data tables with caption and scoped headers. The wrapper scrolls sideways on small screens and
// is focusable so keyboard users can scroll it too.
import { useId, type ReactNode } from 'react';

export type Column<T> = {
  header: string;
  cell: (row: T) => ReactNode;
  /** The column that names the row: rendered as <th scope="row">. */
  rowHeader?: boolean;
  numeric?: boolean;
};

type Props<T> = {
  caption: ReactNode;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string | number;
  empty?: ReactNode;
  captionHidden?: boolean;
};

export function Table<T>({ caption, columns, rows, rowKey, empty = 'Keine Einträge vorhanden.', captionHidden }: Props<T>) {
  const id = useId();
  return (
    <div className="table-wrap" role="region" aria-labelledby={id} tabIndex={0}>
      <table>
        <caption id={id} className={captionHidden ? 'visually-hidden' : undefined}>
          {caption}
        </caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.header} scope="col" className={c.numeric ? 'num' : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="empty">
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((r) => (
              <tr key={rowKey(r)}>
                {columns.map((c) =>
                  c.rowHeader ? (
                    <th key={c.header} scope="row">
                      {c.cell(r)}
                    </th>
                  ) : (
                    <td key={c.header} className={c.numeric ? 'num' : undefined}>
                      {c.cell(r)}
                    </td>
                  ),
                )}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
