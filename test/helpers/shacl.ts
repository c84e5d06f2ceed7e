// The DCAT-AP.de 2.0 validator, as GovData runs it, on an npm SHACL engine: the official shapes
// of the profile "Spezifikation + Konventionen" (../shared/data/SOURCES.md says which files
// belong together) and the vocabularies they import, loaded into the data graph because the
// shapes check `skos:inScheme` of the values. Offline, the vocabularies come from
// ../shared/data/shacl/vocab/ (including the hand-written subset of the EU authority tables) and
// test/fixtures/eu-file-types.ttl (the EU file types the shared subset leaves out).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Parser, Store, type Quad } from 'n3';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import SHACLValidator from 'rdf-validate-shacl';

const SHACL = path.resolve(import.meta.dirname, '../../../shared/data/shacl');
export const SHACL_DIR = SHACL;

/** The profile "DCAT-AP.de 2.0 Spezifikation + Konventionen", in SOURCES.md's order. */
const PROFILE_V20 = [
  'v2.0/dcat-ap_2.1.1_shacl_shapes.ttl',
  'v2.0/dcat-ap-de-imports.ttl',
  'v2.0/dcat-ap-spec-german-messages.ttl',
  'v2.0/dcat-ap-spec-german-additions.ttl',
  'v2.0/dcat-ap-de-deprecated.ttl',
  'v2.0/dcat-ap-konventionen.ttl',
];

export function parseTurtle(text: string, baseIRI?: string): Quad[] {
  return new Parser({ baseIRI }).parse(text);
}

export function parseRdfXml(text: string, baseIRI?: string): Promise<Quad[]> {
  return new Promise((resolve, reject) => {
    const quads: Quad[] = [];
    const parser = new RdfXmlParser({ baseIRI });
    parser.on('data', (q: Quad) => quads.push(q)).on('error', reject).on('end', () => resolve(quads));
    Readable.from([text]).pipe(parser);
  });
}

async function loadFile(file: string): Promise<Quad[]> {
  const text = readFileSync(file, 'utf8');
  return file.endsWith('.rdf') ? parseRdfXml(text, `file://${file}`) : parseTurtle(text, `file://${file}`);
}

export type ShaclResult = { severity: string; message: string; focusNode: string; path: string | null; shape: string | null; value: string | null };
export type ShaclReport = { conforms: boolean; violations: ShaclResult[]; warnings: ShaclResult[] };

let cached: Promise<{ shapes: Store; vocab: Quad[] }> | undefined;
function load() {
  cached ??= (async () => {
    const shapes = new Store();
    for (const f of PROFILE_V20) shapes.addQuads(await loadFile(path.join(SHACL, f)));
    const vocab: Quad[] = [];
    for (const f of readdirSync(path.join(SHACL, 'vocab')).sort()) vocab.push(...(await loadFile(path.join(SHACL, 'vocab', f))));
    // The shared subset lists only some EU file types; our own fixture adds the rest we export.
    vocab.push(...(await loadFile(path.resolve(import.meta.dirname, '../fixtures/eu-file-types.ttl'))));
    return { shapes, vocab };
  })();
  return cached;
}

const short = (iri: string | undefined) => iri?.replace(/^.*[#/]/, '') ?? null;

/** Validates data (quads) against DCAT-AP.de 2.0 + Konventionen. Violations are sh:Violation;
 *  warnings and infos (deprecated properties, recommendations) are listed apart. */
export async function validateDcatApDe(data: Quad[]): Promise<ShaclReport> {
  const { shapes, vocab } = await load();
  const graph = new Store();
  graph.addQuads(vocab);
  graph.addQuads(data);
  // The owl:imports of dcat-ap-de-imports.ttl are the vocabularies already in the data graph.
  const report = await new SHACLValidator(shapes, { importGraph: () => new Store() }).validate(graph);
  const results = report.results.map((r) => ({
    severity: short(r.severity?.value) ?? 'Violation',
    message: r.message.map((m) => m.value).find((m) => /[äöüß]|\b(der|die|das|muss|ist)\b/i.test(m)) ?? r.message[0]?.value ?? '',
    focusNode: r.focusNode?.value ?? '',
    path: r.path?.value ?? null,
    shape: r.sourceShape?.value ?? null,
    value: r.value?.value ?? null,
  }));
  const violations = results.filter((r) => r.severity === 'Violation');
  return { conforms: violations.length === 0, violations, warnings: results.filter((r) => r.severity !== 'Violation') };
}
