// Small-cell protection of a two-way table with margins (rows × columns, each row and column with
// its total, and the grand total), the way statistical offices protect published tables:
//
// 1. Primary suppression: a cell (inner cell or total) with any value from 1 to min − 1 is
//    suppressed. 0 is published: "nobody did this here" identifies no one, and hiding zeros would
//    only make the table harder to use.
// 2. Complementary suppression, repeated until nothing changes:
//    a) every line (a row or a column, the margins included) is an equation: its cells sum to its
//       total. Where the total is published, the line's suppressed cells must be none, or at least
//       two whose sum of every value is 0 or ≥ min (else "total − published" gives a single cell,
//       or shows the hidden ones are small); the smallest published non-zero cell of the line
//       that helps is suppressed too — preferring one whose other line already hides a cell, so
//       it pairs up there as well — and when none is left, the total. Where the total is itself
//       suppressed, the line needs at least one more suppressed cell, or the total would follow
//       from its published cells.
//    b) combining lines: a suppressed cell is exactly derivable from all the equations together
//       if and only if it is a bridge in the graph whose nodes are the lines (rows and columns)
//       and whose edges are the suppressed cells (each cell lies in one row and one column; the
//       equations are that graph's incidence matrix). Every bridge is closed into a cycle with
//       the cheapest path of published non-zero cells (Dijkstra, cost = the cell's values).
// 3. Greedy choices hide more than needed, so afterwards every complementary cell, largest first,
//    is published again if the table still passes 2a and 2b without it.
//
// A cell carries several values (e.g. views, starts, submissions) that are suppressed together:
// hiding only the small one would leave it bounded by its published neighbours (submissions ≤
// starts ≤ views). Whether a cell was suppressed as primary or complementary is never published —
// that alone would tell that it is small. What this does not do is an interval (LP) audit across
// lines; the sum rule keeps each line's hidden total at min or more.

export const ALL = '*';
export type Cell = { row: string; col: string; values: readonly number[] };
export type Protected = Cell & { kind: 'cell' | 'row_total' | 'col_total' | 'grand_total'; suppressed: boolean };

type Node = Protected & { key: string; cost: number; primary: boolean; lines: Line[] };
type Line = { members: Node[]; total: Node };
const keyOf = (row: string, col: string) => `${row}\u0000${col}`;
const small = (v: number, min: number) => v >= 1 && v < min;

/** Protects the table; the result has every input cell with a non-zero value and every total. */
export function protectTable(input: Cell[], minCell: number): Protected[] {
  if (!Number.isInteger(minCell) || minCell < 1) throw new Error(`minCell must be a positive integer, got ${minCell}`);
  const width = input[0]?.values.length ?? 0;
  const nodes = new Map<string, Node>();
  const add = (row: string, col: string, values: number[], kind: Protected['kind']) => {
    const n: Node = { key: keyOf(row, col), row, col, values, kind, suppressed: false, primary: false, lines: [], cost: values.reduce((a, b) => a + b, 0) };
    nodes.set(n.key, n);
    return n;
  };
  const rows = new Map<string, Node[]>();
  const cols = new Map<string, Node[]>();
  for (const c of input) {
    if (c.row === ALL || c.col === ALL) throw new Error(`"${ALL}" is the margin and cannot be a row or column`);
    if (c.values.length !== width || c.values.some((v) => !Number.isInteger(v) || v < 0)) throw new Error(`bad values in ${c.row}/${c.col}`);
    if (nodes.has(keyOf(c.row, c.col))) throw new Error(`cell ${c.row}/${c.col} given twice`);
    if (c.values.every((v) => v === 0)) continue; // a published zero takes part in nothing
    const n = add(c.row, c.col, [...c.values], 'cell');
    (rows.get(c.row) ?? rows.set(c.row, []).get(c.row)!).push(n);
    (cols.get(c.col) ?? cols.set(c.col, []).get(c.col)!).push(n);
  }
  if (!nodes.size) return [];
  const sum = (ns: Node[]) => Array.from({ length: width }, (_, i) => ns.reduce((s, n) => s + n.values[i]!, 0));
  const lines: Line[] = [];
  for (const [r, members] of rows) lines.push({ members, total: add(r, ALL, sum(members), 'row_total') });
  for (const [c, members] of cols) lines.push({ members, total: add(ALL, c, sum(members), 'col_total') });
  const rowTotals = lines.slice(0, rows.size).map((l) => l.total);
  const colTotals = lines.slice(rows.size).map((l) => l.total);
  const grand = add(ALL, ALL, sum(rowTotals), 'grand_total');
  lines.push({ members: rowTotals, total: grand }, { members: colTotals, total: grand });

  for (const line of lines) for (const n of [...line.members, line.total]) n.lines.push(line);

  for (const n of nodes.values()) if (n.values.some((v) => small(v, minCell))) n.suppressed = n.primary = true;
  for (let changed = true; changed;) {
    changed = false;
    for (const line of lines) while (fixLine(line, minCell)) changed = true;
    while (closeBridge(nodes)) changed = true;
  }
  const secondary = [...nodes.values()].filter((n) => n.suppressed && !n.primary).sort((a, b) => b.cost - a.cost || (a.key < b.key ? -1 : 1));
  for (const n of secondary) {
    n.suppressed = false;
    if (!n.lines.every((l) => lineOk(l, minCell)) || findBridges(hiddenGraph(nodes)).length) n.suppressed = true;
  }
  return [...nodes.values()].map(({ key: _k, cost: _c, primary: _p, lines: _l, ...p }) => p);
}

/** Rule 2a for one line. */
function lineOk(line: Line, min: number): boolean {
  const hidden = line.members.filter((m) => m.suppressed);
  if (line.total.suppressed) return hidden.length > 0;
  if (hidden.length === 0) return true;
  return hidden.length >= 2 && line.total.values.every((_, i) => !small(hidden.reduce((s, m) => s + m.values[i]!, 0), min));
}

// A candidate whose other line already hides a cell pairs up there too, instead of starting a new
// problem; among those (or among all), the smallest.
const pairs = (n: Node, line: Line) => n.lines.some((l) => l !== line && (l.total.suppressed || l.members.some((m) => m.suppressed)));
const cheapest = (ns: Node[], line?: Line) => ns.reduce<Node | undefined>((best, n) => {
  if (!best) return n;
  const d = line ? Number(pairs(n, line)) - Number(pairs(best, line)) : 0;
  return d > 0 || (d === 0 && (n.cost < best.cost || (n.cost === best.cost && n.key < best.key))) ? n : best;
}, undefined);

/** One step of rule 2a on a line; true when it suppressed a cell. */
function fixLine(line: Line, min: number): boolean {
  const hidden = line.members.filter((m) => m.suppressed);
  const open = line.members.filter((m) => !m.suppressed && m.cost > 0);
  if (line.total.suppressed) {
    if (hidden.length > 0) return false;
    const pick = cheapest(open, line);
    if (pick) pick.suppressed = true;
    return !!pick;
  }
  if (hidden.length === 0) return false;
  const sums = line.total.values.map((_, i) => hidden.reduce((s, m) => s + m.values[i]!, 0));
  const short = sums.flatMap((s, i) => (small(s, min) ? [i] : []));
  if (hidden.length >= 2 && short.length === 0) return false;
  // Prefer a cell that raises a short sum; with none short, any non-zero cell makes two.
  const pick = cheapest(short.length ? open.filter((m) => short.some((i) => m.values[i]! > 0)) : open, line);
  (pick ?? line.total).suppressed = true;
  return true;
}

type Graph = Map<string, { to: string; cell: Node }[]>;
const rowNode = (n: Node) => `r${n.row}`;
const colNode = (n: Node) => `c${n.col}`;

/** Lines as nodes, cells as edges between their row and their column; only cells that pass. */
function graphOf(nodes: Map<string, Node>, take: (n: Node) => boolean): Graph {
  const adj: Graph = new Map();
  const link = (a: string, b: string, cell: Node) => (adj.get(a) ?? adj.set(a, []).get(a)!).push({ to: b, cell });
  for (const n of nodes.values()) {
    if (!take(n)) continue;
    link(rowNode(n), colNode(n), n);
    link(colNode(n), rowNode(n), n);
  }
  return adj;
}
const hiddenGraph = (nodes: Map<string, Node>) => graphOf(nodes, (n) => n.suppressed);

/** Rule 2b: finds a bridge among the suppressed cells and closes it into a cycle. */
function closeBridge(nodes: Map<string, Node>): boolean {
  for (const bridge of findBridges(hiddenGraph(nodes))) {
    // Cheapest path between the bridge's ends that avoids it: suppressed cells cost nothing.
    const all = graphOf(nodes, (n) => n !== bridge && (n.suppressed || n.cost > 0));
    const added = cheapestPath(all, rowNode(bridge), colNode(bridge))?.filter((c) => !c.suppressed) ?? [];
    for (const c of added) c.suppressed = true;
    // One bridge at a time: the new cycle may already close others.
    if (added.length) return true;
  }
  return false;
}

/** The bridges of an undirected graph (Tarjan's low-link, iterative). */
function findBridges(adj: Graph): Node[] {
  const bridges: Node[] = [];
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  for (const start of adj.keys()) {
    if (order.has(start)) continue;
    order.set(start, order.size);
    low.set(start, order.get(start)!);
    const stack: { v: string; via: Node | undefined; i: number }[] = [{ v: start, via: undefined, i: 0 }];
    while (stack.length) {
      const top = stack.at(-1)!;
      const edges = adj.get(top.v)!;
      if (top.i < edges.length) {
        const { to, cell } = edges[top.i++]!;
        if (cell === top.via) continue;
        if (order.has(to)) low.set(top.v, Math.min(low.get(top.v)!, order.get(to)!));
        else {
          order.set(to, order.size);
          low.set(to, order.get(to)!);
          stack.push({ v: to, via: cell, i: 0 });
        }
        continue;
      }
      stack.pop();
      const parent = stack.at(-1);
      if (!parent) continue;
      low.set(parent.v, Math.min(low.get(parent.v)!, low.get(top.v)!));
      if (low.get(top.v)! > order.get(parent.v)!) bridges.push(top.via!);
    }
  }
  return bridges;
}

function cheapestPath(adj: Graph, from: string, to: string): Node[] | undefined {
  const dist = new Map<string, number>([[from, 0]]);
  const prev = new Map<string, { from: string; cell: Node }>();
  const done = new Set<string>();
  // The graph has one node per row and column (hundreds): a linear scan beats a heap here.
  for (;;) {
    let v: string | undefined;
    for (const [n, d] of dist) if (!done.has(n) && (v === undefined || d < dist.get(v)!)) v = n;
    if (v === undefined) return undefined;
    if (v === to) break;
    done.add(v);
    for (const e of adj.get(v) ?? []) {
      const d = dist.get(v)! + (e.cell.suppressed ? 0 : e.cell.cost);
      if (d < (dist.get(e.to) ?? Infinity)) {
        dist.set(e.to, d);
        prev.set(e.to, { from: v, cell: e.cell });
      }
    }
  }
  const path: Node[] = [];
  for (let v = to; v !== from;) {
    const p = prev.get(v)!;
    path.push(p.cell);
    v = p.from;
  }
  return path;
}
