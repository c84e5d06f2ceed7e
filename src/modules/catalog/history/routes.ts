// GET /api/v1/catalog/datasets/{idOrName}/history: who changed what, when, as field diffs.
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../../server/app.ts';
import { ctxOf } from '../../../server/http/auth.ts';
import * as svc from './service.ts';

const FieldChange = z.object({ field: z.string(), label: z.string(), before: z.string().nullable(), after: z.string().nullable() });
const ListChange = z.object({ added: z.array(z.string()), removed: z.array(z.string()) });
export const HistoryEntry = z.object({
  id: z.number(), at: z.string(), action: z.string().describe('package.create|update|delete, resource.create|update|delete'),
  actor: z.object({ label: z.string(), kind: z.enum(['person', 'organisation', 'system']) }).describe('E-Mail nur für Mitglieder der Kommune, sonst die Organisation'),
  summary: z.string(), changes: z.array(FieldChange), tags: ListChange, groups: ListChange,
  resources: z.array(z.object({ id: z.string(), name: z.string(), change: z.enum(['added', 'removed', 'changed']), fields: z.array(FieldChange) })),
});
const HistoryPage = z.object({ items: z.array(HistoryEntry), total: z.number(), limit: z.number(), offset: z.number() });
const Query = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export function registerHistoryRoutes(app: FastifyInstance, { db }: Pick<AppDeps, 'db'>): void {
  app.withTypeProvider<ZodTypeProvider>().get('/api/v1/catalog/datasets/:idOrName/history', {
    schema: {
      tags: ['Offene Daten'], summary: 'Änderungsverlauf eines Datensatzes: wer, wann, was (Felder alt → neu, Schlagwörter, Themen, Ressourcen)',
      description: 'Sichtbar wie `package_show`. Wer geändert hat, steht nur für Mitglieder der Kommune als E-Mail-Adresse da, sonst als Organisation. Neueste zuerst.',
      params: z.object({ idOrName: z.string().min(1).max(100) }), querystring: Query, response: { 200: HistoryPage },
    },
  }, async (req) => svc.datasetHistory(ctxOf(req, db), req.params.idOrName, req.query.limit, req.query.offset));
}
