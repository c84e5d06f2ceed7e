// Real Hessian municipalities and districts with their official keys. AGS: Land(2) RB(1)
// Kreis(2) Gemeinde(3); ARS: Land RB Kreis, Gemeindeverband(4), Gemeinde(3). The city keys
// match the DCAT-AP.de political geocoding vocabulary (dcat-ap.de/def/politicalGeocoding).
import type { TenantType } from '../tables.ts';

export type SeedTenant = { slug: string; name: string; type: TenantType; ags: string; ars: string; parent?: string; website: string; population: number };
// Population: approximate figures for 31 Dec 2023 (Hessisches Statistisches Landesamt), used for
// per-1,000-inhabitant comparisons in the demo; a municipality's admin keeps its own figure current.
export const SEED_POPULATION_DATE = '2023-12-31';

export const SEED_TENANTS: SeedTenant[] = [
  { slug: 'darmstadt-dieburg', name: 'Landkreis Darmstadt-Dieburg', type: 'district', ags: '06432000', ars: '064320000000', website: 'https://www.ladadi.de', population: 300808 },
  { slug: 'wetteraukreis', name: 'Wetteraukreis', type: 'district', ags: '06440000', ars: '064400000000', website: 'https://www.wetteraukreis.de', population: 313955 },
  { slug: 'landkreis-giessen', name: 'Landkreis Gießen', type: 'district', ags: '06531000', ars: '065310000000', website: 'https://www.lkgi.de', population: 275906 },
  { slug: 'lahn-dill-kreis', name: 'Lahn-Dill-Kreis', type: 'district', ags: '06532000', ars: '065320000000', website: 'https://www.lahn-dill-kreis.de', population: 257497 },
  { slug: 'limburg-weilburg', name: 'Landkreis Limburg-Weilburg', type: 'district', ags: '06533000', ars: '065330000000', website: 'https://www.landkreis-limburg-weilburg.de', population: 175318 },
  { slug: 'marburg-biedenkopf', name: 'Landkreis Marburg-Biedenkopf', type: 'district', ags: '06534000', ars: '065340000000', website: 'https://www.marburg-biedenkopf.de', population: 246648 },
  { slug: 'landkreis-fulda', name: 'Landkreis Fulda', type: 'district', ags: '06631000', ars: '066310000000', website: 'https://www.landkreis-fulda.de', population: 225577 },
  { slug: 'frankfurt', name: 'Frankfurt am Main', type: 'municipality', ags: '06412000', ars: '064120000000', website: 'https://frankfurt.de', population: 775790 },
  { slug: 'wiesbaden', name: 'Wiesbaden', type: 'municipality', ags: '06414000', ars: '064140000000', website: 'https://www.wiesbaden.de', population: 285522 },
  { slug: 'darmstadt', name: 'Darmstadt', type: 'municipality', ags: '06411000', ars: '064110000000', website: 'https://www.darmstadt.de', population: 162243 },
  { slug: 'offenbach', name: 'Offenbach am Main', type: 'municipality', ags: '06413000', ars: '064130000000', website: 'https://www.offenbach.de', population: 133051 },
  { slug: 'marburg', name: 'Marburg', type: 'municipality', ags: '06534014', ars: '065340014014', parent: 'marburg-biedenkopf', website: 'https://www.marburg.de', population: 77845 },
  { slug: 'giessen', name: 'Gießen', type: 'municipality', ags: '06531005', ars: '065310005005', parent: 'landkreis-giessen', website: 'https://www.giessen.de', population: 92491 },
  { slug: 'limburg', name: 'Limburg a. d. Lahn', type: 'municipality', ags: '06533009', ars: '065330009009', parent: 'limburg-weilburg', website: 'https://www.limburg.de', population: 36207 },
  { slug: 'fulda', name: 'Fulda', type: 'municipality', ags: '06631009', ars: '066310009009', parent: 'landkreis-fulda', website: 'https://www.fulda.de', population: 70326 },
  { slug: 'wetzlar', name: 'Wetzlar', type: 'municipality', ags: '06532023', ars: '065320023023', parent: 'lahn-dill-kreis', website: 'https://www.wetzlar.de', population: 53981 },
];

export const SEED_COOPERATIONS = [
  {
    slug: 'smartes-rhein-main',
    name: 'Smartes Rhein-Main',
    description: 'Frankfurt, Wiesbaden und Darmstadt auf dem Weg zu „Smart Rhein-Main 2030“: gemeinsame Daten, Sensorik und digitale Dienste.',
    members: ['frankfurt', 'wiesbaden', 'darmstadt'],
  },
  {
    slug: 'digitale-kommune-hessen',
    name: 'Digitale Kommune@Hessen',
    description: 'Offenbach, Marburg, Gießen, Limburg, Fulda und Wetzlar teilen Onlinedienste, Prozessvorlagen und offene Daten.',
    members: ['offenbach', 'marburg', 'giessen', 'limburg', 'fulda', 'wetzlar'],
  },
];

/** Departments every seeded tenant gets; the last is internal and visible to members only. */
export const SEED_DEPARTMENTS = [
  { slug: 'buergerservice', name: 'Bürgerservice', isPublic: true },
  { slug: 'ordnungsamt', name: 'Ordnungsamt', isPublic: true },
  { slug: 'digitalisierung', name: 'Stabsstelle Digitalisierung', isPublic: true },
  { slug: 'it-sicherheit', name: 'Informationssicherheit (intern)', isPublic: false },
];
