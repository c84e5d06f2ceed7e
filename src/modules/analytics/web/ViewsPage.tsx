import { Page } from '../../../web/ui/Page.tsx';
export function ViewsPage() {
  return <Page title="Gespeicherte Ansichten" />;
}
