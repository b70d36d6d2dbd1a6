import { describe, expect, it } from 'vitest';
import type { SweepCellDto } from '../../src-main/api/lab-api';
import {
  boundaryEdges,
  cellValue,
  metricLabel,
  densityFor,
  layoutGrid,
  modalityCount,
  parseMetricKey,
} from '../../src-renderer/lib/charts/sweep-grid';

function cell(cellIndex: number, coords: Record<string, unknown>, stats: unknown = null): SweepCellDto {
  return { cellIndex, coords, stats, runIds: [] };
}

// A 3 x 2 grid over data.mu (a list setting, so its values are arrays) and model.q, in grid order.
const CELLS = [
  cell(0, { 'data.mu': [0.1], 'model.q': 2 }),
  cell(1, { 'data.mu': [0.1], 'model.q': 3 }),
  cell(2, { 'data.mu': [0.2], 'model.q': 2 }),
  cell(3, { 'data.mu': [0.2], 'model.q': 3 }),
  cell(4, { 'data.mu': [0.3], 'model.q': 2 }),
  cell(5, { 'data.mu': [0.3], 'model.q': 3 }),
];

describe('phase diagram layout', () => {
  it('puts the first setting across and the second down, keeping grid order', () => {
    const layout = layoutGrid(['data.mu', 'model.q'], CELLS);
    expect(layout.x.labels).toEqual(['[0.1]', '[0.2]', '[0.3]']);
    expect(layout.y?.labels).toEqual(['2', '3']);
    expect(layout.cells.find((c) => c.cellIndex === 3)).toEqual({ cellIndex: 3, col: 1, row: 1, slice: 0 });
  });

  it('turns boundary pairs into the shared edge, vertical or horizontal, and skips non-neighbours', () => {
    const layout = layoutGrid(['data.mu', 'model.q'], CELLS);
    expect(boundaryEdges(layout, [[0, 2]], 0)).toEqual([{ x0: 1, y0: 0, x1: 1, y1: 1 }]);
    expect(boundaryEdges(layout, [[5, 4]], 0)).toEqual([{ x0: 2, y0: 1, x1: 3, y1: 1 }]);
    expect(boundaryEdges(layout, [[0, 5]], 0)).toEqual([]);
    expect(boundaryEdges(layout, [[0, 99]], 0)).toEqual([]);
  });

  it('lays out one setting as a single row and refuses none', () => {
    const layout = layoutGrid(['seedless'], [cell(0, { seedless: 1 }), cell(1, { seedless: 2 })]);
    expect(layout.y).toBeNull();
    expect(layout.cells.map((c) => [c.col, c.row])).toEqual([
      [0, 0],
      [1, 0],
    ]);
    expect(() => layoutGrid([], [])).toThrow(/at least one/);
  });
});

describe('cell values', () => {
  const share = (k: number, n: number, low: number, high: number) => ({ p: k / n, low, high, k, n });
  const stats = {
    runs: 4,
    outcome: { one: share(3, 4, 0.3, 0.95), several: share(1, 4, 0.05, 0.7), split: share(0, 4, 0, 0.49), none: share(0, 4, 0, 0.49) },
    soleWinner: [share(3, 4, 0.3, 0.95), share(0, 4, 0, 0.49)],
    learned: [share(4, 4, 0.51, 1), share(1, 4, 0.05, 0.7)],
    gap: { n: 4, mean: 0.12, sd: 0.02 },
  };
  const LABELS = { one: 'exactly one', several: 'several', split: 'split', none: 'none' };

  it('reads an exclusive outcome or a sole winner with k of n and its interval, or the mean gap', () => {
    expect(cellValue(stats, parseMetricKey('outcome:several'))).toEqual({
      value: 0.25,
      low: 0.05,
      high: 0.7,
      n: 4,
      detail: '1 of 4, 95% interval 0.05 to 0.70',
      runs: 4,
    });
    expect(cellValue(stats, parseMetricKey('sole:0'))).toMatchObject({ value: 0.75, detail: '3 of 4, 95% interval 0.30 to 0.95' });
    expect(cellValue(stats, parseMetricKey('learned:1'))).toMatchObject({ value: 0.25 });
    expect(cellValue(stats, parseMetricKey('gap'))).toEqual({
      value: 0.12,
      low: null,
      high: null,
      n: 4,
      detail: 'sd 2.0 pts, n = 4',
      runs: 4,
    });
  });

  it('names each metric as the lab words the outcomes; "learned" says it is not exclusive', () => {
    expect(metricLabel(parseMetricKey('outcome:one'), LABELS)).toBe('P(exactly one)');
    expect(metricLabel(parseMetricKey('sole:1'), LABELS)).toBe('P(modality 1 is the sole winner)');
    expect(metricLabel(parseMetricKey('learned:0'), LABELS)).toBe('P(modality 0 learned its feature), others may too');
  });

  it('reads missing or malformed stats as no value instead of failing', () => {
    expect(cellValue(null, { kind: 'gap' }).value).toBeNull();
    expect(cellValue({ soleWinner: 'x' }, { kind: 'sole', modality: 0 }).value).toBeNull();
    expect(cellValue(stats, { kind: 'sole', modality: 5 }).value).toBeNull();
    expect(cellValue({ runs: 2 }, { kind: 'outcome', outcome: 'split' }).value).toBeNull();
  });

  it('counts modalities from the stats and parses unknown metric keys as the first outcome', () => {
    expect(modalityCount([cell(0, {}, stats), cell(1, {}, null)])).toBe(2);
    expect(parseMetricKey('nonsense')).toEqual({ kind: 'outcome', outcome: 'one' });
    expect(parseMetricKey('win:0')).toEqual({ kind: 'outcome', outcome: 'one' });
  });
});

describe('densityFor', () => {
  it('writes values in the cells of small grids and shrinks the cells of big ones', () => {
    expect([1, 10].map(densityFor)).toEqual(['roomy', 'roomy']);
    expect([11, 24].map(densityFor)).toEqual(['dense', 'dense']);
    expect([25, 64, 1000].map(densityFor)).toEqual(['tiny', 'tiny', 'tiny']);
  });
});
