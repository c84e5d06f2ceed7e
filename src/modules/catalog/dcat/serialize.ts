// Triples to Turtle (n3), RDF/XML and flattened JSON-LD (the last two written here: flat
// node lists need no library, and each is checked by reading it back in the tests).
import { Writer, type Quad, type Term } from 'n3';
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

export function toTurtle(quads: Quad[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const w = new Writer({ prefixes: NS });
    w.addQuads(bySubject(quads));
    w.end((err, out: string) => (err ? reject(err) : resolve(out)));
  });
}

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

/** Flattened JSON-LD (one node object per subject, compact IRIs from our prefixes). Written
 *  directly: the jsonld library's compaction took ~200 ms per page of 100 datasets; tests read
 *  the output back with that library and compare it with the Turtle. */
export function toJsonLd(quads: Quad[]): string {
  const nodes = new Map<string, Record<string, unknown[] | string>>();
  const id = (t: Term) => (t.termType === 'BlankNode' ? `_:${t.value}` : t.value);
  for (const q of bySubject(quads)) {
    const key = id(q.subject);
    const node = nodes.get(key) ?? nodes.set(key, { '@id': key }).get(key)!;
    const o = q.object;
    if (q.predicate.value === `${NS.rdf}type`) {
      ((node['@type'] ??= []) as unknown[]).push(compactIri(o.value));
      continue;
    }
    const value = o.termType === 'Literal'
      ? { '@value': o.value, ...(o.language ? { '@language': o.language } : o.datatype.value !== `${NS.xsd}string` && { '@type': o.datatype.value }) }
      : { '@id': id(o) };
    ((node[compactIri(q.predicate.value)] ??= []) as unknown[]).push(value);
  }
  return JSON.stringify({ '@context': NS, '@graph': [...nodes.values()] }, null, 1);
}

const compactIri = (iri: string) => {
  for (const [p, ns] of PREFIXES) if (iri.startsWith(ns) && iri.length > ns.length) return `${p}:${iri.slice(ns.length)}`;
  return iri;
};

export function serialize(quads: Quad[], format: Format): Promise<string> | string {
  if (format === 'ttl') return toTurtle(quads);
  if (format === 'jsonld') return toJsonLd(quads);
  return toRdfXml(quads);
}
