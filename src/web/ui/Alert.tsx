// Messages: errors interrupt screen readers (role=alert), everything else waits (role=status).
import { forwardRef, type ReactNode } from 'react';

type Props = { kind?: 'info' | 'success' | 'warning' | 'error'; title?: string; children?: ReactNode; focusable?: boolean };

export const Alert = forwardRef<HTMLDivElement, Props>(function Alert({ kind = 'info', title, children, focusable }, ref) {
  return (
    <div ref={ref} className={`alert alert-${kind}`} role={kind === 'error' ? 'alert' : 'status'} tabIndex={focusable ? -1 : undefined}>
      {title && <p className="alert-title">{title}</p>}
      {children}
    </div>
  );
});

/** A status line while data loads, so a screen never looks empty without explanation. */
export function Loading({ children = 'Wird geladen …' }: { children?: ReactNode }) {
  return (
    <p className="loading" role="status">
      {children}
    </p>
  );
}
