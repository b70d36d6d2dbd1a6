/**
 * Lays a sweep's cells out as a phase diagram: the first swept setting across, the second
 * down, a third (if any) as a slice chosen from a menu. Also reads the per-cell statistics the
 * service sends as `unknown` (CellStats of sweeps/sweep-stats.ts), defensively, and turns the
 * predicted boundary (pairs of neighbouring cells) into the cell edges to draw thick.
 */
import type { SweepCellDto } from '../../../src-main/api/lab-api';

export interface GridAxis {
  path: string;
  /** Distinct values in grid order, as JSON keys, with a printable label. */
  keys: string[];
  labels: string[];
}

export interface PlacedCell {
  cellIndex: number;
  col: number;
  row: number;
  /** Index of the value of the third axis (0 when there are fewer axes). */
  slice: number;
}

export interface GridLayout {
  x: GridAxis;
  y: GridAxis | null;
  z: GridAxis | null;
  cells: PlacedCell[];
}

export function formatValue(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  return String(value);
}

function axisOf(path: string, cells: readonly SweepCellDto[]): GridAxis {
  const keys: string[] = [];
  const labels: string[] = [];
  for (const cell of cells) {
    const value = cell.coords[path];
    const key = JSON.stringify(value);
    if (!keys.includes(key)) {
      keys.push(key);
      labels.push(formatValue(value));
    }
  }
  return { path, keys, labels };
}

export function layoutGrid(axes: readonly string[], cells: readonly SweepCellDto[]): GridLayout {
  if (axes.length === 0) throw new Error('a sweep needs at least one swept setting');
  const x = axisOf(axes[0] as string, cells);
  const y = axes.length > 1 ? axisOf(axes[1] as string, cells) : null;
  const z = axes.length > 2 ? axisOf(axes[2] as string, cells) : null;
  const placed = cells.map((cell) => ({
    cellIndex: cell.cellIndex,
    col: x.keys.indexOf(JSON.stringify(cell.coords[x.path])),
    row: y ? y.keys.indexOf(JSON.stringify(cell.coords[y.path])) : 0,
    slice: z ? z.keys.indexOf(JSON.stringify(cell.coords[z.path])) : 0,
  }));
  return { x, y, z, cells: placed };
}

export interface Edge {
  /** Segment in grid units: from (x0, y0) to (x1, y1), on the border between two cells. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The shared edge of each boundary pair that lies in `slice`; pairs that are not neighbours in the drawn plane are skipped. */
export function boundaryEdges(layout: GridLayout, pairs: readonly [number, number][], slice: number): Edge[] {
  const byIndex = new Map(layout.cells.map((c) => [c.cellIndex, c]));
  const edges: Edge[] = [];
  for (const [a, b] of pairs) {
    const p = byIndex.get(a);
    const q = byIndex.get(b);
    if (!p || !q || p.slice !== slice || q.slice !== slice) continue;
    if (p.row === q.row && Math.abs(p.col - q.col) === 1) {
      const x = Math.max(p.col, q.col);
      edges.push({ x0: x, y0: p.row, x1: x, y1: p.row + 1 });
    } else if (p.col === q.col && Math.abs(p.row - q.row) === 1) {
      const y = Math.max(p.row, q.row);
      edges.push({ x0: p.col, y0: y, x1: p.col + 1, y1: y });
    }
  }
  return edges;
}

/** What a phase-diagram cell shows: a modality's win probability or the gap. */
export type CellMetric = { kind: 'win'; modality: number } | { kind: 'gap' };

export function metricKey(metric: CellMetric): string {
  return metric.kind === 'gap' ? 'gap' : `win:${metric.modality}`;
}

export function parseMetricKey(key: string): CellMetric {
  const m = /^win:(\d+)$/.exec(key);
  if (m) return { kind: 'win', modality: Number(m[1]) };
  return { kind: 'gap' };
}

interface IntervalLike {
  p: number;
  low: number;
  high: number;
}

export interface CellValue {
  value: number | null;
  /** Interval or spread to print beside the value. */
  detail: string;
  runs: number;
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The metric's value of one cell from its stats (null when the stats are missing or lack it). */
export function cellValue(stats: unknown, metric: CellMetric): CellValue {
  if (typeof stats !== 'object' || stats === null) return { value: null, detail: 'no finished runs', runs: 0 };
  const s = stats as { runs?: unknown; winProbability?: unknown; gap?: unknown };
  const runs = num(s.runs) ?? 0;
  if (metric.kind === 'win') {
    const list = Array.isArray(s.winProbability) ? (s.winProbability as unknown[]) : [];
    const interval = list[metric.modality] as Partial<IntervalLike> | undefined;
    const p = num(interval?.p);
    if (p === null) return { value: null, detail: 'no value', runs };
    const low = num(interval?.low);
    const high = num(interval?.high);
    const detail = low !== null && high !== null ? `95% CI ${low.toFixed(2)} to ${high.toFixed(2)}` : '';
    return { value: p, detail, runs };
  }
  const gap = (s.gap ?? {}) as { mean?: unknown; sd?: unknown; n?: unknown };
  const mean = num(gap.mean);
  const sd = num(gap.sd);
  // The gap is a difference of error rates; it is shown in percentage points throughout.
  return { value: mean, detail: mean === null ? 'no value' : sd === null ? `n = ${num(gap.n) ?? 0}` : `sd ${(sd * 100).toFixed(1)} pts`, runs };
}

/** Number of modalities the stats know of (for the metric menu). */
export function modalityCount(cells: readonly SweepCellDto[]): number {
  let K = 0;
  for (const cell of cells) {
    const list = (cell.stats as { winProbability?: unknown } | null)?.winProbability;
    if (Array.isArray(list)) K = Math.max(K, list.length);
  }
  return K;
}

export type GridDensity = 'roomy' | 'dense' | 'tiny';

/**
 * How big a phase diagram's cells are drawn, from its longer side: values written in the cells
 * up to 10 cells, small cells up to 24, tiny ones beyond (so a 64 x 64 sweep still fits a
 * 1280-pixel-wide window).
 */
export function densityFor(cellsAlongLongerSide: number): GridDensity {
  if (cellsAlongLongerSide <= 10) return 'roomy';
  if (cellsAlongLongerSide <= 24) return 'dense';
  return 'tiny';
}
