// Paging through a source, bounded: the page guard ends a run on a page limit or a loop (a
// Hydra next page or CKAN page already fetched, a page listing only datasets already seen).
// The DCAT pager follows Hydra paging; the CKAN pager lives in ckan.ts.
import { HarvestAbort, sameServer, type HarvestLimits, type HttpGet } from './http.ts';
import { detectSyntax, Graph, parseRdf } from './rdf.ts';
import { mapDcatDataset } from './dcat-map.ts';
import type { Remote } from './prepare.ts';
import type { LogEntry } from './repo.ts';

export type Page = {
  url: string;
  records: Remote[];
  notes: LogEntry[];
  /** Paging stopped before the end on purpose (the reason): the run saw only part of the source. */
  incomplete?: string;
};

export type FetchContext = { http: HttpGet; limits: HarvestLimits; guard: PageGuard };

const normalise = (url: string) => {
  const u = new URL(url);
  u.hash = '';
  u.searchParams.sort();
  return u.href;
};

export class PageGuard {
  private readonly urls = new Set<string>();
  private readonly guids = new Set<string>();
  pages = 0;

  constructor(private readonly limits: HarvestLimits) {}

  beforeFetch(url: string): void {
    const key = normalise(url);
    if (this.urls.has(key)) throw new HarvestAbort(`Schleife erkannt: die Seite ${url} wurde in diesem Lauf schon abgerufen – Lauf abgebrochen`);
    if (this.pages >= this.limits.maxPages) throw new HarvestAbort(`Seitenlimit erreicht: mehr als ${this.limits.maxPages} Seiten – Lauf abgebrochen`);
    this.urls.add(key);
    this.pages++;
  }

  /** Also covers redirects: a page redirected to one already fetched is a loop, too. */
  served(requested: string, url: string): void {
    const key = normalise(url);
    if (key === normalise(requested)) return;
    if (this.urls.has(key)) throw new HarvestAbort(`Schleife erkannt: ${requested} leitet auf die schon abgerufene Seite ${url} um – Lauf abgebrochen`);
    this.urls.add(key);
  }

  afterPage(page: Page): void {
    const ids = page.records.map((r) => r.guid).filter(Boolean);
    if (ids.length > 0 && ids.every((id) => this.guids.has(id))) {
      throw new HarvestAbort(`Schleife erkannt: die Seite ${page.url} enthält nur Datensätze, die in diesem Lauf schon gelesen wurden – Lauf abgebrochen`);
    }
    for (const id of ids) this.guids.add(id);
  }
}

const ACCEPT_RDF = 'text/turtle, application/rdf+xml;q=0.9, application/xml;q=0.5, */*;q=0.1';

export async function* dcatPages(source: { url: string }, ctx: FetchContext): AsyncGenerator<Page> {
  let url: string | undefined = source.url;
  while (url) {
    ctx.guard.beforeFetch(url);
    const res = await ctx.http(url, ACCEPT_RDF);
    ctx.guard.served(url, res.url);
    const syntax = detectSyntax(res.contentType, res.text, res.url);
    const g = new Graph(await parseRdf(res.text, syntax, res.url));
    const records = g.datasets().map((d) => mapDcatDataset(g, d));
    const notes: LogEntry[] = [{ level: 'info', message: `Seite ${res.url}: ${records.length} Datensätze (${syntax === 'turtle' ? 'Turtle' : 'RDF/XML'})` }];
    for (const ns of g.oddNamespaces) {
      notes.push({ level: 'warning', message: `Namensraum ${ns} ist nicht der von DCAT-AP.de (http://dcat-ap.de/def/dcatde/) – als DCAT-AP.de gelesen` });
    }
    const next = g.nextPage(res.url);
    let incomplete: string | undefined;
    if (next && !sameServer(next, source.url)) {
      incomplete = `Die nächste Seite ${next} liegt auf einem anderen Server als die Quelle – ihr wird nicht gefolgt; weitere Seiten wurden nicht gelesen`;
      notes.push({ level: 'warning', message: incomplete });
    }
    yield { url: res.url, records, notes, incomplete };
    url = incomplete ? undefined : next;
  }
}
