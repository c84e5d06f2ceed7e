// The frame around every page: skip link, header with navigation and session, main, footer.
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useState, type MouseEvent } from 'react';
import { useSession } from './session.tsx';
import { Button } from './ui/Button.tsx';

export function AppShell() {
  const { user, logout } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [leaving, setLeaving] = useState(false);

  async function onLogout() {
    setLeaving(true);
    try {
      await logout();
    } catch {
      // The session is dropped locally either way; the server forgets it when it expires.
    } finally {
      setLeaving(false);
    }
    // Inside the admin area RequireLogin redirects (with the same notice); public pages stay.
    if (!location.pathname.startsWith('/verwaltung')) navigate('/anmelden', { state: { notice: 'Sie haben sich abgemeldet.' } });
  }

  // Focus the main region directly: a plain #hash would go through the router.
  function skipToContent(e: MouseEvent<HTMLAnchorElement>) {
    e.preventDefault();
    document.getElementById('inhalt')?.focus();
  }

  return (
    <>
      <a className="skip-link" href="#inhalt" onClick={skipToContent}>
        Zum Inhalt springen
      </a>
      <header className="site-header">
        <div className="container header-inner">
          <Link to="/" className="brand">
            <span className="brand-mark" aria-hidden="true" />
            stadtkern
            <span className="brand-sub">Digitales Rathaus</span>
          </Link>
          <nav aria-label="Hauptnavigation" className="main-nav">
            <ul>
              <li>
                <NavLink to="/" end>
                  Start
                </NavLink>
              </li>
              <li>
                <NavLink to="/daten">Offene Daten</NavLink>
              </li>
              <li>
                <NavLink to="/organisationen">Organisationen</NavLink>
              </li>
              <li>
                <NavLink to="/anliegen/melden">Anliegen melden</NavLink>
              </li>
              {user ? (
                <li>
                  <NavLink to="/verwaltung">Verwaltung</NavLink>
                </li>
              ) : (
                <li>
                  <NavLink to="/anmelden">Anmelden</NavLink>
                </li>
              )}
              <li>
                <a href="/api/docs">API</a>
              </li>
            </ul>
          </nav>
          {user && (
            <div className="user-box">
              <span>
                <span className="visually-hidden">Angemeldet als </span>
                <strong className="user-name">{user.name}</strong>
              </span>
              <Button variant="secondary" className="btn-on-dark" busy={leaving} onClick={() => void onLogout()}>
                Abmelden
              </Button>
            </div>
          )}
        </div>
      </header>
      <main id="inhalt" tabIndex={-1} className="container main">
        <Outlet />
      </main>
      <footer className="site-footer">
        <div className="container footer-inner">
          <p>stadtkern – offene Plattform für das digitale Rathaus kooperierender Kommunen. Lizenz: EUPL-1.2.</p>
          <ul>
            <li>
              <a href="/api/docs">API-Referenz</a>
            </li>
            <li>
              <a href="/api/openapi.json">OpenAPI</a>
            </li>
            <li>
              <a href="/-/health">Systemstatus</a>
            </li>
          </ul>
        </div>
      </footer>
    </>
  );
}
