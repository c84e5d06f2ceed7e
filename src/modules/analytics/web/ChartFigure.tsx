// One figure of an analytics page: heading, the chart with its text alternative as accessible
// name and visible caption, the same numbers as a table beside it (below on narrow screens or
// for wide tables), and that table as CSV. Without figures it says so instead of drawing nothing.
import { useMemo, type ReactNode } from 'react';
import type { CsvTable } from './csv.ts';
import { CsvLink } from './CsvLink.tsx';
import { useChart, type ChartOption } from './useChart.ts';

type Props = {
  id: string;
  title: string;
  level?: 2 | 3;
  /** No chart (e.g. a saved view of type "table"): only the table and its CSV. */
  option?: ChartOption;
  /** What the chart shows, in words. */
  note: string;
  controls?: ReactNode;
  table: ReactNode;
  csv: CsvTable;
  stacked?: boolean;
  /** A lower canvas for a handful of bars. */
  small?: boolean;
  /** Set when there are no figures: shown instead of chart and table. */
  empty?: string | false;
};

export function ChartFigure({ id, title, level = 2, option, note, controls, table, csv, stacked, small, empty }: Props) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section aria-labelledby={id} id={`${id}-block`} className={['ana-figure', stacked || !option ? 'stacked' : '', empty ? 'empty' : ''].filter(Boolean).join(' ')}>
      <Heading id={id}>{title}</Heading>
      {controls && <div className="ana-controls">{controls}</div>}
      {empty ? (
        <p className="ana-empty">{empty}</p>
      ) : (
        <div className="ana-figure-body">
          {option && <Chart option={option} note={note} small={small} />}
          <div className="ana-data">
            {!option && <p className="hint">{note}</p>}
            {table}
            <p className="ana-downloads">
              <CsvLink table={csv} label={title} />
            </p>
          </div>
        </div>
      )}
    </section>
  );
}

function Chart({ option, note, small }: { option: ChartOption; note: string; small?: boolean }) {
  // ECharts would write its own English description into the box's aria-label; ours is German.
  const described = useMemo(() => ({ ...option, aria: { ...(option.aria as object), label: { description: note } } }), [option, note]);
  const { box, failed } = useChart(described);
  return (
    <figure className="chart ana-chart">
      <div ref={box} className={small ? 'chart-canvas ana-canvas small' : 'chart-canvas ana-canvas'} role="img" aria-label={note} />
      <figcaption>{failed ? `Das Diagramm konnte nicht geladen werden. ${note}` : note}</figcaption>
    </figure>
  );
}
