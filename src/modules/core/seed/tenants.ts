// Real Hessian municipalities and districts with their official keys. AGS: Land(2) RB(1)
// Kreis(2) Gemeinde(3); ARS: Land RB Kreis, Gemeindeverband(4), Gemeinde(3). The city keys
// match the DCAT-AP.de political geocoding vocabulary (dcat-ap.de/def/politicalGeocoding).
import type { TenantType } from '../tables.ts';

export type SeedTenant = { slug: string; name: string; type: TenantType; ags: string; ars: string; parent?: string; website: string };

export const SEED_TENANTS: SeedTenant[] = [
  { slug: 'darmstadt-dieburg', name: 'Landkreis Darmstadt-Dieburg', type: 'district', ags: '06432000', ars: '064320000000', website: 'https://www.ladadi.de' },
  { slug: 'wetteraukreis', name: 'Wetteraukreis', type: 'district', ags: '06440000', ars: '064400000000', website: 'https://www.wetteraukreis.de' },
  { slug: 'landkreis-giessen', name: 'Landkreis Gießen', type: 'district', ags: '06531000', ars: '065310000000', website: 'https://www.lkgi.de' },
  { slug: 'lahn-dill-kreis', name: 'Lahn-Dill-Kreis', type: 'district', ags: '06532000', ars: '065320000000', website: 'https://www.lahn-dill-kreis.de' },
  { slug: 'limburg-weilburg', name: 'Landkreis Limburg-Weilburg', type: 'district', ags: '06533000', ars: '065330000000', website: 'https://www.landkreis-limburg-weilburg.de' },
  { slug: 'marburg-biedenkopf', name: 'Landkreis Marburg-Biedenkopf', type: 'district', ags: '06534000', ars: '065340000000', website: 'https://www.marburg-biedenkopf.de' },
  { slug: 'landkreis-fulda', name: 'Landkreis Fulda', type: 'district', ags: '06631000', ars: '066310000000', website: 'https://www.landkreis-fulda.de' },
  { slug: 'frankfurt', name: 'Frankfurt am Main', type: 'municipality', ags: '06412000', ars: '064120000000', website: 'https://frankfurt.de' },
  { slug: 'wiesbaden', name: 'Wiesbaden', type: 'municipality', ags: '06414000', ars: '064140000000', website: 'https://www.wiesbaden.de' },
  { slug: 'darmstadt', name: 'Darmstadt', type: 'municipality', ags: '06411000', ars: '064110000000', website: 'https://www.darmstadt.de' },
  { slug: 'offenbach', name: 'Offenbach am Main', type: 'municipality', ags: '06413000', ars: '064130000000', website: 'https://www.offenbach.de' },
  { slug: 'marburg', name: 'Marburg', type: 'municipality', ags: '06534014', ars: '065340014014', parent: 'marburg-biedenkopf', website: 'https://www.marburg.de' },
  { slug: 'giessen', name: 'Gießen', type: 'municipality', ags: '06531005', ars: '065310005005', parent: 'landkreis-giessen', website: 'https://www.giessen.de' },
  { slug: 'limburg', name: 'Limburg a. d. Lahn', type: 'municipality', ags: '06533009', ars: '065330009009', parent: 'limburg-weilburg', website: 'https://www.limburg.de' },
  { slug: 'fulda', name: 'Fulda', type: 'municipality', ags: '06631009', ars: '066310009009', parent: 'landkreis-fulda', website: 'https://www.fulda.de' },
  { slug: 'wetzlar', name: 'Wetzlar', type: 'municipality', ags: '06532023', ars: '065320023023', parent: 'lahn-dill-kreis', website: 'https://www.wetzlar.de' },
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
