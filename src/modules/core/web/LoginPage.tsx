// Login with e-mail and password; afterwards to the admin area (or where the visitor came from).
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../../../web/session.tsx';
import { Page } from '../../../web/ui/Page.tsx';
import { Form } from '../../../web/ui/Form.tsx';
import { Field } from '../../../web/ui/Field.tsx';
import { Alert } from '../../../web/ui/Alert.tsx';

/** Only paths inside the admin area are followed, never arbitrary URLs (open redirect). */
function safeTarget(raw: string | null): string {
  return raw && raw.startsWith('/verwaltung') && !raw.startsWith('//') ? raw : '/verwaltung';
}

export function LoginPage() {
  const { user, login } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const location = useLocation();
  const state = location.state as { notice?: string; kind?: 'info' } | null;
  const notice = state?.notice;
  const target = safeTarget(params.get('weiter'));

  if (user) return <Navigate to={target} replace />;

  return (
    <Page title="Anmelden" lead="Für Mitarbeitende der teilnehmenden Kommunen und die Plattform-Administration.">
      {notice && <Alert kind={state?.kind ?? 'success'}>{notice}</Alert>}
      {params.get('weiter') && !notice && <Alert kind="info">Bitte melden Sie sich an, um diese Seite zu sehen.</Alert>}
      <Form
        id="anmeldung"
        className="narrow"
        submitLabel="Anmelden"
        busyLabel="Anmeldung läuft …"
        resetOnSuccess={false}
        onSubmit={async (data) => {
          await login(String(data.get('email') ?? ''), String(data.get('password') ?? ''));
          navigate(target, { replace: true });
        }}
      >
        <Field name="email" label="E-Mail-Adresse" type="email" autoComplete="username" inputMode="email" spellCheck={false} />
        <Field name="password" label="Passwort" type="password" autoComplete="current-password" />
      </Form>
    </Page>
  );
}
