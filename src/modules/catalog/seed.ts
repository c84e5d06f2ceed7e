// Demo datasets for the seed cities: the kinds of open data these municipalities publish.
// Idempotent: datasets that exist (by name) are left as they are.
import type { Db } from '../../server/db/connect.ts';
import * as repo from './repo.ts';
import { readPackage } from './ckan/package-input.ts';

type Demo = { org: string; name: string; title: string; notes: string; tags: string[]; groups: string[]; licence: string; frequency: string; hvd?: string; res: [string, string, string][] };

const D = (org: string, name: string, title: string, notes: string, tags: string[], groups: string[], res: [string, string, string][], frequency = 'ANNUAL', licence = 'dl-by-de/2.0', hvd?: string): Demo => ({ org, name, title, notes, tags, groups, licence, frequency, hvd, res });

export const DEMO_DATASETS: Demo[] = [
  D('giessen', 'giessen-parkhaeuser-belegung', 'Parkhäuser Gießen – aktuelle Belegung', 'Freie und belegte Stellplätze der Parkhäuser Am Kino, Karstadt und Neustädter Tor, alle fünf Minuten aktualisiert.', ['Parken', 'Verkehr', 'Echtzeit'], ['tran'], [['Belegung (CSV)', 'https://www.giessen.de/opendata/parkhaeuser.csv', 'CSV'], ['Belegung (JSON)', 'https://www.giessen.de/opendata/parkhaeuser.json', 'JSON']], 'CONT', 'dl-zero-de/2.0', 'c_b79e35eb'),
  D('giessen', 'giessen-wahlergebnisse-bundestagswahl', 'Bundestagswahl – Ergebnisse nach Wahlbezirken in Gießen', 'Erst- und Zweitstimmen der Bundestagswahlen 2009 und 2013 je Wahlbezirk.', ['Wahlen', 'Bundestagswahl'], ['gove'], [['Ergebnisse 2013', 'https://www.giessen.de/opendata/btw2013.csv', 'CSV']], 'IRREG'),
  D('frankfurt', 'frankfurt-baumkataster', 'Baumkataster Frankfurt am Main', 'Standorte, Arten, Pflanzjahre und Kronendurchmesser der Straßenbäume im Stadtgebiet.', ['Bäume', 'Umwelt', 'Stadtgrün'], ['envi'], [['Baumkataster (GeoJSON)', 'https://offenedaten.frankfurt.de/baumkataster.geojson', 'GEOJSON']], 'ANNUAL', 'dl-by-de/2.0', 'c_ac64a52d'),
  D('frankfurt', 'frankfurt-bevoelkerung-stadtteile', 'Bevölkerung nach Stadtteilen', 'Einwohnerinnen und Einwohner mit Hauptwohnsitz nach Stadtteil, Alter und Geschlecht, Stand 31.12.', ['Bevölkerung', 'Statistik'], ['soci'], [['Tabelle', 'https://offenedaten.frankfurt.de/bevoelkerung.csv', 'CSV']], 'ANNUAL', 'dl-by-de/2.0', 'c_e1da4e07'),
  D('wiesbaden', 'wiesbaden-luftqualitaet', 'Luftqualität Wiesbaden – Messstationen', 'Stundenmittel von Stickstoffdioxid und Feinstaub (PM10, PM2,5) an den Messstationen Ringkirche und Schiersteiner Straße.', ['Luft', 'Stickstoffdioxid', 'Feinstaub'], ['envi', 'heal'], [['Messwerte', 'https://www.wiesbaden.de/opendata/luft.csv', 'CSV']], 'HOURLY', 'cc-by/4.0', 'c_dd313021'),
  D('darmstadt', 'darmstadt-haushaltsplan', 'Haushaltsplan der Wissenschaftsstadt Darmstadt', 'Erträge und Aufwendungen nach Produktbereichen, Plan und Ergebnis.', ['Haushalt', 'Finanzen'], ['econ', 'gove'], [['Haushaltsdaten', 'https://opendata.darmstadt.de/haushalt.csv', 'CSV']]),
  D('darmstadt', 'darmstadt-radverkehrszaehlung', 'Radverkehrszählstellen Darmstadt', 'Stündliche Zählungen an den automatischen Radzählstellen.', ['Radverkehr', 'Verkehr', 'Zählung'], ['tran'], [['Zählwerte', 'https://opendata.darmstadt.de/radzaehlung.csv', 'CSV']], 'DAILY', 'dl-zero-de/2.0', 'c_b79e35eb'),
  D('offenbach', 'offenbach-kitas', 'Kindertagesstätten in Offenbach am Main', 'Standorte, Träger und Plätze der Kindertagesstätten.', ['Kinderbetreuung', 'Bildung'], ['educ', 'soci'], [['Liste', 'https://www.offenbach.de/opendata/kitas.csv', 'CSV']]),
  D('marburg', 'marburg-defibrillatoren', 'Defibrillatoren (AED) in Marburg', 'Öffentlich zugängliche Defibrillatoren mit Standort und Zugänglichkeit.', ['Gesundheit', 'Notfall'], ['heal'], [['Standorte', 'https://www.marburg.de/opendata/aed.geojson', 'GEOJSON']], 'IRREG', 'cc-zero'),
  D('fulda', 'fulda-haltestellen', 'Bushaltestellen Stadtverkehr Fulda', 'Haltestellen des Stadtbusverkehrs mit Koordinaten und Barrierefreiheit.', ['ÖPNV', 'Haltestellen'], ['tran'], [['Haltestellen', 'https://www.fulda.de/opendata/haltestellen.csv', 'CSV']], 'QUARTERLY', 'dl-by-de/2.0', 'c_b79e35eb'),
  D('wetzlar', 'wetzlar-pegel-lahn', 'Pegelstände der Lahn in Wetzlar', 'Wasserstände am Pegel Wetzlar, 15-Minuten-Werte.', ['Hochwasser', 'Pegel', 'Lahn'], ['envi'], [['Pegel', 'https://www.wetzlar.de/opendata/pegel.csv', 'CSV']], 'CONT', 'dl-zero-de/2.0', 'c_dd313021'),
  D('limburg', 'limburg-baustellen', 'Baustellen und Verkehrseinschränkungen in Limburg', 'Aktuelle Baustellen mit Zeitraum und Umleitung.', ['Baustellen', 'Verkehr'], ['tran'], [['Baustellen', 'https://www.limburg.de/opendata/baustellen.json', 'JSON']], 'WEEKLY'),
  D('wetteraukreis', 'wetterau-schulen', 'Schulen im Wetteraukreis', 'Allgemeinbildende und berufliche Schulen mit Schulform und Schülerzahlen.', ['Schulen', 'Bildung'], ['educ'], [['Schulen', 'https://www.wetteraukreis.de/opendata/schulen.csv', 'CSV']]),
  D('darmstadt-dieburg', 'dadi-abfallkalender', 'Abfallkalender Landkreis Darmstadt-Dieburg', 'Abholtermine für Rest-, Bio-, Papier- und Wertstoffabfall nach Gemeinde und Straße.', ['Abfall', 'Termine'], ['envi', 'regi'], [['Termine (ICS)', 'https://www.ladadi.de/opendata/abfall.ics', 'ICS']]),
];

export async function seedCatalog(db: Db, log: (m: string) => void = () => undefined): Promise<void> {
  let created = 0;
  for (const d of DEMO_DATASETS) {
    if (await repo.findDataset(db, d.name)) continue;
    const { input, errors } = readPackage({
      name: d.name, title: d.title, notes: d.notes, owner_org: d.org, license_id: d.licence, tags: d.tags.map((name) => ({ name })),
      groups: d.groups.map((name) => ({ name })),
      extras: [{ key: 'frequency', value: d.frequency }, { key: 'issued', value: '2024-01-15' }, ...(d.hvd ? [{ key: 'hvd_category', value: d.hvd }] : [])],
      resources: d.res.map(([name, url, format]) => ({ name, url, format })),
    });
    if (Object.keys(errors).length) throw new Error(`demo dataset ${d.name} is invalid: ${JSON.stringify(errors)}`);
    const org = await repo.findOrganization(db, d.org);
    if (!org) throw new Error(`demo organisation ${d.org} is missing`);
    await db.transaction().execute(async (trx) => {
      const { id } = await repo.insertDataset(trx, input, { tenantId: org.tenant_id, organizationId: org.id, userId: null });
      await repo.replaceResources(trx, id, org.tenant_id, input.resources ?? []);
      await repo.insertHistory(trx, { datasetId: id, tenantId: org.tenant_id, actor: 'demo', action: 'package.create', before: null, after: { name: d.name } });
    });
    created++;
  }
  log(`Demo-Datensätze: ${created} neu, ${DEMO_DATASETS.length} insgesamt`);
}
