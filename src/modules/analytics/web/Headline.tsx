// The headline figures of one service in the period.
import { fmtDec2, fmtInt, fmtPct } from './format.ts';
import type { ServiceMetrics } from './types.ts';

export function Headline({ data }: { data: ServiceMetrics }) {
  const rated = data.ratings.reduce((n, r) => n + r.count, 0);
  return (
    <section aria-labelledby="kennzahlen">
      <h2 id="kennzahlen">Kennzahlen</h2>
      <dl className="ana-totals">
        <div><dt>Aufrufe</dt><dd>{fmtInt(data.views)}</dd></div>
        <div><dt>Starts</dt><dd>{fmtInt(data.starts)}</dd></div>
        <div><dt>Anträge</dt><dd>{fmtInt(data.submissions)}</dd></div>
        <div><dt>Konversion</dt><dd>{fmtPct(data.conversion)}<span className="sub">Anträge je Start</span></dd></div>
        <div><dt>Bewertung Ø</dt><dd>{fmtDec2(data.rating_mean)}<span className="sub">von 5, {fmtInt(rated)} Bewertungen</span></dd></div>
        <div>
          <dt>Digitalquote</dt>
          <dd>
            {fmtPct(data.digital_share)}
            <span className="sub">{data.offline === null ? 'keine Offline-Zahlen erfasst' : `${fmtInt(data.offline)} Anträge offline`}</span>
          </dd>
        </div>
      </dl>
    </section>
  );
}
