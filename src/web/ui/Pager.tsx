// Offset paging for server lists: "Einträge 51–100 von 230" with previous/next buttons.
import { numberDe } from '../format.ts';
import { Button } from './Button.tsx';

type Props = { total: number; limit: number; offset: number; onChange: (offset: number) => void; label: string };

export function Pager({ total, limit, offset, onChange, label }: Props) {
  if (total <= limit && offset === 0) return <p className="pager-info">{total === 1 ? '1 Eintrag' : `${numberDe.format(total)} Einträge`}</p>;
  const from = Math.min(total, offset + 1);
  const to = Math.min(total, offset + limit);
  return (
    <nav className="pager" aria-label={label}>
      <Button variant="secondary" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - limit))}>
        Vorherige Seite
      </Button>
      <p className="pager-info" aria-live="polite">
        Einträge {numberDe.format(from)}–{numberDe.format(to)} von {numberDe.format(total)}
      </p>
      <Button variant="secondary" disabled={offset + limit >= total} onClick={() => onChange(offset + limit)}>
        Nächste Seite
      </Button>
    </nav>
  );
}
