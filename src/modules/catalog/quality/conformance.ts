// DCAT-AP.de 2.0 conformance of the fields we have: the violations (severity sh:Violation) of the
// official shapes, profile "Spezifikation + Konventionen", that a publisher's metadata can commit.
// What the platform itself supplies for every dataset (contributor ID from the configuration,
// political geocoding from the AGS, a fallback contact URL) cannot fail and is not checked here.
// The DCAT export is validated against the shapes themselves in its tests; this is the fast
// field-level mirror the score needs for every dataset of a publisher.
import { licence } from '../vocab.ts';
import { formatCode } from '../file-types.ts';
import type { QualityDataset, QualityResource } from './score.ts';

/** Each violation as a German sentence; empty when the dataset conforms. */
export function dcatApDeIssues(d: QualityDataset, resources: QualityResource[]): string[] {
  const out: string[] = [];
  if (!d.title.trim()) out.push('Titel (dct:title) fehlt');
  if (!d.notes.trim()) out.push('Beschreibung (dct:description) fehlt – sie ist Pflicht (der Export setzt ersatzweise den Titel ein)');
  if (!d.org_title) out.push('Veröffentlichende Stelle (dct:publisher) fehlt (K36)');
  resources.forEach((r, i) => {
    const name = `Ressource „${r.name || r.format || `Nr. ${i + 1}`}“`;
    // K31: every distribution has a licence from the dcat-ap.de list.
    if (!licence(r.license_id ?? d.license_id)) out.push(`${name}: Lizenz aus der Liste von dcat-ap.de fehlt (K31) – ohne sie fehlt der Datensatz im DCAT-AP.de-Katalog`);
    // K32: a given format is from the EU file-type table.
    if (r.format && !formatCode(r.format)) out.push(`${name}: Format „${r.format}“ ist nicht aus dem EU-Vokabular „File Type“ (K32)`);
  });
  return out;
}
