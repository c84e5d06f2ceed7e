// Demo content of the requests module (idempotent): the same service catalogue in every seed
// city, and a few dozen requests with realistic histories in each, placed around the city
// centre, so the Open311 API and the pages show something on first start. Generated, no
// personal data.
import type { Db } from '../../server/db/connect.ts';
import * as repo from './repo.ts';
import { recompute } from './deadlines/recompute.ts';
import { replaceAreas } from './routing/repo.ts';
import { bboxOf, type Area } from './routing/geo.ts';
import type { ServiceAttribute, State } from './tables.ts';

/** City centres (WGS84) of the seed municipalities. */
const CENTRES: Record<string, [number, number]> = {
  frankfurt: [50.1109, 8.6821], wiesbaden: [50.0782, 8.2398], darmstadt: [49.8728, 8.6512], offenbach: [50.0956, 8.7761], marburg: [50.8021, 8.7667],
  giessen: [50.5841, 8.6784], limburg: [50.3836, 8.0503], fulda: [50.5558, 9.6808], wetzlar: [50.5562, 8.5042],
};

const yesNo = [{ key: 'ja', name: 'Ja' }, { key: 'nein', name: 'Nein' }];
/** Demo promises: a first answer within a working day, resolution within a week of office hours. */
const DEMO_POLICY = (resolutionHours: number) => [{ id: 'standard', name: 'Standardzusage', targets: { firstResponse: { hours: 8 }, maxSilence: { hours: 40 }, resolution: { hours: resolutionHours } } }];
const SLA: Record<string, unknown> = { strassenbeleuchtung: DEMO_POLICY(40), muellablagerung: DEMO_POLICY(24), strassenschaden: DEMO_POLICY(80), gruenpflege: DEMO_POLICY(80), frage: [{ id: 'auskunft', name: 'Auskunft', targets: { firstResponse: { hours: 8 }, resolution: { hours: 16 }, legal: { amount: 1, unit: 'months' } } }] };

export const DEMO_SERVICES: { code: string; name: string; description: string; category: string; keywords: string[]; department: string; attributes: ServiceAttribute[] }[] = [
  {
    code: 'strassenbeleuchtung', name: 'Straßenbeleuchtung defekt', description: 'Eine Straßenlaterne ist aus, flackert oder brennt am Tag.', category: 'Straße und Verkehr',
    keywords: ['Laterne', 'Licht', 'Beleuchtung'], department: 'ordnungsamt',
    attributes: [
      { code: 'fehler', datatype: 'singlevaluelist', required: true, description: 'Was ist mit der Laterne?', order: 1, values: [{ key: 'aus', name: 'Leuchtet nicht' }, { key: 'flackert', name: 'Flackert' }, { key: 'tag', name: 'Brennt am Tag' }] },
      { code: 'mastnummer', datatype: 'string', required: false, description: 'Nummer am Mast (falls lesbar)', order: 2 },
    ],
  },
  {
    code: 'muellablagerung', name: 'Illegale Müllablagerung', description: 'Abfall, Sperrmüll oder Bauschutt wurde verbotswidrig abgestellt.', category: 'Sauberkeit',
    keywords: ['Müll', 'Sperrmüll', 'wilder Müll'], department: 'ordnungsamt',
    attributes: [
      { code: 'menge', datatype: 'singlevaluelist', required: true, description: 'Wie viel ist es ungefähr?', order: 1, values: [{ key: 'klein', name: 'Ein paar Säcke' }, { key: 'mittel', name: 'Eine Kofferraumladung' }, { key: 'gross', name: 'Mehr als ein Kubikmeter' }] },
      { code: 'gefahrstoffe', datatype: 'singlevaluelist', required: true, description: 'Sind Gefahrstoffe dabei (Farben, Öl, Batterien, Asbest)?', order: 2, values: yesNo },
    ],
  },
  {
    code: 'strassenschaden', name: 'Schlagloch oder Straßenschaden', description: 'Schäden an Fahrbahn, Gehweg oder Radweg.', category: 'Straße und Verkehr',
    keywords: ['Schlagloch', 'Gehweg', 'Radweg'], department: 'ordnungsamt',
    attributes: [{ code: 'durchmesser_cm', datatype: 'number', required: false, description: 'Durchmesser in Zentimetern (geschätzt)', order: 1 }],
  },
  {
    code: 'gruenpflege', name: 'Baum, Hecke oder Grünfläche', description: 'Umgestürzte Äste, zugewachsene Wege, ungepflegte Grünflächen.', category: 'Grün und Umwelt',
    keywords: ['Baum', 'Ast', 'Hecke', 'Park'], department: 'ordnungsamt', attributes: [],
  },
  {
    code: 'frage', name: 'Frage an das Bürgerbüro', description: 'Eine Frage an die Verwaltung, die in keine andere Kategorie passt.', category: 'Allgemein',
    keywords: ['Frage', 'Auskunft'], department: 'buergerservice', attributes: [],
  },
];

const TEXTS: Record<string, string[]> = {
  strassenbeleuchtung: ['Laterne vor der Bushaltestelle ist seit Tagen dunkel.', 'Zwei Laternen im Fußweg flackern abends.'],
  muellablagerung: ['Am Containerplatz stehen alte Möbel und Säcke.', 'Bauschutt am Waldrand abgekippt.'],
  strassenschaden: ['Tiefes Schlagloch auf dem Radweg, gefährlich bei Dunkelheit.', 'Gehwegplatten stehen hoch.'],
  gruenpflege: ['Großer Ast hängt über den Gehweg.', 'Hecke wächst in den Radweg.'],
  frage: ['Wann ist der Wertstoffhof samstags geöffnet?', 'Wie beantrage ich einen Anwohnerparkausweis?'],
};

/** A simplified demo boundary: an octagon of about 6 km around the centre (real boundaries are
 *  loaded as GeoJSON via PUT /api/v1/tenants/{slug}/request-areas/boundary). */
function demoBoundary([lat, lon]: [number, number], km = 6): Area {
  const ring = Array.from({ length: 8 }, (_, i) => {
    const a = (i * Math.PI) / 4;
    return [Number((lon + (km / 71.5) * Math.cos(a)).toFixed(5)), Number((lat + (km / 111.2) * Math.sin(a)).toFixed(5))];
  });
  return { type: 'Polygon', coordinates: [[...ring, ring[0]!]] };
}

/** A deterministic pseudo-random sequence (the demo looks the same on every machine). */
function sequence(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

export async function seedRequestsDemo(db: Db, log: (m: string) => void = () => undefined): Promise<void> {
  const tenants = await db.selectFrom('core_tenants').select(['id', 'slug']).execute();
  let made = 0;
  for (const t of tenants) {
    const deps = new Map((await db.selectFrom('core_departments').select(['id', 'slug']).where('tenant_id', '=', t.id).execute()).map((d) => [d.slug, d.id]));
    const services = new Map<string, string>();
    for (const s of DEMO_SERVICES) {
      const { id } = await repo.upsertService(db, { tenantId: t.id, code: s.code, name: s.name, description: s.description, category: s.category, keywords: s.keywords, attributes: s.attributes, departmentId: deps.get(s.department) ?? null, slaPolicy: SLA[s.code] ?? null });
      services.set(s.code, id);
    }
    const centre = CENTRES[t.slug];
    if (!centre) continue;
    const boundary = demoBoundary(centre);
    const hasAreas = await db.selectFrom('requests_areas').select('id').where('tenant_id', '=', t.id).limit(1).executeTakeFirst();
    if (!hasAreas) await replaceAreas(db, t.id, 'boundary', [{ name: 'Stadtgebiet (vereinfachte Demo-Grenze)', geometry: boundary, ...bboxOf(boundary), department_id: null, service_codes: [], position: 0 }]);
    const already = await db.selectFrom('requests_items').select('id').where('tenant_id', '=', t.id).where('source', '=', 'demo').limit(1).executeTakeFirst();
    if (already) continue;
    const rnd = sequence(t.slug.length * 7919 + t.slug.charCodeAt(0));
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < 24; i++) {
        const s = DEMO_SERVICES[Math.floor(rnd() * DEMO_SERVICES.length)]!;
        const at = new Date(Date.now() - Math.floor(rnd() * 60 * 24 * 3600 * 1000));
        const attributes: Record<string, string> = {};
        for (const a of s.attributes) if (a.required && a.values) attributes[a.code] = a.values[Math.floor(rnd() * a.values.length)]!.key;
        const number = await repo.nextNumber(trx, t, at.getFullYear());
        const texts = TEXTS[s.code]!;
        const r = await repo.insertRequest(trx, {
          tenantId: t.id, number, serviceId: services.get(s.code)!, description: texts[i % texts.length]!, lat: centre[0] + (rnd() - 0.5) * 0.03, lon: centre[1] + (rnd() - 0.5) * 0.05,
          address: null, attributes, mediaUrl: null, departmentId: deps.get(s.department) ?? null, source: 'demo', clientName: 'Demo', contactName: null, contactEmail: null, contactPhone: null, notify: false, requestedAt: at,
        });
        await repo.insertEvent(trx, { requestId: r.id, tenantId: t.id, kind: 'created', toState: 'received', public: true, at });
        // Older requests moved on: acknowledged, in progress, resolved.
        const path: State[] = ['acknowledged', 'in_progress', 'resolved'];
        const steps = Math.min(path.length, Math.floor(((Date.now() - at.getTime()) / (24 * 3600 * 1000)) / 6 * rnd() * 2));
        let from: State = 'received';
        let when = at;
        for (const to of path.slice(0, steps)) {
          when = new Date(when.getTime() + Math.floor((1 + rnd() * 40) * 3600 * 1000));
          if (when > new Date()) break;
          await repo.insertEvent(trx, { requestId: r.id, tenantId: t.id, kind: 'state', fromState: from, toState: to, public: true, at: when, text: to === 'resolved' ? 'Erledigt. Vielen Dank für Ihre Meldung!' : to === 'in_progress' ? 'Wir kümmern uns darum.' : null });
          from = to;
        }
        await trx.updateTable('requests_items').set({ state: from, updated_at: when, closed_at: from === 'resolved' ? when : null }).where('id', '=', r.id).execute();
        await recompute(trx, r.id, { pastTimers: false });
        made++;
      }
    });
  }
  log(`Anliegen: Dienstkatalog in ${tenants.length} Kommunen, ${made} Demo-Anliegen`);
}
