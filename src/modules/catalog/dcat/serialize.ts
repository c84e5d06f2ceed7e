// Triples to Turtle (n3), RDF/XML and JSON-LD (jsonld, compacted with our prefixes).
import { Writer, type Quad, type Term } from 'n3';
import jsonld from 'jsonld';
import { NS } from './graph.ts';

export const FORMATS = {
  ttl: 'text/turtle; charset=utf-8',
  rdf: 'application/rdf+xml; charset=utf-8',
  xml: 'application/rdf+xml; charset=utf-8',
  jsonld: 'application/ld+json; charset=utf-8',
} as const;
export type Format = keyof typeof FORMATS;

/** Quads grouped by subject (in order of first appearance), so Turtle writes one block each. */
function bySubject(quads: Quad[]): Quad[] {
  const groups = new Map<string, Quad[]>();
  for (const q of quads) {
    const key = `${q.subject.termType}|${q.subject.value}`;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(q);
  }
  return [...groups.values()].flat();
}

function write(quads: Quad[], format?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const w = new Writer(format ? { format } : { prefixes: NS });
    w.addQuads(format ? quads : bySubject(quads));
    w.end((err, out: string) => (err ? reject(err) : resolve(out)));
  });
}
export const toTurtle = (quads: Quad[]) => write(quads);

const XML_ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const esc = (s: string) => s.replace(/[&<>"]/g, (c) => XML_ESC[c]!);
const PREFIXES = Object.entries(NS) as [string, string][];

/** A predicate as a QName; every predicate we emit comes from NS, so this always finds one. */
function qname(iri: string): string {
  for (const [p, ns] of PREFIXES) if (iri.startsWith(ns) && /^[A-Za-z_][\w.-]*$/.test(iri.slice(ns.length))) return `${p}:${iri.slice(ns.length)}`;
  throw new Error(`no XML name for ${iri}`);
}

function subjectAttr(t: Term): string {
  return t.termType === 'BlankNode' ? `rdf:nodeID="${esc(t.value)}"` : `rdf:about="${esc(t.value)}"`;
}

/** RDF/XML as a flat list of rdf:Description elements: no nesting, so any graph is expressible. */
export function toRdfXml(quads: Quad[]): string {
  const groups = new Map<string, Quad[]>();
  for (const q of bySubject(quads)) {
    const key = `${q.subject.termType}|${q.subject.value}`;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(q);
  }
  const out = ['<?xml version="1.0" encoding="utf-8"?>', `<rdf:RDF ${PREFIXES.map(([p, ns]) => `xmlns:${p}="${ns}"`).join(' ')}>`];
  for (const list of groups.values()) {
    out.push(`  <rdf:Description ${subjectAttr(list[0]!.subject)}>`);
    for (const { predicate, object: o } of list) {
      const el = qname(predicate.value);
      if (o.termType === 'NamedNode') out.push(`    <${el} rdf:resource="${esc(o.value)}"/>`);
      else if (o.termType === 'BlankNode') out.push(`    <${el} rdf:nodeID="${esc(o.value)}"/>`);
      else if (o.termType === 'Literal') {
        const attr = o.language ? ` xml:lang="${esc(o.language)}"` : o.datatype.value !== `${NS.xsd}string` ? ` rdf:datatype="${esc(o.datatype.value)}"` : '';
        out.push(`    <${el}${attr}>${esc(o.value)}</${el}>`);
      }
    }
    out.push('  </rdf:Description>');
  }
  out.push('</rdf:RDF>', '');
  return out.join('\n');
}

export async function toJsonLd(quads: Quad[]): Promise<string> {
  // Through N-Quads: jsonld's own reader, no guessing about RDF/JS term shapes.
  const expanded = await jsonld.fromRDF(await write(quads, 'N-Quads'), { format: 'application/n-quads' });
  const compacted = await jsonld.compact(expanded, { '@context': NS } as never);
  return JSON.stringify(compacted, null, 2);
}

export function serialize(quads: Quad[], format: Format): Promise<string> | string {
  if (format === 'ttl') return toTurtle(quads);
  if (format === 'jsonld') return toJsonLd(quads);
  return toRdfXml(quads);
}
