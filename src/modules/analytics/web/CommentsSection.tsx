// Free-text feedback of a service, newest first, for its owners only. Everyone else gets a calm
// note instead of an error (the server answers 403; 404 is treated alike).
import { useEffect, useState } from 'react';
import { api, ApiError, errorMessage } from '../../../web/api.ts';
import { Alert, Loading } from '../../../web/ui/Alert.tsx';
import { Button } from '../../../web/ui/Button.tsx';
import { dayLabel } from './format.ts';
import type { Comment, Comments, Range } from './types.ts';

const PAGE = 20;
const ONLY_OWNERS = 'Kommentare sehen nur die Verantwortlichen dieses Dienstes.';

export function CommentsSection({ api: base, serviceKey, range }: { api: string; serviceKey: string; range: Range }) {
  const [items, setItems] = useState<Comment[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'hidden' | 'failed'>('loading');
  const [error, setError] = useState('');
  const path = `${base}/services/${encodeURIComponent(serviceKey)}/comments?from=${range.from}&to=${range.to}&limit=${PAGE}`;

  const load = async (cursor: string | null, signal?: AbortSignal) => {
    try {
      const page = await api<Comments>('GET', cursor ? `${path}&cursor=${encodeURIComponent(cursor)}` : path, undefined, signal);
      setItems((old) => (cursor ? [...old, ...page.items] : page.items));
      setNext(page.next_cursor);
      setState('ready');
    } catch (err) {
      if (signal?.aborted) return;
      if (err instanceof ApiError && (err.status === 403 || err.status === 404)) return setState('hidden');
      setError(errorMessage(err));
      setState('failed');
    }
  };
  useEffect(() => {
    const ctrl = new AbortController();
    setState('loading');
    void load(null, ctrl.signal);
    return () => ctrl.abort();
  }, [path]); // load reads only path

  return (
    <section aria-labelledby="rueckmeldungen">
      <h2 id="rueckmeldungen">Rückmeldungen</h2>
      <p className="hint">Freitexte zu Bewertungen. E-Mail-Adressen, Telefonnummern und IBAN wurden vor dem Speichern entfernt.</p>
      {state === 'loading' && <Loading>Rückmeldungen werden geladen …</Loading>}
      {state === 'hidden' && <Alert kind="info">{ONLY_OWNERS}</Alert>}
      {state === 'failed' && <Alert kind="error" title="Die Rückmeldungen konnten nicht geladen werden."><p>{error}</p></Alert>}
      {state === 'ready' && items.length === 0 && <p className="ana-empty">Keine Rückmeldungen in diesem Zeitraum.</p>}
      {items.length > 0 && (
        <ul className="ana-comments">
          {items.map((c) => (
            <li key={c.id}>
              <p className="ana-comment-meta">
                {dayLabel(c.day)} · Bewertung {c.rating} von 5 · Formularversion {c.form_version}
              </p>
              <blockquote>{c.comment}</blockquote>
            </li>
          ))}
        </ul>
      )}
      {state === 'ready' && next && (
        <p>
          <Button variant="secondary" onClick={() => void load(next)}>Weitere Rückmeldungen laden</Button>
        </p>
      )}
    </section>
  );
}
