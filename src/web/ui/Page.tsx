// Every page: one h1, a document title, and focus on the heading after client-side navigation,
// so screen reader users learn that the page changed (a full load starts at the top anyway).
import { useEffect, useRef, type ReactNode } from 'react';

let firstPage = true;

export function Page({ title, lead, actions, children }: { title: string; lead?: ReactNode; actions?: ReactNode; children?: ReactNode }) {
  const h1 = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} – stadtkern`;
  }, [title]);
  useEffect(() => {
    if (firstPage) firstPage = false;
    else h1.current?.focus();
  }, []);
  return (
    <div className="page">
      <div className="page-head">
        <h1 ref={h1} tabIndex={-1}>
          {title}
        </h1>
        {actions}
      </div>
      {lead && <p className="lead">{lead}</p>}
      {children}
    </div>
  );
}
