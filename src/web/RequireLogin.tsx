// Guards the admin area: while the session check runs it waits, without a user it sends the
// visitor to the login and remembers where they wanted to go.
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useSession } from './session.tsx';
import { Loading } from './ui/Alert.tsx';

export function RequireLogin({ children }: { children: ReactNode }) {
  const { user, ended } = useSession();
  const location = useLocation();
  if (user === undefined) return <Loading>Anmeldung wird geprüft …</Loading>;
  if (user === null) {
    if (ended === 'logout') return <Navigate to="/anmelden" replace state={{ notice: 'Sie haben sich abgemeldet.' }} />;
    const target = location.pathname + location.search;
    const notice = ended === 'expired' ? 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.' : undefined;
    return <Navigate to={`/anmelden?weiter=${encodeURIComponent(target)}`} replace state={notice ? { notice, kind: 'info' } : undefined} />;
  }
  return <>{children}</>;
}
