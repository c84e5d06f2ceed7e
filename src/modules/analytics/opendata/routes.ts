// HTTP of the open data (public, no login) and of the federal reports (staff): JSON and CSV twins
// of one protected table. Query parameters are checked strictly — a misspelt filter must not
// quietly return everything.
import { Readable } from 'node:stream';
import { z } from 'zod';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../../server/app.ts';
import { ctxOf } from '../../../server/http/auth.ts';
import { AUTHENTICATED } from '../../../server/http/openapi.ts';
import * as svc from './service.ts';
import { lastCompleteMonth } from '../metrics/periods.ts';
import { toCsv } from '../csv.ts';
import { ServiceKey } from '../connector/vocabulary.ts';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const month = z.string().regex(MONTH, 'Monat als JJJJ-MM, z. B. 2026-10');
const strict = <T extends z.ZodRawShape>(shape: T) => z.strictObject(shape, {
  error: (i) => (i.code === 'unrecognized_keys' ? `unbekannte Parameter: ${i.keys.join(', ')} (erlaubt: ${Object.keys(shape).join(', ')})` : undefined),
});
const OpenDataQuery = strict({
  from: month.optional().describe('erster Monat (Standard: der erste mit Daten, höchstens 60 Monate vor to)'),
  to: month.optional().describe('letzter Monat (Standard und höchstens: der letzte abgeschlossene)'),
  ars: z.string().regex(/^\d{12}$/, 'Amtlicher Regionalschlüssel mit 12 Ziffern').optional().describe('nur diese Kommune (ihre Zellen und Summen)'),
  tenant: z.string().min(1).max(100).optional().describe('nur diese Kommune, über ihre Kennung (statt ars)'),
  service_key: ServiceKey.optional()
    .describe('nur diese Leistung (ihre Zellen und Summen über alle Kommunen)'),
});
const ReportQuery = strict({ month: month.optional().describe('Berichtsmonat (Standard: der letzte abgeschlossene)') });

const sendCsv = (reply: FastifyReply, filename: string, body: string | Readable, cache: string) =>
  reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).header('cache-control', cache).send(body);

const TRANSACTION_COLUMNS = ['monat', 'ebene', 'leistungsschluessel', 'ars', 'region', 'antraege', 'gesperrt'];
const RATING_COLUMNS = ['monat', 'ebene', 'leistungsschluessel', 'ars', 'region', 'bewertungen', 'sterne_1', 'sterne_2', 'sterne_3', 'sterne_4', 'sterne_5', 'bewertung_mittel', 'gesperrt'];

export function registerOpenDataRoutes(app: FastifyInstance, { db, config }: Pick<AppDeps, 'db' | 'config'>): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Service-Analytik: offene Daten'];
  const minCell = config.analytics.minCell;
  const base = '/api/v1/analytics/open-data/monthly';
  const openSummary = 'Nutzung der Onlinedienste je Monat, Leistung und Kommune mit Summen; Werte von 1 bis ANALYTICS_MIN_CELL − 1 und ergänzend gesperrte Felder sind leer (null)';
  r.get(`${base}.json`, { schema: { tags, querystring: OpenDataQuery, summary: openSummary } }, async (req, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return svc.openData(ctxOf(req, db), req.query, config.analytics);
  });
  r.get(`${base}.csv`, { schema: { tags, querystring: OpenDataQuery, summary: `${openSummary} — als CSV`, produces: ['text/csv'] } }, async (req, reply) => {
    const d = await svc.openDataCsv(ctxOf(req, db), req.query, config.analytics);
    return sendCsv(reply, d.filename, Readable.from(d.chunks), 'public, max-age=300');
  });

  const report = '/api/v1/analytics/reports/federal';
  r.get(`${report}/transactions.csv`, {
    schema: { tags, ...AUTHENTICATED, querystring: ReportQuery, produces: ['text/csv'], summary: 'Bundesmeldung: Anträge (Transaktionen) je Monat, Leistungsschlüssel und Region (Plattform-Administration: alle, Kommune: ihre)' },
  }, async (req, reply) => {
    const rows = await svc.federalTransactions(ctxOf(req, db), req.query.month, minCell);
    return sendCsv(reply, `transaktionen_${req.query.month ?? lastCompleteMonth()}.csv`, toCsv(TRANSACTION_COLUMNS, rows), 'private, no-store');
  });
  r.get(`${report}/ratings.csv`, {
    schema: { tags, ...AUTHENTICATED, querystring: ReportQuery, produces: ['text/csv'], summary: 'Bundesmeldung: Bewertungen (Anzahl, Verteilung 1–5, Mittel; ohne Freitext) je Monat, Leistungsschlüssel und Region' },
  }, async (req, reply) => {
    const rows = await svc.federalRatings(ctxOf(req, db), req.query.month, minCell);
    return sendCsv(reply, `bewertungen_${req.query.month ?? lastCompleteMonth()}.csv`, toCsv(RATING_COLUMNS, rows), 'private, no-store');
  });
}
