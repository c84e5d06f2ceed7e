// A section with a drawn graphic (chart, map) whose text alternative is also its caption.
// `children` follow the figure inside the section, e.g. the data table beside a chart.
import type { ReactNode, Ref } from 'react';

export function GraphicSection({ id, title, canvasClass, canvasRef, note, children }: { id: string; title: string; canvasClass: string; canvasRef: Ref<HTMLDivElement>; note: string; children?: ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <figure className="chart">
        <div ref={canvasRef} className={canvasClass} role="img" aria-label={note} />
        <figcaption>{note}</figcaption>
      </figure>
      {children}
    </section>
  );
}
