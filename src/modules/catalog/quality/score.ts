// The metadata quality of one dataset, in the spirit of the data.europa.eu Metadata Quality
// Assessment (MQA): the MQA's five dimensions, indicators and points (405 in all) and its four
// rating bands, applied to our dataset model, with a concrete German hint per missing point.
// Pure: the dataset row, its resources and their latest link checks in, the report out.
//
// As in the MQA, distribution indicators of accessibility, reusability and contextuality count
// the share of resources that meet them; interoperability counts the best resource only
// ("identical content in several distributions"); DCAT-AP(.de) conformance is all or nothing.
import { licence } from '../vocab.ts';
import { formatCode, mediaTypeOfCode } from '../file-types.ts';
import { formatOfUrl, isKnownMediaType, isMachineReadable, isNonProprietary, isServiceFormat, mediaTypeOf } from './formats.ts';
import { dcatApDeIssues } from './conformance.ts';
import { linkProblem, type LinkCheck } from './link-text.ts';

export type QualityDataset = {
  title: string; notes: string; tags: string[]; themes: string[]; license_id: string | null;
  author: string | null; author_email: string | null; maintainer: string | null; maintainer_email: string | null;
  temporal_start: Date | string | null; temporal_end: Date | string | null; issued: Date | string | null; modified: Date | string | null;
  extras: Record<string, string>; org_title: string; tenant_ags: string | null;
};
export type QualityResource = {
  id: string; name: string; url: string; format: string; mimetype: string | null; size: number | null; license_id: string | null; url_type: string | null;
};
export type { LinkCheck };

export type DimensionId = 'findability' | 'accessibility' | 'interoperability' | 'reusability' | 'contextuality';
export type Rating = 'excellent' | 'good' | 'sufficient' | 'bad';
export type Hint = { text: string; resourceId?: string };
export type IndicatorResult = { id: string; label: string; property: string; points: number; maxPoints: number; hints: Hint[] };
export type DimensionResult = { id: DimensionId; label: string; points: number; maxPoints: number; indicators: IndicatorResult[] };
export type QualityHint = Hint & { dimension: DimensionId; indicators: string[]; gain: number };
export type QualityReport = { points: number; maxPoints: number; rating: Rating; ratingLabel: string; dimensions: DimensionResult[]; hints: QualityHint[] };

export const DIMENSIONS: Record<DimensionId, string> = {
  findability: 'Auffindbarkeit', accessibility: 'Zugänglichkeit', interoperability: 'Interoperabilität',
  reusability: 'Wiederverwendbarkeit', contextuality: 'Kontext',
};
export const RATINGS: Record<Rating, string> = { excellent: 'Ausgezeichnet', good: 'Gut', sufficient: 'Ausreichend', bad: 'Mangelhaft' };
/** The MQA's maximum per dimension; 405 in all. */
export const DIMENSION_MAX: Record<DimensionId, number> = { findability: 100, accessibility: 100, interoperability: 110, reusability: 75, contextuality: 20 };
export const MAX_POINTS = 405;

/** The MQA's rating bands: 351–405, 221–350, 121–220, 0–120 points. */
export function ratingOf(points: number): Rating {
  if (points >= 351) return 'excellent';
  if (points >= 221) return 'good';
  if (points >= 121) return 'sufficient';
  return 'bad';
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const ACCESS_RIGHTS = new Set(['PUBLIC', 'RESTRICTED', 'NON_PUBLIC']);
const ACCESS_RIGHTS_BASE = 'http://publications.europa.eu/resource/authority/access-right/';

/** A resource's name for hints: „Name“ or its format, never empty. */
const label = (r: QualityResource, i: number) => `Ressource „${r.name || r.format || `Nr. ${i + 1}`}“`;

/** The check result that belongs to the resource's current URL, if any. */
function currentCheck(r: QualityResource, checks: ReadonlyMap<string, LinkCheck>): LinkCheck | undefined {
  const c = checks.get(r.id);
  return c && c.url === r.url ? c : undefined;
}

/** A direct link to a file (dcat:downloadURL) rather than a web page or a service endpoint. */
export function isDownload(r: QualityResource, check: LinkCheck | undefined): boolean {
  if (r.url_type === 'upload') return true;
  const byUrl = formatOfUrl(r.url);
  if (byUrl && byUrl !== 'HTML' && !isServiceFormat(byUrl)) return true;
  const served = mediaTypeOf(check?.ok ? check.content_type : null);
  return !!served && served !== 'text/html' && served !== 'application/xhtml+xml';
}

type Builder = { ind: (dimension: DimensionId, id: string, label: string, property: string, max: number, share: number, hints?: Hint[]) => void };

/** Points for a share of resources; every failing resource gets its own hint. */
function perResource(resources: QualityResource[], test: (r: QualityResource, i: number) => Hint | null): { share: number; hints: Hint[] } {
  if (resources.length === 0) return { share: 0, hints: [] };
  const hints = resources.map(test).filter((h): h is Hint => h !== null);
  return { share: (resources.length - hints.length) / resources.length, hints };
}

/** `hints: false` leaves the merged hint list empty (per-indicator hints stay): publisher
 *  scores over thousands of datasets need the points only. */
export function scoreDataset(d: QualityDataset, resources: QualityResource[], checks: ReadonlyMap<string, LinkCheck>, o: { hints?: boolean } = {}): QualityReport {
  const dims = new Map<DimensionId, DimensionResult>(
    (Object.keys(DIMENSIONS) as DimensionId[]).map((id) => [id, { id, label: DIMENSIONS[id], points: 0, maxPoints: 0, indicators: [] }]),
  );
  const b: Builder = {
    ind(dimension, id, lbl, property, max, share, hints = []) {
      const dim = dims.get(dimension)!;
      dim.indicators.push({ id, label: lbl, property, points: round1(max * share), maxPoints: max, hints: share >= 1 ? [] : hints });
      dim.points += max * share;
      dim.maxPoints += max;
    },
  };
  const none = resources.length === 0;
  const addResource: Hint[] = none ? [{ text: 'Mindestens eine Ressource (Datei oder Schnittstelle) mit Adresse hinzufügen' }] : [];
  const check = (r: QualityResource) => currentCheck(r, checks);

  // Findability
  b.ind('findability', 'keywords', 'Schlagwörter', 'dcat:keyword', 30, d.tags.length > 0 ? 1 : 0, [{ text: 'Schlagwörter angeben, unter denen man den Datensatz sucht (Thema, Ort, Fachbegriffe)' }]);
  b.ind('findability', 'themes', 'Kategorien', 'dcat:theme', 30, d.themes.length > 0 ? 1 : 0, [{ text: 'Mindestens eine Kategorie (EU-Datenthema, z. B. „Verkehr“ oder „Umwelt“) zuordnen' }]);
  const spatial = !!(d.tenant_ags || d.extras.spatial || d.extras.spatial_uri || d.extras.politicalGeocodingURI);
  b.ind('findability', 'spatial', 'Räumlicher Bezug', 'dct:spatial, dcatde:politicalGeocodingURI', 20, spatial ? 1 : 0, [{ text: 'Räumlichen Bezug angeben (Gebiet oder politische Geokodierung)' }]);
  b.ind('findability', 'temporal', 'Zeitlicher Bezug', 'dct:temporal', 20, d.temporal_start || d.temporal_end ? 1 : 0, [{ text: 'Zeitraum angeben, den die Daten abdecken (Beginn und/oder Ende)' }]);

  // Accessibility (each resource's check, download-ness and problem worked out once)
  const facts = new Map(resources.map((r, i) => {
    const c = check(r);
    const problem = linkProblem(r.url, c);
    return [r, { download: isDownload(r, c), problem: problem && `${label(r, i)}: ${problem}`, noFile: `${label(r, i)}: direkten Download-Link auf die Datei angeben statt einer Webseite` }];
  }));
  const fact = (r: QualityResource) => facts.get(r)!;
  const reach = perResource(resources, (r) => (fact(r).problem ? { text: fact(r).problem!, resourceId: r.id } : null));
  b.ind('accessibility', 'accessUrl', 'Zugangs-URL erreichbar', 'dcat:accessURL', 50, reach.share, none ? addResource : reach.hints);
  const dl = perResource(resources, (r) => (fact(r).download ? null : { text: fact(r).noFile, resourceId: r.id }));
  b.ind('accessibility', 'downloadUrl', 'Download-URL vorhanden', 'dcat:downloadURL', 20, dl.share, none ? addResource : dl.hints);
  const dlReach = perResource(resources, (r) => {
    const f = fact(r);
    if (!f.download) return { text: f.noFile, resourceId: r.id };
    return f.problem ? { text: f.problem, resourceId: r.id } : null;
  });
  b.ind('accessibility', 'downloadUrlReachable', 'Download-URL erreichbar', 'dcat:downloadURL', 30, dlReach.share, none ? addResource : dlReach.hints);

  // Interoperability: the best resource counts.
  interoperability(b, resources, check, addResource);
  const issues = dcatApDeIssues(d, resources);
  b.ind('interoperability', 'dcatApDe', 'Konform zu DCAT-AP.de', 'DCAT-AP.de 2.0', 30, issues.length === 0 ? 1 : 0, issues.map((text) => ({ text: `DCAT-AP.de: ${text}` })));

  // Reusability
  const lic = (r: QualityResource | null) => r?.license_id ?? d.license_id;
  const licHint = { text: 'Lizenz angeben (z. B. „Datenlizenz Deutschland – Namensnennung – Version 2.0“)' };
  const partly = resources.some((r) => r.license_id);
  // Without a licence on every resource the dataset is left out of the DCAT-AP.de catalogues
  // (dcat/repo.ts: Konvention 31), so GovData and the state portal never see it.
  const notExported = !none && resources.some((r) => !lic(r));
  const licMissing = {
    text: `${partly && !d.license_id ? 'Lizenz für alle Ressourcen angeben (am Datensatz oder je Ressource)' : licHint.text}${notExported ? ' – ohne sie fehlt der Datensatz im DCAT-AP.de-Katalog für GovData und das Landesportal' : ''}`,
  };
  const licShare = none ? (d.license_id ? 1 : 0) : perResource(resources, (r) => (lic(r) ? null : licHint)).share;
  b.ind('reusability', 'license', 'Lizenz', 'dct:license', 20, licShare, [licMissing]);
  // Licences are checked against the vocabulary on input, so this fails only where one is missing.
  const vocabShare = none ? (licence(d.license_id) ? 1 : 0) : perResource(resources, (r) => (licence(lic(r)) ? null : licHint)).share;
  b.ind('reusability', 'licenseVocabulary', 'Lizenz aus dem Vokabular', 'dct:license', 10, vocabShare, [licMissing]);
  const rights = (d.extras.access_rights ?? d.extras.accessRights ?? '').trim();
  const rightsHint = { text: 'Zugangsbeschränkung angeben (Extra „access_rights“, z. B. PUBLIC für öffentlich zugängliche Daten)' };
  b.ind('reusability', 'accessRights', 'Zugangsbeschränkungen', 'dct:accessRights', 10, rights ? 1 : 0, [rightsHint]);
  const rightsCode = rights.replace(ACCESS_RIGHTS_BASE, '').toUpperCase();
  b.ind('reusability', 'accessRightsVocabulary', 'Zugangsbeschränkungen aus dem Vokabular', 'dct:accessRights', 5, ACCESS_RIGHTS.has(rightsCode) ? 1 : 0, [
    rights ? { text: `Zugangsbeschränkung „${rights}“ durch einen Wert des EU-Vokabulars ersetzen: PUBLIC, RESTRICTED oder NON_PUBLIC (${ACCESS_RIGHTS_BASE}…)` } : rightsHint,
  ]);
  const contact = d.maintainer || d.maintainer_email || d.author || d.author_email || d.extras.contact_email || d.extras.contact_uri;
  b.ind('reusability', 'contactPoint', 'Kontaktstelle', 'dcat:contactPoint', 20, contact ? 1 : 0, [{ text: 'Kontaktstelle angeben (zuständige Stelle mit E-Mail-Adresse) – sonst nennt der Export nur allgemein die Kommune' }]);
  b.ind('reusability', 'publisher', 'Veröffentlichende Stelle', 'dct:publisher', 10, d.org_title ? 1 : 0, [{ text: 'Veröffentlichende Stelle (Organisation) angeben' }]);

  // Contextuality
  const rightsText = d.extras.rights || d.extras.licenseAttributionByText;
  b.ind('contextuality', 'rights', 'Rechtehinweis', 'dct:rights', 5, rightsText ? 1 : 0, [{ text: `Rechte- bzw. Namensnennungshinweis angeben (Extra „licenseAttributionByText“, z. B. „${d.org_title}“)` }]);
  const sized = perResource(resources, (r, i) => {
    if (r.size !== null) return null;
    const served = check(r)?.content_length;
    return { text: `${label(r, i)}: Dateigröße in Byte angeben${served ? ` (laut Server ${served} Byte)` : ''}`, resourceId: r.id };
  });
  b.ind('contextuality', 'byteSize', 'Dateigröße', 'dcat:byteSize', 5, sized.share, none ? addResource : sized.hints);
  b.ind('contextuality', 'issued', 'Veröffentlichungsdatum', 'dct:issued', 5, d.issued ? 1 : 0, [{ text: 'Veröffentlichungsdatum angeben' }]);
  b.ind('contextuality', 'modified', 'Änderungsdatum', 'dct:modified', 5, d.modified ? 1 : 0, [{ text: 'Datum der letzten Änderung der Daten angeben' }]);

  const dimensions = [...dims.values()].map((x) => ({ ...x, points: round1(x.points) }));
  const total = [...dims.values()].reduce((s, x) => s + x.points, 0);
  const rating = ratingOf(total);
  return { points: round1(total), maxPoints: MAX_POINTS, rating, ratingLabel: RATINGS[rating], dimensions, hints: o.hints === false ? [] : mergeHints(dimensions) };
}

function interoperability(b: Builder, resources: QualityResource[], check: (r: QualityResource) => LinkCheck | undefined, addResource: Hint[]) {
  type Part = { id: string; label: string; property: string; max: number; met: boolean; hint: Hint };
  const parts = (r: QualityResource, i: number): Part[] => {
    const code = formatCode(r.format) ?? formatCode(r.mimetype);
    const served = mediaTypeOf(check(r)?.content_type);
    const suggested = mediaTypeOfCode(code) ?? served;
    const name = label(r, i);
    const shown = r.format;
    const formatHint = { text: `${name}: Format angeben (z. B. CSV)`, resourceId: r.id };
    const unless = (text: string) => (shown ? { text, resourceId: r.id } : formatHint);
    return [
      { id: 'format', label: 'Format', property: 'dct:format', max: 20, met: !!r.format, hint: formatHint },
      { id: 'mediaType', label: 'Medientyp', property: 'dcat:mediaType', max: 10, met: !!r.mimetype, hint: { text: `${name}: Medientyp (MIME-Typ) angeben${suggested ? `, z. B. ${suggested}` : ''}`, resourceId: r.id } },
      {
        id: 'formatVocabulary', label: 'Format aus dem Vokabular', property: 'dct:format, dcat:mediaType', max: 10, met: !!code || isKnownMediaType(r.mimetype),
        hint: unless(`${name}: Format „${shown}“ ist nicht im EU-Vokabular „File Type“ – eine übliche Bezeichnung wie CSV, JSON oder GEOJSON verwenden`),
      },
      { id: 'nonProprietary', label: 'Offenes Format', property: 'dct:format', max: 20, met: isNonProprietary(code), hint: unless(`Offenes Format wie CSV oder ODS statt ${shown} anbieten`) },
      { id: 'machineReadable', label: 'Maschinenlesbar', property: 'dct:format', max: 20, met: isMachineReadable(code), hint: unless(`Maschinenlesbares Format wie CSV statt ${shown} anbieten`) },
    ];
  };
  const all = resources.map(parts);
  const sum = (ps: Part[]) => ps.reduce((s, p) => s + (p.met ? p.max : 0), 0);
  const best = all.reduce<Part[] | undefined>((a, ps) => (!a || sum(ps) > sum(a) ? ps : a), undefined);
  const template = best ?? parts({ id: '', name: '', url: '', format: '', mimetype: null, size: null, license_id: null, url_type: null }, 0);
  for (const p of template) b.ind('interoperability', p.id, p.label, p.property, p.max, best && p.met ? 1 : 0, best ? [p.hint] : addResource);
}

/** All hints of the report, most valuable first; the same hint under several indicators (an
 *  unreachable download counts twice) appears once, with the points it would bring in all. */
function mergeHints(dimensions: DimensionResult[]): QualityHint[] {
  const byText = new Map<string, QualityHint>();
  for (const dim of dimensions) {
    for (const ind of dim.indicators) {
      const gain = (ind.maxPoints - ind.points) / Math.max(1, ind.hints.length);
      for (const h of ind.hints) {
        const seen = byText.get(h.text);
        if (seen) {
          seen.gain += gain;
          if (!seen.indicators.includes(ind.id)) seen.indicators.push(ind.id);
        } else byText.set(h.text, { ...h, dimension: dim.id, indicators: [ind.id], gain });
      }
    }
  }
  return [...byText.values()].map((h) => ({ ...h, gain: round1(h.gain) })).sort((a, b) => b.gain - a.gain);
}
