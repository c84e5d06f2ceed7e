// Filters and paging live in the URL (?kommune=giessen&ab=50), so views can be bookmarked,
// shared and restored with the back button.
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

export function useSearchState() {
  const [params, setParams] = useSearchParams();
  const get = useCallback((name: string, fallback = '') => params.get(name) ?? fallback, [params]);
  const offset = Math.max(0, Number.parseInt(params.get('ab') ?? '0', 10) || 0);
  /** Sets the given values (empty removes them); any filter change starts again on page one. */
  const update = useCallback(
    (values: Record<string, string | number | undefined>) => {
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        if (!('ab' in values)) next.delete('ab');
        for (const [k, v] of Object.entries(values)) {
          if (v === undefined || v === '' || v === 0) next.delete(k);
          else next.set(k, String(v));
        }
        return next;
      });
    },
    [setParams],
  );
  return { get, offset, update };
}
