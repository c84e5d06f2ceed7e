// One resource of a dataset: download, and — when it is in the datastore — its data as a table.
// Editors of the publishing municipality can (re)load it into the datastore here.
import { useCallback, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useApi } from '../../../web/useApi.ts';
import { useSession } from '../../../web/session.tsx';
import { Page } from '../../../web/ui/Page.tsx';
import { Loaded } from '../../../web/ui/Loaded.tsx';
import type { Envelope, Package } from '../../catalog/web/types.ts';
import { LoadPanel } from './LoadPanel.tsx';
import { TablePreview } from './TablePreview.tsx';
import { ChartPanel } from './ChartPanel.tsx';
import { MapPanel } from './MapPanel.tsx';
import { VersionsPanel } from './VersionsPanel.tsx';
import { DictionaryEditor } from './DictionaryEditor.tsx';
import type { DsField } from './types.ts';

export function ResourcePage() {
  const { name = '', rid = '' } = useParams();
  const { user } = useSession();
  const pkg = useApi<Envelope<Package>>(`/api/3/action/package_show?id=${encodeURIComponent(name)}`);
  const [version, setVersion] = useState(0);
  const info = useApi<{ result: { fields: DsField[] } }>(`/api/3/action/datastore_info?id=${encodeURIComponent(rid)}`);
  const { reload } = info;
  // A finished load: ask again whether there is a table, and remount the table with fresh data.
  const loaded = useCallback(() => {
    reload();
    setVersion((v) => v + 1);
  }, [reload]);
  return (
    <Loaded resource={pkg} loading="Ressource wird geladen …" errorTitle="Die Ressource konnte nicht geladen werden.">
      {({ result: p }) => {
        const r = p.resources.find((x) => x.id === rid);
        if (!r) return <Page title="Ressource nicht gefunden"><p><Link to={`/daten/${p.name}`}>Zurück zum Datensatz</Link></p></Page>;
        const editor = !!user && (user.isPlatformAdmin || user.memberships.some((m) => m.tenantSlug === p.organization.name && m.role !== 'viewer'));
        return (
          <Page title={r.name || r.format || 'Ressource'} lead={<Link to={`/daten/${p.name}`}>{p.title}</Link>}>
            <p>
              <a href={r.url} rel="noopener noreferrer">Herunterladen ({r.format || 'Datei'})</a>
            </p>
            {editor && <LoadPanel resourceId={r.id} onLoaded={loaded} />}
            {info.data ? (
              <>
                <ChartPanel key={`c${version}`} resourceId={r.id} fields={info.data.result.fields} />
                <MapPanel key={`m${version}`} resourceId={r.id} fields={info.data.result.fields} />
                <TablePreview key={version} resourceId={r.id} />
                {editor && <DictionaryEditor resourceId={r.id} onSaved={loaded} />}
                <VersionsPanel key={`v${version}`} resourceId={r.id} editor={editor} />
              </>
            ) : !info.loading && <p>Diese Ressource ist noch nicht im Datastore; ihre Daten sind nur als Datei verfügbar.</p>}
          </Page>
        );
      }}
    </Loaded>
  );
}
