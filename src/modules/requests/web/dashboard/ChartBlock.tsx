// One figure of the dashboard: heading, chart with its text alternative as caption, the same
// numbers as a table beside it (below on narrow screens), and the table as open data.
import { useMemo, type ReactNode } from 'react';
import { GraphicSection } from '../../../datastore/web/GraphicSection.tsx';
import { useEChart, type ChartOption } from './useEChart.ts';

type Props = {
  id: string;
  title: string;
  option: ChartOption;
  /** What the chart shows, in words: the canvas's accessible name and the visible caption. */
  note: string;
  /** Controls above the chart (e.g. which service), if any. */
  controls?: ReactNode;
  table: ReactNode;
  csvUrl: string;
  jsonUrl: string;
  /** Table below the chart instead of beside it, for tables too wide for the side column. */
  stacked?: boolean;
};

export function ChartBlock({ id, title, option, note, controls, table, csvUrl, jsonUrl, stacked }: Props) {
  // ECharts' aria writes its own (English, generated) description into the box's aria-label;
  // giving it ours keeps the German text alternative that the caption shows too.
  const described = useMemo(() => ({ ...option, aria: { ...(option.aria as object), label: { description: note } } }), [option, note]);
  const { box, failed } = useEChart(described);
  const caption = failed ? `Das Diagramm konnte nicht geladen werden. ${note}` : note;
  return (
    <div className={stacked ? 'promise-block stacked' : 'promise-block'} id={`${id}-block`}>
      <GraphicSection id={id} title={title} canvasClass="chart-canvas promise-canvas" canvasRef={box} note={caption}>
        <div className="promise-data">
          {controls}
          {table}
          <p className="promise-downloads">
            Offene Daten: <a href={csvUrl} download>CSV<span className="visually-hidden"> – {title}</span></a>
            {' · '}
            <a href={jsonUrl}>JSON<span className="visually-hidden"> – alle Zahlen dieser Seite</span></a>
          </p>
        </div>
      </GraphicSection>
    </div>
  );
}
