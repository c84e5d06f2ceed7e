// Controlled vocabularies of DCAT-AP.de: licences (http://dcat-ap.de/def/licenses), EU data
// themes (groups on GovData) and EU frequencies; EU file types are in file-types.ts. The licence
// list is the active part of the dcat-ap.de licence vocabulary as GovData uses it; vocab.test.ts
// compares it with GovData's list in ../shared/data/dcat/dcat_licenses.json.

export type Licence = { id: string; title: string; url: string; odConformance: 'approved' | 'not reviewed' };

const L = (id: string, title: string, url: string, approved = true): Licence => ({
  id: `http://dcat-ap.de/def/licenses/${id}`, title, url, odConformance: approved ? 'approved' : 'not reviewed',
});

export const LICENCES: Licence[] = [
  L('dl-by-de/2.0', 'Datenlizenz Deutschland Namensnennung 2.0', 'https://www.govdata.de/dl-de/by-2-0'),
  L('dl-zero-de/2.0', 'Datenlizenz Deutschland – Zero – Version 2.0', 'https://www.govdata.de/dl-de/zero-2-0'),
  L('dl-by-de/1.0', 'Datenlizenz Deutschland Namensnennung 1.0', 'https://www.govdata.de/dl-de/by-1-0'),
  L('dl-by-nc-de/1.0', 'Datenlizenz Deutschland Namensnennung nicht-kommerziell 1.0', 'https://www.govdata.de/dl-de/by-nc-1-0', false),
  L('cc-by/4.0', 'Creative Commons Namensnennung – 4.0 International (CC BY 4.0)', 'http://creativecommons.org/licenses/by/4.0/'),
  L('cc-by-sa/4.0', 'Creative Commons Namensnennung - Weitergabe unter gleichen Bedingungen 4.0 International (CC-BY-SA 4.0)', 'http://creativecommons.org/licenses/by-sa/4.0/'),
  L('cc-by-nd/4.0', 'Creative Commons Namensnennung - - Keine Bearbeitung 4.0 International (CC BY-ND 4.0)', 'https://creativecommons.org/licenses/by-nd/4.0/', false),
  L('cc-by-nc/4.0', 'Creative Commons Namensnennung - Nicht kommerziell 4.0 International (CC BY-NC 4.0)', 'http://creativecommons.org/licenses/by-nc/4.0/', false),
  L('cc-by-de/3.0', 'Creative Commons Namensnennung 3.0 Deutschland (CC BY 3.0 DE)', 'https://creativecommons.org/licenses/by/3.0/de/'),
  L('cc-by-sa-de/3.0', 'Creative Commons Namensnennung - Weitergabe unter gleichen Bedingungen 3.0 Deutschland (CC BY-SA 3.0 DE)', 'https://creativecommons.org/licenses/by-sa/3.0/de/'),
  L('cc-by-nc-de/3.0', 'Creative Commons Namensnennung-Nicht kommerziell 3.0 Deutschland (CC BY-NC 3.0 DE)', 'https://creativecommons.org/licenses/by-nc/3.0/de/', false),
  L('cc-by-nd/3.0', 'Creative Commons Namensnennung -- Keine Bearbeitung 3.0 Unported (CC BY-ND 3.0)', 'http://creativecommons.org/licenses/by-nd/3.0/', false),
  L('cc-by', 'Creative Commons Namensnennung (CC-BY)', 'http://www.opendefinition.org/licenses/cc-by'),
  L('cc-by-sa', 'Creative Commons Namensnennung - Weitergabe unter gleichen Bedingungen (CC-BY-SA)', 'http://www.opendefinition.org/licenses/cc-by-sa'),
  L('cc-by-nd', 'Creative Commons Namensnennung - Keine Bearbeitung (CC BY-ND)', 'http://creativecommons.org/licenses/by-nd/3.0/', false),
  L('cc-by-nc', 'Creative Commons Namensnennung - Nicht kommerziell (CC BY-NC)', 'http://creativecommons.org/licenses/by-nc/', false),
  L('cc-zero', 'Creative Commons CC Zero License (cc-zero)', 'http://www.opendefinition.org/licenses/cc-zero'),
  L('ccpdm/1.0', 'Public Domain Mark 1.0 (PDM)', 'http://creativecommons.org/publicdomain/mark/1.0/'),
  L('odbl', 'Open Data Commons Open Database License (ODbL)', 'http://www.opendefinition.org/licenses/odc-odbl'),
  L('odby', 'Open Data Commons Attribution License (ODC-BY 1.0)', 'http://www.opendefinition.org/licenses/odc-by'),
  L('odcpddl', 'Open Data Commons Public Domain Dedication and Licence (ODC PDDL)', 'http://www.opendefinition.org/licenses/odc-pddl'),
  L('officialWork', 'Amtliches Werk, lizenzfrei nach §5 Abs. 1 UrhG', 'http://www.gesetze-im-internet.de/urhg/__5.html'),
  L('geonutz/20130319', 'Nutzungsbestimmungen für die Bereitstellung von Geodaten des Bundes', 'https://sg.geodatenzentrum.de/web_public/gdz/lizenz/geonutzv.pdf'),
  L('geoNutz/20131001', 'Nutzungsbestimmungen für die Bereitstellung von Geodaten des Landes Berlin', 'http://www.stadtentwicklung.berlin.de/geoinformation/download/nutzIII.pdf'),
  L('apache', 'Freie Softwarelizenz der Apache Software Foundation', 'http://www.apache.org/licenses'),
  L('bsd', 'BSD Lizenz', 'http://www.opensource.org/licenses/bsd-license.php'),
  L('gpl/3.0', 'GNU General Public License version 3.0 (GPLv3)', 'http://www.opensource.org/licenses/gpl-3.0.html'),
  L('gfdl', 'GNU Free Documentation License (GFDL)', 'http://www.opendefinition.org/licenses/gfdl'),
  L('mozilla', 'Mozilla Public License 2.0 (MPL)', 'http://www.mozilla.org/MPL'),
  L('other-open', 'Andere offene Lizenz', ''),
  L('other-opensource', 'Andere Open Source Lizenz', ''),
  L('other-freeware', 'Andere Freeware Lizenz', '', false),
  L('other-commercial', 'Andere kommerzielle Lizenz', '', false),
  L('other-closed', 'Andere geschlossene Lizenz', '', false),
];

const BY_ID = new Map(LICENCES.map((l) => [l.id, l]));

/** Accepts the IRI or its short form ("dl-by-de/2.0"); returns the IRI, or undefined. */
export function licenceIri(value: string): string | undefined {
  const v = value.trim();
  if (BY_ID.has(v)) return v;
  const iri = `http://dcat-ap.de/def/licenses/${v}`;
  if (BY_ID.has(iri)) return iri;
  const https = v.replace(/^https:/, 'http:');
  return BY_ID.has(https) ? https : undefined;
}

export const licence = (iri: string | null | undefined): Licence | undefined => (iri ? BY_ID.get(iri) : undefined);

/** The 13 EU data themes; lower-case codes are the CKAN group names GovData uses. */
export const THEMES: Record<string, string> = {
  agri: 'Landwirtschaft, Fischerei, Forstwirtschaft und Nahrungsmittel',
  econ: 'Wirtschaft und Finanzen',
  educ: 'Bildung, Kultur und Sport',
  ener: 'Energie',
  envi: 'Umwelt',
  gove: 'Regierung und öffentlicher Sektor',
  heal: 'Gesundheit',
  intr: 'Internationale Themen',
  just: 'Justiz, Rechtssystem und öffentliche Sicherheit',
  regi: 'Regionen und Städte',
  soci: 'Bevölkerung und Gesellschaft',
  tech: 'Wissenschaft und Technologie',
  tran: 'Verkehr',
};
export const themeIri = (code: string) => `http://publications.europa.eu/resource/authority/data-theme/${code.toUpperCase()}`;

/** EU frequency authority table (the codes in use for open data). */
export const FREQUENCIES = [
  'CONT', 'UPDATE_CONT', 'DAILY', 'WEEKLY', 'BIWEEKLY', 'MONTHLY', 'BIMONTHLY', 'QUARTERLY', 'ANNUAL', 'BIENNIAL',
  'IRREG', 'NEVER', 'UNKNOWN', 'OTHER', 'HOURLY', 'TRIENNIAL',
] as const;
export const frequencyIri = (code: string) => `http://publications.europa.eu/resource/authority/frequency/${code}`;

/** High-value dataset categories of Implementing Regulation (EU) 2023/138. */
export const HVD_CATEGORIES: Record<string, string> = {
  c_ac64a52d: 'Georaum',
  c_dd313021: 'Erdbeobachtung und Umwelt',
  c_164e0bf5: 'Meteorologie',
  c_e1da4e07: 'Statistik',
  c_a9135398: 'Unternehmen und Eigentümerschaft von Unternehmen',
  c_b79e35eb: 'Mobilität',
};
export const hvdIri = (code: string) => `http://data.europa.eu/bna/${code}`;
export const HVD_LEGISLATION = 'http://data.europa.eu/eli/reg_impl/2023/138/oj';

/** The tenant's political geocoding in the dcat-ap.de vocabularies (municipality key for
 *  municipalities, district key for districts; levels from politicalGeocoding/Level). */
export function politicalGeocoding(t: { tenant_type: string; tenant_ags: string; tenant_ars: string }) {
  const municipality = t.tenant_type === 'municipality';
  return {
    uri: municipality
      ? `http://dcat-ap.de/def/politicalGeocoding/municipalityKey/${t.tenant_ags}`
      : `http://dcat-ap.de/def/politicalGeocoding/districtKey/${t.tenant_ags.slice(0, 5)}`,
    regionalKeyUri: `http://dcat-ap.de/def/politicalGeocoding/regionalKey/${t.tenant_ars}`,
    levelUri: `http://dcat-ap.de/def/politicalGeocoding/Level/${municipality ? 'municipality' : 'district'}`,
  };
}

/** A media type as the IANA registry IRI DCAT-AP.de expects, if it looks like one. */
export function mediaTypeIri(mimetype: string | null | undefined): string | undefined {
  const m = mimetype?.trim().toLowerCase().split(';')[0];
  return m && /^[a-z]+\/[a-z0-9.+-]+$/.test(m) ? `https://www.iana.org/assignments/media-types/${m}` : undefined;
}

/** A checksum from its hex length (the hash field holds a bare hex digest or "algo:hex"). */
export function checksumOf(hash: string | null | undefined): { algorithm: string; value: string } | undefined {
  const m = hash?.trim().toLowerCase().match(/^(?:(md5|sha1|sha256|sha512):)?([0-9a-f]+)$/);
  if (!m) return undefined;
  const byLength: Record<number, string> = { 32: 'md/5', 40: 'sha/1', 64: 'sha/256', 128: 'sha/512' };
  const algo = byLength[m[2]!.length];
  return algo ? { algorithm: `http://dcat-ap.de/def/hashAlgorithms/${algo}`, value: m[2]! } : undefined;
}
