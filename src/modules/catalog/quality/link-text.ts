// What a link check result means for a publisher, in German.
import type { LinkCheckError } from './tables.ts';

/** The latest link check of a resource, as stored (see the migration …_catalog_link_check). */
export type LinkCheck = {
  url: string; ok: boolean; status: number | null; error: LinkCheckError | null; detail: string | null;
  checked_at: Date | string; content_type: string | null; content_length: number | null;
  final_url: string | null; failing_since: Date | string | null;
};

const REASONS: Record<LinkCheckError, string> = {
  http: 'Server meldet einen Fehler',
  timeout: 'keine Antwort in der Wartezeit',
  dns: 'Servername unbekannt',
  connection: 'keine Verbindung zum Server',
  tls: 'TLS-Zertifikat ungültig',
  private_address: 'Adresse liegt in einem internen Netz und ist öffentlich nicht erreichbar',
  protocol: 'nur http- und https-Adressen sind öffentlich abrufbar',
  redirects: 'zu viele Weiterleitungen',
  invalid_url: 'ungültige Adresse',
  invalid_response: 'ungültige Antwort des Servers',
};

/** Why a checked link fails, e.g. "HTTP 404" or "Servername unbekannt". */
export function linkReason(c: Pick<LinkCheck, 'error' | 'status' | 'detail'>): string {
  if (c.error === 'http' && c.status) return `HTTP ${c.status}`;
  if (c.error === 'protocol' && c.detail) return `${REASONS.protocol} (${c.detail})`;
  return c.error ? REASONS[c.error] : 'unbekannter Fehler';
}

/** null when the URL was checked and answered; otherwise what is wrong with it. */
export function linkProblem(url: string, c: LinkCheck | undefined): string | null {
  if (!c) return /^https?:\/\//i.test(url) ? 'Erreichbarkeit noch nicht geprüft (die Prüfung läuft regelmäßig im Hintergrund)' : `URL nicht prüfbar: ${REASONS.protocol}`;
  if (c.ok) return null;
  if (c.error === 'private_address' || c.error === 'protocol') return `URL nicht prüfbar: ${linkReason(c)}`;
  return `Ressourcen-URL nicht erreichbar (${linkReason(c)})`;
}
