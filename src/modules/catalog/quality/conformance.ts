// DCAT-AP.de 2.0 conformance of the fields we have: the violations (severity sh:Violation) of the
// official shapes, profile "Spezifikation + Konventionen", that a dataset of our model can
// commit. The DCAT export is checked against the shapes themselves in its tests; this is the
// fast field-level mirror the quality score needs for every dataset of a publisher.
import { licence } from '../vocab.ts';
import { formatCode } from './formats.ts';
import type { QualityDataset, QualityResource } from './score.ts';

const CONTRIBUTORS = 'http://dcat-ap.de/def/contributors/';

/** The values of a list-valued extra, written as JSON list ('["a","b"]') or a single value. */
export function extraList(v: string | undefined): string[] {
  const t = v?.trim();
  if (!t) return [];
  if (t.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(t);
      if (Array.isArray(parsed)) return parsed.map((x) => String(x).trim()).filter(Boolean);
    } catch {
      return [t];
    }
  }
  return [t];
}

/** Each violation as a German sentence; empty when the dataset conforms. */
export function dcatApDeIssues(d: QualityDataset, resources: QualityResource[]): string[] {
  const out: string[] = [];
  if (!d.title.trim()) out.push('Titel (dct:title) fehlt');
  if (!d.notes.trim()) out.push('Beschreibung (dct:description) fehlt – sie ist Pflicht');
  if (!d.org_title) out.push('Veröffentlichende Stelle (dct:publisher) fehlt (K36)');
  // K12/K13: exactly one contributor IRI from the dcat-ap.de vocabulary.
  const contributors = extraList(d.extras.contributorID);
  if (contributors.length === 0) out.push(`Bearbeiter-ID (dcatde:contributorID) fehlt – genau eine IRI aus ${CONTRIBUTORS} angeben (K12)`);
  else if (contributors.length > 1 || !contributors[0]!.startsWith(CONTRIBUTORS)) out.push(`Bearbeiter-ID (dcatde:contributorID) muss genau eine IRI aus ${CONTRIBUTORS} sein (K13)`);
  // K01: a contact point needs an e-mail address or a URL.
  const named = d.maintainer || d.author;
  const reachable = d.maintainer_email || d.author_email || d.extras.contact_email || d.extras.contact_uri;
  if (named && !reachable) out.push('Kontaktstelle braucht eine E-Mail-Adresse oder eine URL (K01)');
  resources.forEach((r, i) => {
    const name = `Ressource „${r.name || r.format || `Nr. ${i + 1}`}“`;
    // K31: every distribution has a licence from the dcat-ap.de list.
    if (!licence(r.license_id ?? d.license_id)) out.push(`${name}: Lizenz aus der Liste von dcat-ap.de fehlt (K31)`);
    // K32: a given format is from the EU file-type table.
    if (r.format && !formatCode(r.format)) out.push(`${name}: Format „${r.format}“ ist nicht aus dem EU-Vokabular „File Type“ (K32)`);
  });
  return out;
}
