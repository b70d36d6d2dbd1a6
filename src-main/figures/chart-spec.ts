/**
 * The neutral chart specification: what a figure shows, as JSON, with its data kept apart in a
 * tidy table (the pack's CSV). The SVG renderer draws from (spec, table) alone, so the pair is
 * enough for the app or the user's own plotting tool to redraw the figure.
 */
import type { DashName } from './style';

export const CHART_SPEC_VERSION = 1;

export type Scale = 'linear' | 'log';

export interface AxisSpec {
  label: string;
  /** Printed after the label in parentheses; null for a dimensionless quantity. */
  unit: string | null;
  scale: Scale;
  /** `percent` prints a fraction as a percentage (the unit should then be '%'). */
  tickFormat: 'number' | 'percent';
  /** Fixed range; computed from the data when absent. */
  domain?: [number, number];
  /**
   * The category labels, in order (left to right, bottom to top). On a heatmap they name the
   * cells; on a line panel's x axis the data's x values are the positions 0, 1, 2, ... and the
   * ticks carry these labels (a sweep over one setting whose values are not all numbers).
   */
  categories?: string[];
}

/** Selects table rows: every named column must equal the value. */
export type RowFilter = Record<string, string | number>;

export interface LineSeriesSpec {
  /** Legend text (also the series' name in the spec). */
  label: string;
  where: RowFilter;
  x: string;
  y: string;
  /** A shaded band between two columns (e.g. the 10th and 90th percentile across seeds). */
  band?: { low: string; high: string };
  color: string;
  dash: DashName;
  /**
   * How the points are drawn: joined by a line (the default); as dots, the band then drawn as
   * whiskers; as bars from zero (or the axis floor), the band as whiskers; or as a short level
   * mark across each category (a per-bar threshold).
   */
  draw?: 'line' | 'points' | 'bars' | 'marks';
  /** `thin` draws one member of a bundle (a seed's trajectory) faint, under its summary line. */
  weight?: 'normal' | 'thin';
}

export type Annotation =
  /** A horizontal reference line, such as the rho threshold. */
  | { type: 'hline'; y: number; label: string; color: string; dash: DashName }
  /** A vertical reference line at data x (on a category axis, between positions: 0.5, 1.5, ...). */
  | { type: 'vline'; x: number; label: string; color: string; dash: DashName }
  /** A line of text in the plot's upper left corner (wrapped to the plot's width, on a white box). */
  | { type: 'note'; text: string }
  /** Heatmaps: the edge between each pair of neighbouring cells, cells named by the panel's id column. */
  | { type: 'cell-edges'; label: string; pairs: [number, number][]; color: string };

export interface LinePanelSpec {
  kind: 'line';
  title: string;
  x: AxisSpec;
  y: AxisSpec;
  series: LineSeriesSpec[];
  annotations: Annotation[];
}

export interface HeatmapPanelSpec {
  kind: 'heatmap';
  title: string;
  x: AxisSpec & { categories: string[] };
  y: AxisSpec & { categories: string[] };
  /** The table rows this panel shows. */
  where: RowFilter;
  /**
   * Columns holding each cell's x category, y category (null: one row), value and (for
   * cell-edges) its id; `interval` names the columns of a share's interval and count, printed
   * under the value where the cell has room.
   */
  cell: { x: string; y: string | null; value: string; id?: string; interval?: { low: string; high: string; n: string } };
  color: {
    map: 'sequential' | 'diverging';
    domain: [number, number];
    label: string;
    unit: string | null;
    tickFormat: 'number' | 'percent';
  };
  /** Print each cell's value inside it (when the cells are large enough). */
  showValues: boolean;
  annotations: Annotation[];
}

export type PanelSpec = LinePanelSpec | HeatmapPanelSpec;

export interface LegendEntry {
  label: string;
  color: string;
  dash: DashName;
  /**
   * How the swatch is drawn: a line, a shaded band with its mean line, a thick edge, a filled bar
   * or a dot; `text`
   * is a line of words under the plot with no swatch (a figure's outcome, kept off the data).
   */
  swatch: 'line' | 'band' | 'edge' | 'text' | 'bar' | 'point';
}

export interface ChartSpec {
  specVersion: typeof CHART_SPEC_VERSION;
  /** File stem in the pack (`gamma`, `seed-bands-cell3`, ...). */
  name: string;
  /** The standard figure this is. */
  figure: string;
  kind: 'line' | 'heatmap' | 'grid';
  title: string;
  /** Generated from the configuration; the pack's README repeats it. */
  caption: string;
  size: { widthIn: number; heightIn: number };
  /** The tidy CSV beside the figure and its columns. */
  data: { file: string; columns: string[] };
  /** Panels per row when there are several. */
  columns: number;
  panels: PanelSpec[];
  legend: LegendEntry[];
}

export type Cell = string | number | null;

/** The data behind a figure: one row per point, named columns. */
export interface DataTable {
  columns: string[];
  rows: Cell[][];
}

export function matches(table: DataTable, row: Cell[], where: RowFilter): boolean {
  for (const [column, value] of Object.entries(where)) {
    const index = table.columns.indexOf(column);
    if (index < 0 || row[index] !== value) return false;
  }
  return true;
}

export function columnIndex(table: DataTable, column: string): number {
  const index = table.columns.indexOf(column);
  if (index < 0) throw new Error(`the figure's data has no column "${column}" (columns: ${table.columns.join(', ')})`);
  return index;
}
