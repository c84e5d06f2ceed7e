// The confirmation after sending: the request's number and the tracking link, which is shown only
// here (the server keeps just its hash), so the page says to keep it.
import { useState } from 'react';
import { Link } from 'react-router';
import { Button } from '../../../web/ui/Button.tsx';
import { Page } from '../../../web/ui/Page.tsx';
import type { Submitted as Answer } from './types.ts';

export function Submitted({ answer, onAnother }: { answer: Answer; onAnother: () => void }) {
  const [copied, setCopied] = useState('');
  // The address as this browser reached the site (the server's PUBLIC_URL may name another host).
  const url = `${window.location.origin}${answer.tracking_path}`;
  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setCopied('Link kopiert.');
    } catch {
      setCopied('Kopieren ist hier nicht möglich – bitte markieren und kopieren Sie den Link.');
    }
  }
  return (
    <Page title="Vielen Dank – Ihr Anliegen ist eingegangen">
      <div className="token-once" role="status">
        <p>
          Ihre Nummer: <strong className="request-number">{answer.number}</strong>
        </p>
        <p>Unter diesem Link sehen Sie jederzeit den Stand. Bitte speichern Sie ihn – wir können ihn Ihnen nicht noch einmal zeigen.</p>
        <p className="token-value">
          <Link to={answer.tracking_path}>{url}</Link>
        </p>
        <div className="form-actions">
          <Button variant="secondary" onClick={() => void copy()}>
            Link kopieren
          </Button>
          <p className="copy-status" aria-live="polite">
            {copied}
          </p>
        </div>
      </div>
      {answer.photo && <p>Ihr Foto ist gespeichert, ohne Ortsangaben und andere Metadaten; sehen kann es nur die Verwaltung.</p>}
      <p>
        <Button variant="link" onClick={onAnother}>
          Weiteres Anliegen melden
        </Button>
      </p>
    </Page>
  );
}
