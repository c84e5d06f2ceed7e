// The admin area: a sub-navigation and the chosen page. Pages a user may not use are not offered
// (the server enforces the same rules; this only avoids dead ends).
import { Link, NavLink, Outlet } from 'react-router';
import { isAdministrator, useSession } from '../../../web/session.tsx';
import { Page } from '../../../web/ui/Page.tsx';
import type { User } from '../../../web/types.ts';
import { ROLE_LABEL } from './labels.ts';
import { MODULE_ADMIN_SECTIONS } from '../../../web/admin.ts';

export type AdminSection = { path: string; label: string; description: string; adminOnly?: boolean };

const CORE_SECTIONS: AdminSection[] = [
  { path: 'kommunen', label: 'Kommunen', description: 'Städte und Landkreise mit AGS und ARS, Stammdaten pflegen.' },
  { path: 'benutzer', label: 'Benutzer', description: 'Konten anlegen und Rollen je Kommune vergeben.', adminOnly: true },
  { path: 'tokens', label: 'API-Tokens', description: 'Eigene Zugangsschlüssel für Programme und Skripte.' },
  { path: 'protokoll', label: 'Protokoll', description: 'Wer hat wann was geändert – mit Vorher und Nachher.', adminOnly: true },
  { path: 'jobs', label: 'Hintergrundaufgaben', description: 'Laufende, wartende und fehlgeschlagene Jobs, wiederkehrende Pläne.', adminOnly: true },
];

function sectionsFor(user: User): AdminSection[] {
  return [...CORE_SECTIONS, ...MODULE_ADMIN_SECTIONS].filter((s) => !s.adminOnly || isAdministrator(user));
}

export function AdminLayout() {
  const { user } = useSession();
  if (!user) return null; // RequireLogin around this layout handles the redirect
  return (
    <div className="admin">
      <nav aria-label="Verwaltung" className="sub-nav">
        <ul>
          <li>
            <NavLink to="/verwaltung" end>
              Übersicht
            </NavLink>
          </li>
          {sectionsFor(user).map((s) => (
            <li key={s.path}>
              <NavLink to={`/verwaltung/${s.path}`}>{s.label}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="admin-content">
        <Outlet />
      </div>
    </div>
  );
}

export function AdminHome() {
  const { user } = useSession();
  if (!user) return null;
  return (
    <Page title="Verwaltung" lead={`Willkommen, ${user.name}.`}>
      <section aria-labelledby="konto">
        <h2 id="konto">Ihr Konto</h2>
        <dl className="facts">
          <dt>E-Mail-Adresse</dt>
          <dd>{user.email}</dd>
          <dt>Rechte</dt>
          <dd>
            {user.isPlatformAdmin && <p>Plattform-Administration (alle Kommunen)</p>}
            {user.memberships.length > 0 ? (
              <ul className="plain-list">
                {user.memberships.map((m) => (
                  <li key={m.tenantSlug}>
                    {m.tenantName}: {ROLE_LABEL[m.role]}
                  </li>
                ))}
              </ul>
            ) : (
              !user.isPlatformAdmin && <p>Noch keiner Kommune zugeordnet. Bitte wenden Sie sich an die Administration Ihrer Kommune.</p>
            )}
          </dd>
        </dl>
      </section>
      <section aria-labelledby="bereiche">
        <h2 id="bereiche">Bereiche</h2>
        <ul className="card-grid plain-list">
          {sectionsFor(user).map((s) => (
            <li key={s.path} className="card">
              <h3>
                <Link to={`/verwaltung/${s.path}`}>{s.label}</Link>
              </h3>
              <p>{s.description}</p>
            </li>
          ))}
        </ul>
      </section>
    </Page>
  );
}
