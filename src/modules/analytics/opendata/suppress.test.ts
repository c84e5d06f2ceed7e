// The small-cell protection as a pure function: a worked example, and a property test over
// random tables that checks the published table against an attacker who knows every published
// value and every equation "cells of a line sum to its total" — by linear algebra, not by the
// rules the implementation follows.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL, protectTable, type Cell, type Protected } from './suppress.ts';
import { mulberry32 } from '../../../../test/helpers/random.ts';

const find = (t: Protected[], row: string, col: string) => t.find((c) => c.row === row && c.col === col)!;

/** Every line of the protected table: its member cells and its total. */
function linesOf(t: Protected[]) {
  const rows = [...new Set(t.filter((c) => c.kind === 'cell').map((c) => c.row))];
  const cols = [...new Set(t.filter((c) => c.kind === 'cell').map((c) => c.col))];
  const at = (r: string, c: string) => t.find((x) => x.row === r && x.col === c);
  if (!t.length) return [];
  return [
    ...rows.map((r) => ({ members: cols.map((c) => at(r, c)).filter((x) => !!x), total: at(r, ALL)! })),
    ...cols.map((c) => ({ members: rows.map((r) => at(r, c)).filter((x) => !!x), total: at(ALL, c)! })),
    { members: rows.map((r) => at(r, ALL)!), total: at(ALL, ALL)! },
    { members: cols.map((c) => at(ALL, c)!), total: at(ALL, ALL)! },
  ];
}

/** The suppressed cells an attacker can compute exactly from all line equations together:
 *  x is determined iff its unit vector lies in the row space of the equations over the unknowns. */
function derivable(t: Protected[]): Protected[] {
  const unknown = t.filter((c) => c.suppressed);
  const index = new Map(unknown.map((c, i) => [c, i]));
  const basis: number[][] = [];
  const reduce = (v: number[]) => {
    for (const b of basis) {
      const p = b.findIndex((x) => Math.abs(x) > 1e-9);
      if (Math.abs(v[p]!) > 1e-9) {
        const f = v[p]! / b[p]!;
        for (let i = 0; i < v.length; i++) v[i]! -= f * b[i]!;
      }
    }
    return v;
  };
  for (const line of linesOf(t)) {
    const v = new Array<number>(unknown.length).fill(0);
    for (const m of line.members) if (m.suppressed) v[index.get(m)!] = 1;
    if (line.total.suppressed) v[index.get(line.total)!] = -1;
    const r = reduce(v);
    if (r.some((x) => Math.abs(x) > 1e-9)) basis.push(r);
  }
  return unknown.filter((c) => reduce(unknown.map((u) => (u === c ? 1 : 0))).every((x) => Math.abs(x) < 1e-9));
}

describe('analytics open data: small-cell protection', () => {
  test('one municipality with 2 submissions: that cell and a complement in its row and its column are hidden, the totals reveal neither', () => {
    const cells: Cell[] = [
      { row: 'parkausweis', col: 'giessen', values: [2] }, { row: 'parkausweis', col: 'marburg', values: [40] }, { row: 'parkausweis', col: 'fulda', values: [31] },
      { row: 'meldebescheinigung', col: 'giessen', values: [25] }, { row: 'meldebescheinigung', col: 'marburg', values: [60] }, { row: 'meldebescheinigung', col: 'fulda', values: [9] },
    ];
    const t = protectTable(cells, 5);
    assert.equal(find(t, 'parkausweis', 'giessen').suppressed, true);
    const hidden = t.filter((c) => c.suppressed);
    assert.ok(hidden.filter((c) => c.row === 'parkausweis').length >= 2, 'a second cell in the same service row');
    assert.ok(hidden.filter((c) => c.col === 'giessen').length >= 2, 'a second cell in the same municipality column');
    assert.deepEqual(derivable(t), []);
    for (const c of t.filter((x) => !x.suppressed)) assert.ok(c.values.every((v) => v === 0 || v >= 5));
    // Totals stay published where they reveal nothing: the grand total is 167.
    assert.deepEqual([find(t, ALL, ALL).suppressed, find(t, ALL, ALL).values], [false, [167]]);
  });

  test('0 is published; a small total is hidden, and so is a partner that would give it away', () => {
    const t = protectTable([
      { row: 'a', col: 'x', values: [0] }, { row: 'a', col: 'y', values: [3] }, { row: 'b', col: 'x', values: [50] }, { row: 'b', col: 'y', values: [70] },
    ], 5);
    assert.equal(t.find((c) => c.row === 'a' && c.col === 'x'), undefined, 'zero cells are left out: nothing to hide');
    assert.equal(find(t, 'a', ALL).suppressed, true, 'the total of row a is 3');
    assert.equal(find(t, 'a', 'y').suppressed, true);
    assert.deepEqual(derivable(t), []);
    assert.deepEqual(protectTable([{ row: 'a', col: 'x', values: [0, 0] }], 5), []);
  });

  test('cells carry several values and are hidden together; the hidden sum of every value reaches the minimum', () => {
    // views, starts, submissions: Gießen's submissions are 1; its views alone would be publishable.
    const t = protectTable([
      { row: 's', col: 'giessen', values: [80, 9, 1] }, { row: 's', col: 'marburg', values: [90, 30, 0] }, { row: 's', col: 'fulda', values: [70, 25, 12] },
      { row: 'u', col: 'giessen', values: [60, 20, 8] }, { row: 'u', col: 'marburg', values: [50, 20, 9] }, { row: 'u', col: 'fulda', values: [40, 10, 6] },
    ], 5);
    assert.equal(find(t, 's', 'giessen').suppressed, true);
    // Marburg's cell has 0 submissions: hiding it with Gießen's would still show "1 in total".
    const hiddenInRow = t.filter((c) => c.row === 's' && c.kind === 'cell' && c.suppressed);
    assert.ok(hiddenInRow.reduce((n, c) => n + c.values[2]!, 0) >= 5, JSON.stringify(hiddenInRow));
    assert.deepEqual(derivable(t), []);
  });

  test('bad input is refused', () => {
    assert.throws(() => protectTable([{ row: ALL, col: 'x', values: [1] }], 5), /margin/);
    assert.throws(() => protectTable([{ row: 'a', col: 'x', values: [1] }, { row: 'a', col: 'x', values: [2] }], 5), /twice/);
    assert.throws(() => protectTable([{ row: 'a', col: 'x', values: [-1] }], 5), /bad values/);
    assert.throws(() => protectTable([], 0), /minCell/);
  });

  test('property: over 1,500 random tables no hidden value can be derived, no published value is small, totals are right', () => {
    const rnd = mulberry32(20261123);
    const int = (a: number, b: number) => a + Math.floor(rnd() * (b - a + 1));
    let hiddenSeen = 0;
    for (let run = 0; run < 1500; run++) {
      const min = int(3, 8);
      const width = rnd() < 0.5 ? 1 : 3;
      const rows = int(1, 6);
      const cols = int(1, 6);
      const value = () => (rnd() < 0.25 ? 0 : rnd() < 0.4 ? int(1, min + 1) : int(min, 400));
      const cells: Cell[] = [];
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) {
          if (rnd() < 0.15) continue; // sparse: the municipality does not offer the service
          const sub = value();
          // views ≥ starts ≥ submissions, as a funnel delivers them
          cells.push({ row: `s${r}`, col: `m${c}`, values: width === 1 ? [sub] : [sub + value() + value(), sub + value(), sub] });
        }
      }
      const t = protectTable(cells, min);
      const ctx = `run ${run}, min ${min}: ${JSON.stringify(cells)}`;
      for (const c of cells.filter((x) => x.values.some((v) => v > 0))) assert.deepEqual(find(t, c.row, c.col).values, c.values, ctx);
      for (const c of t) {
        if (!c.suppressed) assert.ok(c.values.every((v) => v === 0 || v >= min), `published small value ${JSON.stringify(c)} in ${ctx}`);
      }
      for (const line of linesOf(t)) {
        assert.deepEqual(line.total.values, line.members.reduce((s, m) => s.map((x, i) => x + m.values[i]!), line.total.values.map(() => 0)), ctx);
        const hidden = line.members.filter((m) => m.suppressed);
        if (line.total.suppressed) {
          assert.ok(hidden.length >= 1, `a hidden total whose cells are all published: ${ctx}`);
        } else if (hidden.length) {
          assert.ok(hidden.length >= 2, `one hidden cell under a published total: ${ctx}`);
          for (let i = 0; i < width; i++) {
            const s = hidden.reduce((n, m) => n + m.values[i]!, 0);
            assert.ok(s === 0 || s >= min, `hidden cells sum to ${s} < ${min}: ${ctx}`);
          }
        }
      }
      assert.deepEqual(derivable(t), [], ctx);
      hiddenSeen += t.filter((c) => c.suppressed).length;
    }
    assert.ok(hiddenSeen > 1000, `the random tables exercise suppression (${hiddenSeen} hidden cells)`);
  });
});
