/**
 * What the "Paper check" view shows, computed from the check's report apart from the DOM so it
 * can be tested: the words of each measurement (as `modcomp check` prints them), one card per
 * claim with its statistics and the sweeps behind them, and each regime map as grids of cells
 * per rate with the edges where the rate crosses its threshold.
 */
import type { CheckEstimateDto, CheckReportDto, CheckVerdictDto } from '../../../src-main/api/lab-api';

type Statistic = CheckReportDto['statistics'][number];

function percent(x: number): string {
  return `${(100 * x).toFixed(0)}%`;
}

function signed(x: number): string {
  return `${x >= 0 ? '+' : ''}${x.toFixed(3)}`;
}

/** "92% (11/12) [65%, 99%]" or "+0.012 [-0.004, +0.028] (n=12)": the CLI report's words. */
export function estimateText(estimate: CheckEstimateDto): string {
  if (estimate.kind === 'rate')
    return `${percent(estimate.p)} (${estimate.successes}/${estimate.n}) [${percent(estimate.low)}, ${percent(estimate.high)}]`;
  if (estimate.value === null) return 'no runs';
  const interval = estimate.low === null || estimate.high === null ? '' : ` [${signed(estimate.low)}, ${signed(estimate.high)}]`;
  return `${signed(estimate.value)}${interval} (n=${estimate.n})`;
}

export function thresholdText(statistic: Pick<Statistic, 'estimate' | 'threshold'>): string {
  return statistic.estimate.kind === 'rate' ? `>= ${percent(statistic.threshold)}` : `within +-${statistic.threshold}`;
}

export function verdictWord(verdict: CheckVerdictDto): string {
  return verdict === 'no data' ? 'NO DATA' : verdict.toUpperCase();
}

export interface ClaimCard {
  id: string;
  title: string;
  verdict: CheckVerdictDto;
  statistics: Statistic[];
  /** The sweeps the statistics were measured on, in the report's order. */
  sweeps: CheckReportDto['sweeps'];
}

export function claimCards(report: CheckReportDto): ClaimCard[] {
  return report.claims.map((claim) => {
    const statistics = claim.statistics.flatMap((id) => report.statistics.filter((s) => s.id === id));
    const keys = new Set(statistics.map((s) => s.sweep));
    return { id: claim.id, title: claim.title, verdict: claim.verdict, statistics, sweeps: report.sweeps.filter((s) => keys.has(s.key)) };
  });
}

/** A swept value as a short label: numbers as written, lists in parentheses. */
export function valueLabel(value: unknown): string {
  if (typeof value === 'number') return String(Number(value.toPrecision(6)));
  if (Array.isArray(value)) return `(${value.map(valueLabel).join(', ')})`;
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}

export const MAP_RATES = ['C1', 'C2a', 'C2b'] as const;
export type MapRate = (typeof MAP_RATES)[number];

export interface MapCellView {
  cellIndex: number;
  /** The rate with its interval; null when the cell has no finished run. */
  rate: { p: number; low: number; high: number; successes: number; n: number } | null;
  /** Whether the rate reaches its threshold (null without runs). */
  holds: boolean | null;
  /** Sides on which the neighbour lies across the threshold: the boundary is drawn there. */
  edges: { left: boolean; right: boolean; top: boolean; bottom: boolean };
}

export interface MapGrid {
  xAxis: string;
  yAxis: string | null;
  xLabels: string[];
  /** Bottom to top, as on a plot's y axis. */
  yLabels: string[];
  /** rows[y][x], y from the bottom. */
  rows: (MapCellView | null)[][];
  /** Pairs of neighbouring cells on opposite sides of the threshold. */
  crossings: number;
}

type MapDto = CheckReportDto['maps'][number];

function labelsOf(map: MapDto, axis: string): string[] {
  const seen: string[] = [];
  for (const cell of map.cells) {
    const label = valueLabel(cell.coords[axis]);
    if (!seen.includes(label)) seen.push(label);
  }
  return seen;
}

/** The swept settings that take more than one value (every check sweep has a one-value precision axis). */
export function mapAxes(map: MapDto): string[] {
  const varying = map.axes.filter((a) => labelsOf(map, a).length > 1);
  return varying.length > 0 ? varying : map.axes.slice(0, 1);
}

export function mapGrid(map: MapDto, rate: MapRate, threshold: number): MapGrid {
  const [xAxis, yAxis = null] = mapAxes(map) as [string, string | undefined];
  const xLabels = labelsOf(map, xAxis);
  const yLabels = yAxis ? labelsOf(map, yAxis) : [''];
  const rows: (MapCellView | null)[][] = yLabels.map(() => xLabels.map(() => null));
  for (const cell of map.cells) {
    const x = xLabels.indexOf(valueLabel(cell.coords[xAxis]));
    const y = yAxis ? yLabels.indexOf(valueLabel(cell.coords[yAxis])) : 0;
    const estimate = cell.rates[rate];
    const has = estimate !== undefined && estimate.n > 0;
    const row = rows[y];
    if (!row || x < 0) continue;
    row[x] = {
      cellIndex: cell.cellIndex,
      rate: has ? { p: estimate.p, low: estimate.low, high: estimate.high, successes: estimate.successes, n: estimate.n } : null,
      holds: has ? estimate.p >= threshold : null,
      edges: { left: false, right: false, top: false, bottom: false },
    };
  }
  let crossings = 0;
  const across = (a: MapCellView | null | undefined, b: MapCellView | null | undefined): boolean =>
    !!a && !!b && a.holds !== null && b.holds !== null && a.holds !== b.holds;
  rows.forEach((row, y) =>
    row.forEach((cell, x) => {
      if (!cell) return;
      const right = row[x + 1];
      if (across(cell, right)) {
        cell.edges.right = true;
        (right as MapCellView).edges.left = true;
        crossings++;
      }
      const above = rows[y + 1]?.[x];
      if (across(cell, above)) {
        cell.edges.top = true;
        (above as MapCellView).edges.bottom = true;
        crossings++;
      }
    }),
  );
  return { xAxis, yAxis, xLabels, yLabels, rows, crossings };
}
