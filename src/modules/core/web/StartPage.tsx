// The public start page: what stadtkern is, who takes part, and which cooperations exist.
import { Link } from 'react-router';
import { useApi } from '../../../web/useApi.ts';
import type { Cooperation, Tenant } from '../../../web/types.ts';
import { Page } from '../../../web/ui/Page.tsx';
import { Table } from '../../../web/ui/Table.tsx';
import { Loaded } from '../../../web/ui/Loaded.tsx';
import { Alert } from '../../../web/ui/Alert.tsx';
import { useSession } from '../../../web/session.tsx';
import { TENANT_TYPE_LABEL } from './labels.ts';

export function StartPage() {
  const tenants = useApi<{ items: Tenant[] }>('/api/v1/tenants');
  const cooperations = useApi<{ items: Cooperation[] }>('/api/v1/cooperations');
  const { user } = useSession();

  return (
    <Page
      title="stadtkern – das gemeinsame digitale Rathaus"
      lead="Städte und Landkreise betreiben eine offene Plattform gemeinsam: offene Daten, Echtzeit-Stadtdaten, Bürgeranliegen mit verlässlichen Bearbeitungszeiten, Onlinedienste, wiederverwendbare Prozesse, Beteiligung und Dashboards für die datenbasierte Steuerung."
    >
      <ul className="feature-list">
        <li>
          <strong>Eine Installation, viele Kommunen:</strong> jede Stadt und jeder Landkreis verwaltet die eigenen Daten und Rechte.
        </li>
        <li>
          <strong>Offene Standards:</strong> CKAN, DCAT-AP.de, Open311 und OGC SensorThings – Daten bleiben portabel.
        </li>
        <li>
          <strong>Barrierefrei:</strong> nach WCAG 2.1 AA und BITV 2.0, per Tastatur bedienbar.
        </li>
      </ul>
      <p className="cta">
        {user ? <Link to="/verwaltung">Zur Verwaltung</Link> : <Link to="/anmelden">Anmelden für Mitarbeitende der Kommunen</Link>}
        {' · '}
        <Link to="/anliegen/melden">Anliegen melden – ohne Anmeldung</Link>
        {' · '}
        <a href="/api/docs">Programmierschnittstelle (API) erkunden</a>
      </p>

      <section aria-labelledby="mitglieder">
        <h2 id="mitglieder">Mitglieder</h2>
        <Loaded resource={tenants} loading="Kommunen werden geladen …" errorTitle="Die Kommunen konnten nicht geladen werden.">
          {({ items }) =>
            items.length === 0 ? (
              <Alert kind="info" title="Noch keine Kommunen eingetragen.">
                <p>
                  Die Plattform-Administration legt Kommunen in der Verwaltung an. Für eine Vorführung startet <code>stadtkern serve --demo</code> mit
                  Beispielkommunen aus Hessen.
                </p>
              </Alert>
            ) : (
              <TenantTable items={items} />
            )
          }
        </Loaded>
      </section>

      <section aria-labelledby="kooperationen">
        <h2 id="kooperationen">Kooperationen</h2>
        <Loaded resource={cooperations} loading="Kooperationen werden geladen …" errorTitle="Die Kooperationen konnten nicht geladen werden.">
          {({ items }) =>
            items.length === 0 ? (
              <Alert kind="info" title="Noch keine Kooperationen.">
                <p>Kommunen können sich zu Kooperationen zusammenschließen, um Dienste, Vorlagen und Daten zu teilen.</p>
              </Alert>
            ) : (
              <div className="card-grid">
                {items.map((c) => (
                  <article key={c.id} className="card" aria-labelledby={`koop-${c.slug}`}>
                    <h3 id={`koop-${c.slug}`}>
                      <Link to={`/kooperationen/${c.slug}`}>{c.name}</Link>
                    </h3>
                    {c.description && <p>{c.description}</p>}
                    <h4>Mitglieder ({c.members.length})</h4>
                    {c.members.length ? (
                      <ul className="member-list">
                        {c.members.map((m) => (
                          <li key={m.slug}>{m.name}</li>
                        ))}
                      </ul>
                    ) : (
                      <p>Noch keine Mitglieder.</p>
                    )}
                    <p>
                      <Link to={`/daten?kooperation=${c.slug}`}>Offene Daten aller Mitglieder<span className="visually-hidden"> von {c.name}</span></Link>
                      <br />
                      <Link to={`/kooperationen/${c.slug}/serviceversprechen`}>Serviceversprechen im Vergleich<span className="visually-hidden"> – {c.name}</span></Link>
                    </p>
                  </article>
                ))}
              </div>
            )
          }
        </Loaded>
      </section>
    </Page>
  );
}

function TenantTable({ items }: { items: Tenant[] }) {
  const names = new Map(items.map((t) => [t.slug, t.name]));
  const sorted = [...items].sort((a, b) => a.name.localeCompare(b.name, 'de'));
  return (
    <>
    <Table
      caption={`Städte und Landkreise auf stadtkern (${items.length})`}
      rows={sorted}
      rowKey={(t) => t.id}
      columns={[
        { header: 'Name', rowHeader: true, cell: (t) => (t.website ? <a href={t.website}>{t.name}</a> : t.name) },
        { header: 'Art', cell: (t) => TENANT_TYPE_LABEL[t.type] },
        { header: 'AGS', cell: (t) => <span className="mono">{t.ags}</span> },
        { header: 'ARS', cell: (t) => <span className="mono">{t.ars}</span> },
        { header: 'Gehört zu', cell: (t) => (t.parentSlug ? (names.get(t.parentSlug) ?? t.parentSlug) : '–') },
        { header: 'Serviceversprechen', cell: (t) => <Link to={`/serviceversprechen/${t.slug}`}>Fristen und Zahlen<span className="visually-hidden"> von {t.name}</span></Link> },
      ]}
    />
    <p className="hint">AGS: Amtlicher Gemeindeschlüssel (8 Ziffern), ARS: Amtlicher Regionalschlüssel (12 Ziffern).</p>
    </>
  );
}
