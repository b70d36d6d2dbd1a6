/**
 * The standard figures of a sweep: the phase diagram (probability that each modality wins, per
 * cell, with the heuristic's predicted boundary drawn as cell edges) and the seed bands (mean and
 * 10-90% band of gamma across the seeds of each cell, or of one chosen cell).
 */
import { toSeriesDto } from '../api/series-dto';
import type { RunConfig } from '../config/schema';
import { canonicalJson } from '../config/hash';
import { seedBands } from '../sweeps/seed-bands';
import type { CellStats } from '../sweeps/sweep-stats';
import type { DataTable, HeatmapPanelSpec, LegendEntry, LinePanelSpec, PanelSpec } from './chart-spec';
import { RECONSTRUCTED_NOTE, settingsLine } from './captions';
import { assembleFigure, type BuiltFigure } from './built-figure';
import { isUnimodal, trainedModalities } from './series-access';
import type { SweepSource } from './sources';
import { INK, MUTED, modalityColor, panelColumns } from './style';
import { compactNumber } from './ticks';

/** A swept value as a short label: numbers as written, lists in parentheses. */
export function valueLabel(value: unknown): string {
  if (typeof value === 'number') return compactNumber(value);
  if (Array.isArray(value)) return `(${value.map(valueLabel).join(', ')})`;
  if (typeof value === 'string') return value;
  return canonicalJson(value ?? null);
}

function axisCategories(source: SweepSource, axis: string): string[] {
  const seen: string[] = [];
  for (const cell of source.cells) {
    const label = valueLabel(cell.coords[axis]);
    if (!seen.includes(label)) seen.push(label);
  }
  return seen;
}

function baseConfig(source: SweepSource): RunConfig | null {
  return (source.runs[0]?.record.config as RunConfig | undefined) ?? null;
}

function sweepK(source: SweepSource): number {
  const fromStats = source.cells.map((c) => (c.stats as CellStats | null)?.winProbability?.length ?? 0);
  return Math.max(1, baseConfig(source)?.data.K ?? 0, ...fromStats);
}

function build(name: string, figure: string, title: string, caption: string, panels: PanelSpec[], columns: number, legend: LegendEntry[], table: DataTable): BuiltFigure {
  return assembleFigure({ name, figure, title, caption, columns, panels, legend, table });
}

function describeSweep(source: SweepSource): string {
  const seeds = source.sweep.seeds;
  const config = baseConfig(source);
  const grid = source.axes.map((a) => `${a} in {${axisCategories(source, a).join('; ')}}`).join(' x ');
  return (
    `sweep ${source.sweep.id} "${source.sweep.name}": ${grid}, ${seeds} seed${seeds === 1 ? '' : 's'} per cell` +
    (config ? `; other settings as in ${settingsLine(config, source.runs[0]?.record.backend ?? null, { seed: false })}, ${config.train.steps} GD steps` : '')
  );
}

export function phaseDiagramApplies(source: SweepSource): boolean {
  return source.axes.length >= 1 && source.cells.some((c) => c.stats !== null);
}

export function phaseDiagramFigure(source: SweepSource): BuiltFigure {
  const K = sweepK(source);
  const [xAxis, yAxis, facetAxis] = source.axes as [string, string | undefined, string | undefined];
  const columns = ['cell', ...source.axes, 'modality', 'winProbability', 'low', 'high', 'runs', 'predictedWinner'];
  const table: DataTable = { columns, rows: [] };
  for (const cell of source.cells) {
    const stats = cell.stats as CellStats | null;
    for (let r = 0; r < K; r++) {
      const p = stats?.winProbability?.[r];
      table.rows.push([
        cell.cellIndex,
        ...source.axes.map((a) => valueLabel(cell.coords[a])),
        r,
        p ? p.p : null,
        p ? p.low : null,
        p ? p.high : null,
        stats ? stats.runs : 0,
        stats?.predictedWinner?.modality ?? null,
      ]);
    }
  }
  const xCats = axisCategories(source, xAxis);
  const yCats = yAxis ? axisCategories(source, yAxis) : [''];
  const facets = facetAxis ? axisCategories(source, facetAxis) : [null];
  const panels: HeatmapPanelSpec[] = [];
  for (let r = 0; r < K; r++) {
    for (const facet of facets) {
      panels.push({
        kind: 'heatmap',
        title: `modality ${r} wins` + (facet !== null && facetAxis ? `, ${facetAxis} = ${facet}` : ''),
        x: { label: xAxis, unit: null, scale: 'linear', tickFormat: 'number', categories: xCats },
        y: { label: yAxis ?? '', unit: null, scale: 'linear', tickFormat: 'number', categories: yCats },
        where: { modality: r, ...(facet !== null && facetAxis ? { [facetAxis]: facet } : {}) },
        cell: { x: xAxis, y: yAxis ?? null, value: 'winProbability', id: 'cell' },
        color: { map: 'sequential', domain: [0, 1], label: `P(modality ${r} wins)`, unit: null, tickFormat: 'percent' },
        showValues: true,
        annotations: [{ type: 'cell-edges', label: 'predicted boundary (heuristic)', pairs: source.boundary, color: INK }],
      });
    }
  }
  const legend: LegendEntry[] = [{ label: 'predicted boundary (heuristic): neighbouring cells with different predicted winners', color: INK, dash: 'solid', swatch: 'edge' }];
  const caption =
    `Probability that modality r wins the joint run (its gamma crosses rho), per cell of ${describeSweep(source)}. ` +
    `Colour: share of seeds (viridis, 0 to 100%; the CSV adds the Wilson 95% interval). Thick black edges separate neighbouring cells whose predicted winner ` +
    `(argmax_r (1 - mu_r) alpha_r^q Gamma_r(0)^(q-2), a heuristic, majority over seeds) differs. ${RECONSTRUCTED_NOTE}`;
  return build('phase-diagram', 'phase-diagram', `Phase diagram, sweep ${source.sweep.id}`, caption, panels, panelColumns(panels.length), legend, table);
}

export function seedBandsApplies(source: SweepSource): boolean {
  return source.runs.length > 0;
}

function cellTitle(source: SweepSource, cellIndex: number): string {
  const cell = source.cells.find((c) => c.cellIndex === cellIndex);
  const coords = source.axes.map((a) => `${a} = ${valueLabel(cell?.coords[a])}`).join(', ');
  return `cell ${cellIndex}: ${coords}`;
}

/** Mean and 10-90% band of gamma per mode and modality across each cell's seeds (or one cell's). */
export function seedBandsFigure(source: SweepSource, onlyCell: number | null): BuiltFigure {
  const K = sweepK(source);
  const cells = onlyCell === null ? source.cells.map((c) => c.cellIndex) : [onlyCell];
  const table: DataTable = { columns: ['cell', 'mode', 'modality', 'step', 'mean', 'low', 'high', 'seeds'], rows: [] };
  const panels: LinePanelSpec[] = [];
  const legendKeys = new Map<string, LegendEntry>();
  const rhos = new Set<number>();
  for (const cellIndex of cells) {
    // Seed order fixes the order of every sum, so the bands are reproducible bit for bit.
    const runs = source.runs.filter((r) => r.record.cellIndex === cellIndex).sort((a, b) => a.record.seed - b.record.seed);
    const modes = [...new Set(runs.flatMap((r) => [...r.series.keys()]))];
    const series: LinePanelSpec['series'] = [];
    for (const mode of modes) {
      const dtos = runs.flatMap((r) => {
        const s = r.series.get(mode);
        return s ? [toSeriesDto(s)] : [];
      });
      for (const r of trainedModalities(mode, K)) {
        const band = seedBands(dtos, `gamma${r}`);
        if (band.steps.length === 0) continue;
        band.steps.forEach((step, i) => table.rows.push([cellIndex, mode, r, step, band.mean[i] as number, band.low[i] as number, band.high[i] as number, band.n[i] as number]));
        const unimodal = isUnimodal(mode);
        const label = `modality ${r}, ${unimodal ? 'unimodal' : 'joint'}: mean, 10-90% band`;
        const style = { color: modalityColor(r), dash: unimodal ? ('dashed' as const) : ('solid' as const) };
        series.push({ label, where: { cell: cellIndex, mode, modality: r }, x: 'step', y: 'mean', band: { low: 'low', high: 'high' }, ...style });
        legendKeys.set(label, { label, ...style, swatch: 'band' });
      }
    }
    const rho = (runs[0]?.record.config as RunConfig | undefined)?.model.rho;
    const annotations: LinePanelSpec['annotations'] = [];
    if (typeof rho === 'number') {
      rhos.add(rho);
      annotations.push({ type: 'hline', y: rho, label: `ρ = ${compactNumber(rho)}`, color: MUTED, dash: 'reference' });
    }
    annotations.push({ type: 'note', text: `${runs.length} seed${runs.length === 1 ? '' : 's'}` });
    panels.push({
      kind: 'line',
      title: cellTitle(source, cellIndex),
      x: { label: 'gradient descent step', unit: null, scale: 'linear', tickFormat: 'number' },
      y: { label: 'feature alignment γ', unit: null, scale: 'log', tickFormat: 'number' },
      series,
      annotations,
    });
  }
  const legend = [...legendKeys.values()].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  for (const rho of [...rhos].sort((a, b) => a - b)) legend.push({ label: `ρ = ${compactNumber(rho)}`, color: MUTED, dash: 'reference', swatch: 'line' });
  const name = onlyCell === null ? 'seed-bands' : `seed-bands-cell${onlyCell}`;
  const caption =
    `Feature alignment gamma_r across the seeds of ${onlyCell === null ? 'each cell' : `cell ${onlyCell}`} of ${describeSweep(source)}: ` +
    `mean (line) and 10th to 90th percentile band (shaded) per step of the stored, downsampled series. Joint solid, unimodal dashed, colour = modality; ` +
    `rho dotted grey. Log axis. ${RECONSTRUCTED_NOTE}`;
  const title = onlyCell === null ? `Seed bands of γ, sweep ${source.sweep.id}` : `Seed bands of γ, sweep ${source.sweep.id}, cell ${onlyCell}`;
  return build(name, 'seed-bands', title, caption, panels, panelColumns(panels.length), legend, table);
}
