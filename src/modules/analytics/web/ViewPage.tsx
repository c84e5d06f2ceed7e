import { Page } from '../../../web/ui/Page.tsx';
export function ViewPage() {
  return <Page title="Ansicht" />;
}
