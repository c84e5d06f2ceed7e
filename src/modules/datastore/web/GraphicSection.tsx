// A section with a drawn graphic (chart, map) whose text alternative is also its caption.
import type { Ref } from 'react';

export function GraphicSection({ id, title, canvasClass, canvasRef, note }: { id: string; title: string; canvasClass: string; canvasRef: Ref<HTMLDivElement>; note: string }) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <figure className="chart">
        <div ref={canvasRef} className={canvasClass} role="img" aria-label={note} />
        <figcaption>{note}</figcaption>
      </figure>
    </section>
  );
}
