// Loads one GET resource for a component: data, error, loading, and reload() after a write.
// A newer request aborts the older one, so fast filter changes never show stale rows.
import { useCallback, useEffect, useState } from 'react';
import { api } from './api.ts';

export type Resource<T> = { data: T | undefined; error: unknown; loading: boolean; reload: () => void };

export function useApi<T>(path: string | null): Resource<T> {
  const [data, setData] = useState<T | undefined>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(path !== null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    if (path === null) return;
    const ctrl = new AbortController();
    setLoading(true);
    api<T>('GET', path, undefined, ctrl.signal).then(
      (d) => {
        setData(d);
        setError(undefined);
        setLoading(false);
      },
      (err: unknown) => {
        if (ctrl.signal.aborted) return;
        setError(err);
        setLoading(false);
      },
    );
    return () => ctrl.abort();
  }, [path, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, loading, reload };
}
