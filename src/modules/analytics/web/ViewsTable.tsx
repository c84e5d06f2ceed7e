// The saved views one may see: own municipality's first, then (with the toggle) those partners
// share with the cooperation, which can be copied into the own municipality.
import { Link } from 'react-router';
import { Button } from '../../../web/ui/Button.tsx';
import { Table } from '../../../web/ui/Table.tsx';
import { metricLabel, INTERVAL_LABEL } from './metrics.ts';
import type { SavedView } from './types.ts';
import { periodWords, VISIBILITY_LABEL } from './viewForm.ts';

type Props = { views: SavedView[]; linkSearch: string; mayCopy: boolean; copying: string; onCopy: (v: SavedView) => void };

export function ViewsTable({ views, linkSearch, mayCopy, copying, onCopy }: Props) {
  return (
    <Table<SavedView>
      caption={`Gespeicherte Ansichten (${views.length})`}
      rows={views}
      rowKey={(v) => v.id}
      empty="Noch keine gespeicherten Ansichten. Legen Sie unten die erste an."
      columns={[
        {
          header: 'Name', rowHeader: true,
          cell: (v) => (
            <>
              <Link to={`/verwaltung/analytik/ansichten/${v.id}${linkSearch}`}>{v.name}</Link>
              {v.description && <span className="sub">{v.description}</span>}
            </>
          ),
        },
        { header: 'Was', cell: (v) => `${metricLabel(v.definition.metric)} je ${INTERVAL_LABEL[v.definition.interval]}, ${periodWords(v.definition)}` },
        { header: 'Sichtbar für', cell: (v) => VISIBILITY_LABEL[v.visibility] },
        { header: 'Von', cell: (v) => (v.own ? (v.mine ? 'mir' : v.tenant_name) : <>{v.tenant_name}<span className="sub">Partner&shy;kommune</span></>) },
        {
          header: 'Aktion',
          cell: (v) => (!v.own && mayCopy ? (
            <Button variant="secondary" busy={copying === v.id} aria-label={`Kopieren: ${v.name}`} onClick={() => onCopy(v)}>
              Kopieren
            </Button>
          ) : '–'),
        },
      ]}
    />
  );
}
