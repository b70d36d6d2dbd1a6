/** The Paper check view's words and grids, apart from the DOM. */
import { describe, expect, it } from 'vitest';
import type { CheckReportDto } from '../../src-main/api/lab-api';
import { measuredText } from '../../src-main/science/check-text';
import { claimCards, estimateText, mapAxes, mapGrid, thresholdText, verdictWord } from '../../src-renderer/lib/check/check-model';

const rate = (successes: number, n: number, low: number, high: number) => ({
  kind: 'rate' as const,
  p: n ? successes / n : 0,
  low,
  high,
  successes,
  k: successes,
  n,
});

describe('the paper check view model', () => {
  it('words every estimate exactly as the CLI report does', () => {
    const estimates = [
      rate(11, 12, 0.646, 0.985),
      rate(0, 2, 0, 0.658),
      rate(0, 0, 0, 1),
      { kind: 'mean' as const, value: 0.0123, low: -0.004, high: 0.0286, n: 12 },
      { kind: 'mean' as const, value: -0.2, low: null, high: null, n: 1 },
      { kind: 'mean' as const, value: null, low: null, high: null, n: 0 },
    ];
    for (const e of estimates) expect(estimateText(e)).toBe(measuredText(e));
    expect(estimateText(estimates[0]!)).toBe('92% (11/12) [65%, 99%]');
    expect(thresholdText({ estimate: estimates[0]!, threshold: 0.95 })).toBe('>= 95%');
    expect(thresholdText({ estimate: estimates[3]!, threshold: 0.03 })).toBe('within +-0.03');
    expect(['pass', 'fail', 'no data'].map((v) => verdictWord(v as 'pass'))).toEqual(['PASS', 'FAIL', 'NO DATA']);
  });

  it('makes one card per claim with its statistics and the sweeps they were measured on', () => {
    const report = {
      claims: [
        { id: 'C1', title: 'one', verdict: 'pass', statistics: ['C1', 'C1b'] },
        { id: 'C5', title: 'five', verdict: 'fail', statistics: ['C5 relu'] },
      ],
      statistics: [
        { id: 'C1', sweep: 'competition' },
        { id: 'C1b', sweep: 'competition' },
        { id: 'C5 relu', sweep: 'relu' },
      ],
      sweeps: [
        { key: 'competition', sweepId: 4 },
        { key: 'relu', sweepId: 7 },
        { key: 'map-n', sweepId: 9 },
      ],
    } as unknown as CheckReportDto;
    const cards = claimCards(report);
    expect(cards.map((c) => [c.id, c.statistics.map((s) => s.id), c.sweeps.map((s) => s.sweepId)])).toEqual([
      ['C1', ['C1', 'C1b'], [4]],
      ['C5', ['C5 relu'], [7]],
    ]);
  });

  it('draws a map over one setting (the one-value precision axis dropped) with edges where the rate crosses its threshold', () => {
    const map = {
      key: 'map-n',
      purpose: 'n',
      sweepId: 3,
      axes: ['precision', 'data.n'],
      cells: [20, 30, 50].map((n, i) => ({
        cellIndex: i,
        coords: { precision: 'f32', 'data.n': n },
        rates: { C1: rate(1, 1, 0, 1), C2a: rate([4, 4, 1][i]!, 4, 0, 1), C2b: rate(0, 0, 0, 1) },
      })),
    } as unknown as CheckReportDto['maps'][number];
    expect(mapAxes(map)).toEqual(['data.n']);
    const grid = mapGrid(map, 'C2a', 0.9);
    expect(grid.xLabels).toEqual(['20', '30', '50']);
    expect(grid.yAxis).toBeNull();
    expect(grid.rows[0]!.map((c) => c?.holds)).toEqual([true, true, false]);
    expect(grid.rows[0]!.map((c) => [c?.edges.left, c?.edges.right])).toEqual([
      [false, false],
      [false, true],
      [true, false],
    ]);
    expect(grid.crossings).toBe(1);
    // A rate without runs has no side, so no boundary is drawn next to it.
    expect(mapGrid(map, 'C2b', 0.75).crossings).toBe(0);
    expect(mapGrid(map, 'C2b', 0.75).rows[0]!.every((c) => c?.rate === null)).toBe(true);
  });

  it('draws a map over two settings with top and bottom edges too', () => {
    const cells = [];
    let i = 0;
    for (const head of ['twoClass', 'odd'])
      for (const n of [15, 30])
        cells.push({
          cellIndex: i++,
          coords: { precision: 'f32', 'model.head': head, 'data.n': n },
          rates: { C1: rate(n === 15 ? 0 : 2, 2, 0, 1), C2a: rate(head === 'odd' ? 0 : 2, 2, 0, 1), C2b: rate(0, 2, 0, 1) },
        });
    const map = {
      key: 'map-head',
      purpose: 'head',
      sweepId: 5,
      axes: ['precision', 'model.head', 'data.n'],
      cells,
    } as unknown as CheckReportDto['maps'][number];
    const c1 = mapGrid(map, 'C1', 0.95);
    expect([c1.xAxis, c1.yAxis]).toEqual(['model.head', 'data.n']);
    expect(c1.yLabels).toEqual(['15', '30']);
    // C1 holds only at n = 30: a horizontal boundary under the top row, across both columns.
    expect(c1.crossings).toBe(2);
    expect(c1.rows[0]!.every((c) => c?.edges.top)).toBe(true);
    expect(c1.rows[1]!.every((c) => c?.edges.bottom)).toBe(true);
    const c2a = mapGrid(map, 'C2a', 0.9);
    expect(c2a.crossings).toBe(2);
    expect(c2a.rows.every((row) => row[0]?.edges.right && row[1]?.edges.left)).toBe(true);
    expect(mapGrid(map, 'C2b', 0.75).crossings).toBe(0);
  });
});
