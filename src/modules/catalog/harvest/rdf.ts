// One RDF catalogue page as a small in-memory graph: parsed from RDF/XML or Turtle with relative
// IRIs resolved against the page's URL, DCAT-AP.de namespace variants folded into the current
// one, and the Hydra next page (old hydra:nextPage and new hydra:next).
import { Parser } from 'n3';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import { HarvestAbort, snippet } from './http.ts';

export type Term = { kind: 'iri' | 'blank' | 'literal'; value: string; lang?: string };
type RdfJsTerm = { termType: string; value: string; language?: string };
type RdfJsQuad = { subject: RdfJsTerm; predicate: RdfJsTerm; object: RdfJsTerm };

export const NS = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  dcatde: 'http://dcat-ap.de/def/dcatde/',
  hydra: 'http://www.w3.org/ns/hydra/core#',
  spdx: 'http://spdx.org/rdf/terms#',
  schema: 'http://schema.org/',
  adms: 'http://www.w3.org/ns/adms#',
  owl: 'http://www.w3.org/2002/07/owl#',
  dcatap: 'http://data.europa.eu/r5r/',
};

// DCAT-AP.de 2.x uses http://dcat-ap.de/def/dcatde/, 1.0 used .../dcatde/1_0/. Catalogues in the
// wild also write https, www. or a version path (Rostock: https://www.dcat-ap.de/def/dcatde/1.1/).
const DCATDE_VARIANT = /^https?:\/\/(?:www\.)?dcat-ap\.de\/def\/dcatde\/(?:\d+[._]\d+\/)?/;
const DCATDE_OFFICIAL = new Set(['http://dcat-ap.de/def/dcatde/', 'http://dcat-ap.de/def/dcatde/1_0/']);

export type Syntax = 'turtle' | 'rdfxml';

/** Which RDF syntax a response is, or a HarvestAbort when it is none (HTML, JSON, empty). */
export function detectSyntax(contentType: string, text: string, url: string): Syntax {
  const head = text.replace(/^\uFEFF/, '').trimStart().slice(0, 500).toLowerCase();
  if (!head) throw new HarvestAbort(`${url} lieferte eine leere Antwort statt eines RDF-Katalogs`);
  if (contentType.includes('html') || head.startsWith('<!doctype html') || head.startsWith('<html')) {
    throw new HarvestAbort(`${url} lieferte HTML statt RDF (Content-Type ${contentType || 'fehlt'}): ${snippet(text)}`);
  }
  if (contentType.includes('json') || head.startsWith('{') || head.startsWith('[')) {
    throw new HarvestAbort(`${url} lieferte JSON statt RDF/XML oder Turtle (JSON-LD wird nicht geerntet): ${snippet(text)}`);
  }
  if (contentType.includes('rdf+xml') || contentType.includes('/xml') || head.startsWith('<')) return 'rdfxml';
  return 'turtle';
}

export async function parseRdf(text: string, syntax: Syntax, baseIRI: string): Promise<RdfJsQuad[]> {
  try {
    if (syntax === 'turtle') return new Parser({ baseIRI, format: 'text/turtle' }).parse(text) as unknown as RdfJsQuad[];
    return await new Promise<RdfJsQuad[]>((resolve, reject) => {
      const quads: RdfJsQuad[] = [];
      const p = new RdfXmlParser({ baseIRI });
      p.on('data', (q: RdfJsQuad) => quads.push(q)).on('error', reject).on('end', () => resolve(quads));
      p.write(text);
      // The stream parser does not close its XML parser at the end, so a truncated document
      // would pass silently; closing it reports unclosed tags.
      try {
        (p as unknown as { saxParser: { close(): void } }).saxParser.close();
      } catch (err) {
        reject(err);
        return;
      }
      p.end();
    });
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new HarvestAbort(`${baseIRI} ist kein gültiges ${syntax === 'turtle' ? 'Turtle' : 'RDF/XML'}: ${msg.slice(0, 300)}`);
  }
}

const termOf = (t: RdfJsTerm): Term =>
  t.termType === 'Literal' ? { kind: 'literal', value: t.value, ...(t.language && { lang: t.language }) } : { kind: t.termType === 'BlankNode' ? 'blank' : 'iri', value: t.value };
const keyOf = (t: Term) => (t.kind === 'blank' ? `_:${t.value}` : `<${t.value}>`);

export class Graph {
  private readonly bySubject = new Map<string, Map<string, Term[]>>();
  private readonly subjects = new Map<string, Term>();
  /** Namespaces that were read as DCAT-AP.de although they are not its official IRIs. */
  readonly oddNamespaces = new Set<string>();

  constructor(quads: RdfJsQuad[]) {
    for (const q of quads) {
      if (q.subject.termType === 'Literal') continue;
      const s = termOf(q.subject);
      const k = keyOf(s);
      this.subjects.set(k, s);
      let p = q.predicate.value;
      const m = DCATDE_VARIANT.exec(p);
      if (m) {
        if (!DCATDE_OFFICIAL.has(m[0])) this.oddNamespaces.add(m[0]);
        p = NS.dcatde + p.slice(m[0].length);
      }
      const props = this.bySubject.get(k) ?? new Map<string, Term[]>();
      this.bySubject.set(k, props);
      const list = props.get(p) ?? [];
      list.push(termOf(q.object));
      props.set(p, list);
    }
  }

  all(s: Term, p: string): Term[] {
    return this.bySubject.get(keyOf(s))?.get(p) ?? [];
  }
  one(s: Term, p: string): Term | undefined {
    return this.all(s, p)[0];
  }
  /** A literal's text, German first, then without language, then any. */
  text(s: Term, p: string): string | undefined {
    const lits = this.all(s, p).filter((t) => t.kind === 'literal' && t.value.trim());
    const pick = lits.find((t) => t.lang?.toLowerCase().startsWith('de')) ?? lits.find((t) => !t.lang) ?? lits[0];
    return pick?.value.trim();
  }
  /** IRI or literal values (some catalogues write IRIs as literals). */
  values(s: Term, p: string): string[] {
    return this.all(s, p).filter((t) => t.kind !== 'blank').map((t) => t.value.trim()).filter(Boolean);
  }
  has(s: Term, p: string): boolean {
    return this.all(s, p).length > 0;
  }
  isA(s: Term, type: string): boolean {
    return this.all(s, NS.rdf + 'type').some((t) => t.value === type);
  }
  /** Typed dcat:Dataset nodes and untyped objects of dcat:dataset, in document order. */
  datasets(): Term[] {
    const out = new Map<string, Term>();
    for (const [k, s] of this.subjects) if (this.isA(s, NS.dcat + 'Dataset')) out.set(k, s);
    for (const s of this.subjects.values()) {
      for (const d of this.all(s, NS.dcat + 'dataset')) if (d.kind !== 'literal' && this.subjects.has(keyOf(d))) out.set(keyOf(d), d);
    }
    return [...out.values()];
  }
  /** The next page of a Hydra-paged catalogue, resolved against the page URL. */
  nextPage(pageUrl: string): string | undefined {
    const found = new Set<string>();
    for (const s of this.subjects.values()) {
      for (const p of ['nextPage', 'next']) {
        for (const v of this.values(s, NS.hydra + p)) {
          if (URL.canParse(v, pageUrl)) found.add(new URL(v, pageUrl).href);
          else throw new HarvestAbort(`Ungültiger Verweis auf die nächste Seite in ${pageUrl}: ${snippet(v)}`);
        }
      }
    }
    return [...found][0];
  }
}
