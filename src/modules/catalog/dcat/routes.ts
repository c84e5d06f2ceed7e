// DCAT-AP.de 2.0 catalogues in Turtle, RDF/XML and JSON-LD, at the paths ckanext-dcat uses
// (/catalog.ttl, /dataset/{id}.rdf) plus one catalogue per organisation and per cooperation.
// Responses carry an ETag from the catalogue version, so a harvester's unchanged poll is a 304.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../../server/app.ts';
import { ctxOf } from '../../../server/http/auth.ts';
import { NotFound } from '../../../server/http/errors.ts';
import { FORMATS, type Format } from './serialize.ts';
import * as svc from './service.ts';

const FILE_RE = /^(.+)\.(ttl|rdf|xml|jsonld)$/;
const EXTENSIONS = ['ttl', 'rdf', 'xml', 'jsonld'] as const satisfies Format[];

const CatalogQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  modified_since: z.string().max(40).optional().transform((v, c) => {
    if (v === undefined) return undefined;
    const d = new Date(v);
    if (!/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(d.getTime())) {
      c.addIssue({ code: 'custom', message: 'ISO-8601-Datum erwartet, z. B. 2025-01-31 oder 2025-01-31T12:00:00Z' });
      return z.NEVER;
    }
    return d;
  }),
});

async function catalogVersion(db: AppDeps['db']): Promise<string> {
  const r = await db.selectFrom('catalog_version').select('version').executeTakeFirst();
  return String(r?.version ?? 0);
}

/** Sends with a weak ETag over the catalogue version, the URL and the caller's access. */
async function send(req: FastifyRequest, reply: FastifyReply, db: AppDeps['db'], format: Format, make: () => Promise<string>) {
  const who = req.headers.authorization || req.headers.cookie ? 'auth' : 'anon';
  const tag = `W/"${createHash('sha256').update(`${await catalogVersion(db)}|${req.url}|${who}`).digest('base64url').slice(0, 27)}"`;
  reply.header('etag', tag).header('vary', 'Authorization, Cookie').header('cache-control', who === 'anon' ? 'public, max-age=60' : 'private, no-cache');
  if (req.headers['if-none-match'] === tag) return reply.status(304).send();
  return reply.type(FORMATS[format]).send(await make());
}

export function registerDcatRoutes(app: FastifyInstance, { db, config }: Pick<AppDeps, 'db' | 'config'>): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['DCAT-AP.de'];
  const produces = Object.values(FORMATS).filter((v, i, a) => a.indexOf(v) === i);
  const doc = (summary: string) => ({ tags, summary, produces, description: 'Seiten zu je 100 Datensätzen mit Hydra-Paging (`page`), optional nur Änderungen seit `modified_since`.' });

  for (const format of EXTENSIONS) {
    r.get(`/catalog.${format}`, { schema: { ...doc(`DCAT-AP.de-Katalog der ganzen Plattform (${format})`), querystring: CatalogQuery } },
      async (req, reply) => send(req, reply, db, format, async () => (await svc.catalogDocument(ctxOf(req, db), config, { kind: 'platform' }, format, req.query)).body));
    r.get(`/organization/:name/catalog.${format}`, {
      schema: { ...doc(`DCAT-AP.de-Katalog einer Organisation (${format})`), params: z.object({ name: z.string().max(100) }), querystring: CatalogQuery },
    }, async (req, reply) => send(req, reply, db, format, async () =>
      (await svc.catalogDocument(ctxOf(req, db), config, { kind: 'organization', name: req.params.name }, format, req.query)).body));
    r.get(`/cooperation/:slug/catalog.${format}`, {
      schema: { ...doc(`DCAT-AP.de-Katalog einer Kooperation, alle Mitglieder (${format})`), params: z.object({ slug: z.string().max(63) }), querystring: CatalogQuery },
    }, async (req, reply) => send(req, reply, db, format, async () =>
      (await svc.catalogDocument(ctxOf(req, db), config, { kind: 'cooperation', slug: req.params.slug }, format, req.query)).body));
  }

  r.get('/dataset/:file', { schema: { tags, summary: 'Ein Datensatz als DCAT-AP.de ({id oder name}.ttl, .rdf, .xml, .jsonld)', produces, params: z.object({ file: z.string().max(200) }) } },
    async (req, reply) => {
      const m = req.params.file.match(FILE_RE);
      if (!m) throw NotFound('Datensatz');
      const format = m[2] as Format;
      return send(req, reply, db, format, () => svc.datasetDocument(ctxOf(req, db), config, m[1]!, format));
    });
}
