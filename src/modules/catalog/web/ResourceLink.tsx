// Small parts of the dataset page: the download link of a resource (an uploaded file is served
// by this server: linked by path, with its size) and the editor link for its publishers.
import { Link } from 'react-router';
import { useSession } from '../../../web/session.tsx';
import { formatBytes } from '../../core/files/format-bytes.ts';
import type { Package, Resource } from './types.ts';

export function ResourceLink({ r }: { r: Resource }) {
  if (r.url_type !== 'upload') return <a href={r.url} rel="noopener noreferrer">{r.url}</a>;
  const url = new URL(r.url, location.origin);
  const file = decodeURIComponent(url.pathname.split('/').pop() ?? 'Datei');
  return (
    <a href={url.pathname} download={file}>
      {file}
      {r.size !== null && ` (${formatBytes(r.size)})`}
    </a>
  );
}

/** "Bearbeiten" for editors of the dataset's municipality. */
export function EditDatasetLink({ p }: { p: Package }) {
  const { user } = useSession();
  const editor = user && (user.isPlatformAdmin || user.memberships.some((m) => m.tenantSlug === p.organization.name && m.role !== 'viewer'));
  if (!editor) return null;
  return (
    <Link className="btn btn-secondary" to={`/verwaltung/datensaetze/${p.name}`}>
      Bearbeiten<span className="visually-hidden">: {p.title}</span>
    </Link>
  );
}
