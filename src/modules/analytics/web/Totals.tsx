// The headline figures of all services together, with the period before in words.
import { changeOf, fmtInt, fmtPct } from './format.ts';
import type { Overview } from './types.ts';

export function Totals({ data }: { data: Overview }) {
  const before = data.items.reduce((n, i) => n + (i.previous?.submissions ?? 0), 0);
  const c = changeOf(data.totals.submissions, data.items.some((i) => i.previous) ? before : null);
  return (
    <section aria-labelledby="summen">
      <h2 id="summen" className="visually-hidden">Summen aller Dienste</h2>
      <dl className="ana-totals">
        <div><dt>Dienste</dt><dd>{fmtInt(data.totals.services)}</dd></div>
        <div><dt>Aufrufe</dt><dd>{fmtInt(data.totals.views)}</dd></div>
        <div><dt>Starts</dt><dd>{fmtInt(data.totals.starts)}</dd></div>
        <div>
          <dt>Anträge</dt>
          <dd>
            {fmtInt(data.totals.submissions)}
            {c.delta !== null && <span className="sub">{c.arrow && <span aria-hidden="true">{c.arrow} </span>}{c.words} gegenüber Vorzeitraum ({fmtInt(before)})</span>}
          </dd>
        </div>
        <div><dt>Konversion</dt><dd>{fmtPct(data.totals.conversion)}<span className="sub">Anträge je Start</span></dd></div>
      </dl>
    </section>
  );
}
