// A dcat:Dataset with its distributions as a CKAN package dict the way GovData's ckanext-dcatde
// reads DCAT-AP.de: dcat-ap.de licence IRIs, lower-case theme codes as groups, DCAT-AP.de
// properties as extras. Defects of the remote description become log entries.
import { NS, type Graph, type Term } from './rdf.ts';
import { normaliseLicence, type Defect, type Remote } from './prepare.ts';
import { THEMES } from '../vocab.ts';

const { dcat, dct, foaf, vcard, dcatde, spdx, schema, adms, owl, dcatap } = NS;
const lastSegment = (iri: string) => iri.replace(/[/#]+$/, '').split(/[/#]/).pop() ?? iri;
const IANA = /^https?:\/\/(?:www\.)?iana\.org\/assignments\/media-types\//i;
// IRIs of the dcat-ap.de vocabularies (contributors, political geocoding) as catalogues write
// them with https or www.; GovData knows only the http://dcat-ap.de/def/ form.
const DCATAPDE_VOCAB = /^https?:\/\/(?:www\.)?dcat-ap\.de\/def\//i;
const CANONICAL_VOCAB = 'http://dcat-ap.de/def/';

type Dict = Record<string, unknown>;

function names(g: Graph, nodes: Term[]): string[] {
  return nodes.map((n) => (n.kind === 'literal' ? n.value : (g.text(n, foaf + 'name') ?? g.text(n, vcard + 'fn')))).filter((x): x is string => !!x);
}
const email = (v: string | undefined) => v?.replace(/^mailto:/i, '').trim() || undefined;

export function mapDcatDataset(g: Graph, node: Term): Remote {
  const defects: Defect[] = [];
  const seen = new Set<string>();
  const warn = (message: string) => {
    if (!seen.has(message)) defects.push({ level: 'warning', message });
    seen.add(message);
  };
  const identifier = g.text(node, dct + 'identifier') ?? g.values(node, adms + 'identifier')[0];
  const iri = node.kind === 'iri' ? node.value : undefined;
  const guid = identifier ?? iri ?? '';
  const title = g.text(node, dct + 'title') ?? '';
  const base: Omit<Remote, 'dict'> = { guid, origin: guid, title, ids: [iri, ...g.values(node, owl + 'sameAs')].filter((x): x is string => !!x), defects };
  if (!guid) return { ...base, dict: {}, fatal: 'Datensatz ohne IRI und ohne dct:identifier – nicht zuzuordnen, übersprungen' };
  if (!title) return { ...base, dict: {}, fatal: 'Kein Titel (dct:title fehlt) – Datensatz übersprungen' };

  const extras: Record<string, string> = {};
  let oddVocab = false;
  const vocab = (vals: string[]) =>
    vals.map((v) => {
      if (!DCATAPDE_VOCAB.test(v) || v.startsWith(CANONICAL_VOCAB)) return v;
      if (!oddVocab) warn(`IRIs der dcat-ap.de-Vokabulare nicht kanonisch (z. B. ${v}) – gelesen als ${CANONICAL_VOCAB}…`);
      oddVocab = true;
      return v.replace(DCATAPDE_VOCAB, CANONICAL_VOCAB);
    });
  const extra = (k: string, v: string | undefined) => v && (extras[k] = v);
  const jsonList = (vals: string[]) => (vals.length ? JSON.stringify(vals) : undefined);

  const themes: { name: string }[] = [];
  for (const t of g.values(node, dcat + 'theme')) {
    const code = lastSegment(t).toLowerCase();
    if (code in THEMES) themes.push({ name: code });
    else warn(`Unbekanntes Thema ${t} (erwartet: EU-Datenthema) – verworfen`);
  }

  const contact = g.one(node, dcat + 'contactPoint');
  const maintainerNode = g.one(node, dcatde + 'maintainer');
  const creator = g.one(node, dct + 'creator');
  const publisher = g.one(node, dct + 'publisher');
  extra('publisher_name', publisher && names(g, [publisher])[0]);
  if (publisher?.kind === 'iri') extra('publisher_url', publisher.value);
  extra('originator_name', names(g, g.all(node, dcatde + 'originator'))[0]);
  extra('contributorID', jsonList(vocab(g.values(node, dcatde + 'contributorID'))));
  extra('politicalGeocodingURI', jsonList(vocab(g.values(node, dcatde + 'politicalGeocodingURI'))));
  extra('politicalGeocodingLevelURI', vocab(g.values(node, dcatde + 'politicalGeocodingLevelURI'))[0]);
  // 1.0 called the free-text geocoding geocodingText, 2.0 geocodingDescription.
  extra('geocodingText', jsonList([...g.values(node, dcatde + 'geocodingDescription'), ...g.values(node, dcatde + 'geocodingText')]));
  extra('legalbasisText', g.text(node, dcatde + 'legalBasis') ?? g.text(node, dcatde + 'legalbasisText'));
  extra('identifier', identifier ?? iri);
  extra('issued', g.text(node, dct + 'issued'));
  extra('modified', g.text(node, dct + 'modified'));
  extra('frequency', g.values(node, dct + 'accrualPeriodicity')[0]);
  extra('hvd_category', g.values(node, dcatap + 'hvdCategory')[0]);
  const spatial = g.all(node, dct + 'spatial').find((s) => s.kind === 'iri');
  extra('spatial_uri', spatial?.value);
  const temporal = g.one(node, dct + 'temporal');
  if (temporal) {
    extra('temporal_start', g.text(temporal, dcat + 'startDate') ?? g.text(temporal, schema + 'startDate'));
    extra('temporal_end', g.text(temporal, dcat + 'endDate') ?? g.text(temporal, schema + 'endDate'));
  }
  if (g.all(node, dct + 'language').some((l) => l.kind === 'literal')) warn('dct:language ist ein Literal statt einer IRI des EU-Sprachenvokabulars');
  const distributions = g.all(node, dcat + 'distribution');
  if ([node, ...distributions].some((n) => g.has(n, dcatde + 'plannedAvailability'))) warn('dcatde:plannedAvailability ist eine Eigenschaft von DCAT-AP.de 1.x (seit 2.0: dcatap:availability)');

  const resources = distributions.map((dist, i) => mapDistribution(g, dist, i, warn)).filter((r): r is Dict => !!r);
  resources.sort((a, b) => String(a.url).localeCompare(String(b.url)) || String(a.name).localeCompare(String(b.name)));

  // DCAT-AP.de puts the licence on the distributions; the dataset's is the one they agree on
  // (CKAN has one licence per dataset), else the most frequent.
  let licence: string | undefined;
  const own = g.values(node, dct + 'license')[0];
  const licences = own ? [own] : resources.map((r) => r.license as string | undefined).filter((x): x is string => !!x);
  if (licences.length) {
    const count = new Map<string, number>();
    for (const l of licences) count.set(l, (count.get(l) ?? 0) + 1);
    licence = [...count].sort((a, b) => b[1] - a[1])[0]![0];
    if (count.size > 1) warn(`Distributionen mit verschiedenen Lizenzen (${[...count.keys()].join(', ')}) – für den Datensatz gilt ${licence}`);
  }
  let licenseId: string | undefined;
  if (!licence && !distributions.some((d) => g.has(d, dct + 'license'))) warn('Keine Lizenz angegeben (weder am Datensatz noch an den Distributionen)');
  else if (own) {
    const n = normaliseLicence(own);
    if (n.note) warn(n.note);
    licenseId = n.iri;
  } else licenseId = licence;

  const contactMail = contact && (email(g.values(contact, vcard + 'hasEmail')[0]) ?? undefined);
  const dict: Dict = {
    title,
    notes: g.text(node, dct + 'description') ?? '',
    url: g.values(node, dcat + 'landingPage')[0],
    version: g.text(node, owl + 'versionInfo') ?? g.text(node, adms + 'version'),
    author: creator && names(g, [creator])[0],
    author_email: creator && email(g.values(creator, foaf + 'mbox')[0]),
    maintainer: (contact && g.text(contact, vcard + 'fn')) ?? (maintainerNode && names(g, [maintainerNode])[0]),
    maintainer_email: contactMail ?? (maintainerNode && email(g.values(maintainerNode, foaf + 'mbox')[0])),
    license_id: licenseId,
    tags: [...new Set(g.values(node, dcat + 'keyword'))].sort().map((name) => ({ name })),
    groups: themes,
    extras: Object.entries(extras).sort(([a], [b]) => a.localeCompare(b)).map(([key, value]) => ({ key, value })),
    resources,
  };
  return { ...base, dict };
}

function mapDistribution(g: Graph, dist: Term, i: number, warn: (m: string) => void): Dict | undefined {
  const label = g.text(dist, dct + 'title') ?? (dist.kind === 'iri' ? dist.value : `Nr. ${i + 1}`);
  const url = g.values(dist, dcat + 'downloadURL')[0] ?? g.values(dist, dcat + 'accessURL')[0];
  if (!url) {
    warn(`Distribution „${label}“ ohne dcat:accessURL – ausgelassen`);
    return undefined;
  }
  const format = g.values(dist, dct + 'format')[0];
  const media = g.values(dist, dcat + 'mediaType')[0];
  const rawSize = g.text(dist, dcat + 'byteSize');
  let size: number | undefined;
  if (rawSize !== undefined) {
    const n = Number(rawSize);
    if (Number.isInteger(n) && n >= 0) size = n;
    else warn(`Distribution „${label}“: dcat:byteSize „${rawSize}“ ist keine Byte-Anzahl – verworfen`);
  }
  let license: string | undefined;
  const rawLicence = g.values(dist, dct + 'license')[0];
  if (rawLicence) {
    const n = normaliseLicence(rawLicence);
    if (n.note) warn(n.note);
    license = n.iri;
  }
  const checksum = g.one(dist, spdx + 'checksum');
  return {
    name: g.text(dist, dct + 'title') ?? '',
    description: g.text(dist, dct + 'description') ?? '',
    url,
    format: format ? lastSegment(format).toUpperCase() : '',
    mimetype: media ? media.replace(IANA, '') : undefined,
    size,
    license,
    // xsd:hexBinary is case-insensitive (canonically upper case); CKAN hashes are lower case.
    hash: checksum && g.text(checksum, spdx + 'checksumValue')?.replace(/^[0-9A-F]+$/i, (h) => h.toLowerCase()),
    last_modified: g.text(dist, dct + 'modified'),
  };
}
