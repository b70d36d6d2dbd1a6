/**
 * A finished figure: its chart specification and the tidy table behind it. Every builder, run or
 * sweep, ends here, so the fields a spec carries (size, data file, kind) are set in one place.
 */
import { CHART_SPEC_VERSION, type ChartSpec, type DataTable, type LegendEntry, type PanelSpec } from './chart-spec';
import { chartSizeIn } from './layout';

export interface BuiltFigure {
  spec: ChartSpec;
  table: DataTable;
}

export interface FigureParts {
  /** File stem in the pack (e.g. `seed-bands-cell3`). */
  name: string;
  /** Standard figure name (e.g. `seed-bands`). */
  figure: string;
  title: string;
  caption: string;
  columns: number;
  panels: PanelSpec[];
  legend: LegendEntry[];
  table: DataTable;
}

export function assembleFigure({ name, figure, title, caption, columns, panels, legend, table }: FigureParts): BuiltFigure {
  const spec: ChartSpec = {
    specVersion: CHART_SPEC_VERSION,
    name,
    figure,
    // Several panels make a grid; one panel is a chart of its own kind.
    kind: panels.length > 1 ? 'grid' : (panels[0]?.kind ?? 'line'),
    title,
    caption,
    size: chartSizeIn(panels.length, columns, legend),
    data: { file: `${name}.csv`, columns: table.columns },
    columns,
    panels,
    legend,
  };
  return { spec, table };
}
