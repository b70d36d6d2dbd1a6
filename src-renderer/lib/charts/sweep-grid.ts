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

/** The joint run's exclusive outcomes, in the order the lab lists them. */
export const OUTCOME_KINDS = ['one', 'several', 'split', 'none'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

/**
 * What a phase-diagram cell shows: the share of its seeds ending in an exclusive outcome, with
 * modality r as the sole winner, or with modality r learning its feature whatever the others did
 * (not exclusive); or the mean gap.
 */
export type CellMetric =
  { kind: 'outcome'; outcome: OutcomeKind } | { kind: 'sole'; modality: number } | { kind: 'learned'; modality: number } | { kind: 'gap' };

export function metricKey(metric: CellMetric): string {
  switch (metric.kind) {
    case 'gap':
      return 'gap';
    case 'outcome':
      return `outcome:${metric.outcome}`;
    default:
      return `${metric.kind}:${metric.modality}`;
  }
}

export function parseMetricKey(key: string): CellMetric {
  const outcome = /^outcome:(one|several|split|none)$/.exec(key);
  if (outcome) return { kind: 'outcome', outcome: outcome[1] as OutcomeKind };
  const m = /^(sole|learned):(\d+)$/.exec(key);
  if (m) return { kind: m[1] as 'sole' | 'learned', modality: Number(m[2]) };
  if (key === 'gap') return { kind: 'gap' };
  return { kind: 'outcome', outcome: 'one' };
}

/** How a metric reads in menus, captions and the cell panel; `labels` are the lab's words for the outcomes. */
export function metricLabel(metric: CellMetric, labels: Readonly<Record<OutcomeKind, string>>): string {
  switch (metric.kind) {
    case 'outcome':
      return `P(${labels[metric.outcome]})`;
    case 'sole':
      return `P(modality ${metric.modality} is the sole winner)`;
    case 'learned':
      return `P(modality ${metric.modality} learned its feature), others may too`;
    case 'gap':
      return 'mean gap (joint minus best unimodal test error, points)';
  }
}

interface IntervalLike {
  p: number;
  low: number;
  high: number;
  k: number;
  n: number;
}

export interface CellValue {
  value: number | null;
  /** The share's Wilson 95% interval (null for the gap or a missing value). */
  low: number | null;
  high: number | null;
  /** Runs the share is over (its n) or with a gap. */
  n: number;
  /** Interval or spread to print beside the value. */
  detail: string;
  /** Finished runs of the cell. */
  runs: number;
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function pickInterval(s: Record<string, unknown>, metric: CellMetric): Partial<IntervalLike> | undefined {
  if (metric.kind === 'outcome') return (s.outcome as Record<string, Partial<IntervalLike>> | undefined)?.[metric.outcome];
  if (metric.kind === 'sole' || metric.kind === 'learned') {
    const list = s[metric.kind === 'sole' ? 'soleWinner' : 'learned'];
    return Array.isArray(list) ? (list[metric.modality] as Partial<IntervalLike> | undefined) : undefined;
  }
  return undefined;
}

/** The metric's value of one cell from its stats (null when the stats are missing or lack it). */
export function cellValue(stats: unknown, metric: CellMetric): CellValue {
  const none = { value: null, low: null, high: null, n: 0 };
  if (typeof stats !== 'object' || stats === null) return { ...none, detail: 'no finished runs', runs: 0 };
  const s = stats as Record<string, unknown>;
  const runs = num(s.runs) ?? 0;
  if (metric.kind !== 'gap') {
    const interval = pickInterval(s, metric);
    const p = num(interval?.p);
    if (p === null) return { ...none, detail: 'no value', runs };
    const low = num(interval?.low);
    const high = num(interval?.high);
    const k = num(interval?.k);
    const n = num(interval?.n) ?? runs;
    const detail = `${k ?? '?'} of ${n}${low !== null && high !== null ? `, 95% interval ${low.toFixed(2)} to ${high.toFixed(2)}` : ''}`;
    return { value: p, low, high, n, detail, runs };
  }
  const gap = (s.gap ?? {}) as { mean?: unknown; sd?: unknown; n?: unknown };
  const mean = num(gap.mean);
  const sd = num(gap.sd);
  const n = num(gap.n) ?? 0;
  // The gap is a difference of error rates; it is shown in percentage points throughout.
  return {
    value: mean,
    low: null,
    high: null,
    n,
    detail: mean === null ? 'no value' : sd === null ? `n = ${n}` : `sd ${(sd * 100).toFixed(1)} pts, n = ${n}`,
    runs,
  };
}

/** Number of modalities the stats know of (for the metric menu). */
export function modalityCount(cells: readonly SweepCellDto[]): number {
  let K = 0;
  for (const cell of cells) {
    const list = (cell.stats as { soleWinner?: unknown } | null)?.soleWinner;
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
