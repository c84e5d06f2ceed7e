// Unknown address inside the app (the server answers every non-API path with the app).
import { Link, useRouteError } from 'react-router';
import { Page } from './ui/Page.tsx';
import { Alert } from './ui/Alert.tsx';

export function NotFoundPage() {
  return (
    <Page title="Seite nicht gefunden">
      <p>Unter dieser Adresse gibt es keine Seite. Vielleicht hilft Ihnen die <Link to="/">Startseite</Link> weiter.</p>
    </Page>
  );
}

/** Shown when rendering a page throws: better a message than a blank screen. */
export function RouteErrorPage() {
  const error = useRouteError();
  console.error(error);
  return (
    <main id="inhalt" className="container main">
      <Page title="Etwas ist schiefgegangen">
        <Alert kind="error" title="Die Seite konnte nicht angezeigt werden.">
          <p>
            Bitte laden Sie die Seite neu oder gehen Sie zur <a href="/">Startseite</a>.
          </p>
        </Alert>
      </Page>
    </main>
  );
}
