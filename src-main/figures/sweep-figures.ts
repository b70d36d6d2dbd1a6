/**
 * The standard figures of a sweep: the phase diagrams of the joint run's exclusive outcomes (the
 * share of seeds per cell ending with exactly one modality learning its feature, several, the
 * classes split, none, and each modality as the sole winner; each with its Wilson interval and n,
 * and the heuristic's predicted boundary where it has one), drawn as heatmaps over two swept
 * settings or as lines with bands over one; and the seed bands (mean and 10-90% band of gamma
 * across the seeds of each cell, or of one chosen cell).
 */
import { toSeriesDto } from '../api/series-dto';
import type { RunConfig } from '../config/schema';
import { canonicalJson } from '../config/hash';
import { JOINT_OUTCOME_KINDS, JOINT_OUTCOME_LABELS } from '../runs/run-outcome';
import { seedBands } from '../sweeps/seed-bands';
import type { CellStats, Interval } from '../sweeps/sweep-stats';
import type { Annotation, DataTable, HeatmapPanelSpec, LegendEntry, LinePanelSpec, PanelSpec } from './chart-spec';
import { RECONSTRUCTED_NOTE, settingsLine } from './captions';
import { assembleFigure, type BuiltFigure } from './built-figure';
import { isUnimodal, trainedModalities } from './series-access';
import type { SweepSource } from './sources';
import { INK, MUTED, modalityColor, OUTCOME_COLOURS, panelColumns } from './style';
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
  const fromStats = source.cells.map((c) => (c.stats as CellStats | null)?.soleWinner?.length ?? 0);
  return Math.max(1, baseConfig(source)?.data.K ?? 0, ...fromStats);
}

function build(
  name: string,
  figure: string,
  title: string,
  caption: string,
  panels: PanelSpec[],
  columns: number,
  legend: LegendEntry[],
  table: DataTable,
): BuiltFigure {
  return assembleFigure({ name, figure, title, caption, columns, panels, legend, table });
}

/** "sweep 3 "name": data.n in {10; 20} x model.q in {1; 3}, 4 seeds per cell; fixed settings: ...". */
function describeSweep(source: SweepSource): string {
  const seeds = source.sweep.seeds;
  const config = baseConfig(source);
  const grid = source.axes.map((a) => `${a} in {${axisCategories(source, a).join('; ')}}`).join(' x ');
  // Settings a grid axis moves with it (its `also`) vary too: every coordinate is left out.
  const swept = [...new Set(source.cells.flatMap((c) => Object.keys(c.coords)))];
  const fixed = config
    ? `; fixed settings: ${settingsLine(config, source.runs[0]?.record.backend ?? null, { seed: false, omit: swept })}` +
      (swept.includes('train.steps') ? '' : `, ${config.train.steps} GD steps`)
    : '';
  return `sweep ${source.sweep.id} "${source.sweep.name}": swept ${grid}, ${seeds} seed${seeds === 1 ? '' : 's'} per cell${fixed}`;
}

export function phaseDiagramApplies(source: SweepSource): boolean {
  return source.axes.length >= 1 && source.cells.some((c) => c.stats !== null);
}

/** One share a phase diagram maps: an exclusive outcome, or one modality as the sole winner. */
interface Measure {
  key: string;
  title: string;
  color: string;
  pick(stats: CellStats): Interval | undefined;
}

function measures(K: number): { outcomes: Measure[]; sole: Measure[] } {
  return {
    outcomes: JOINT_OUTCOME_KINDS.map((kind) => ({
      key: kind,
      title: `P(${JOINT_OUTCOME_LABELS[kind]})`,
      color: OUTCOME_COLOURS[kind],
      pick: (s) => s.outcome?.[kind],
    })),
    sole: Array.from({ length: K }, (_, r) => ({
      key: `sole winner ${r}`,
      title: `P(modality ${r} is the sole winner)`,
      color: modalityColor(r),
      pick: (s) => s.soleWinner?.[r],
    })),
  };
}

/** The predicted winner of each cell (majority over its seeds), where known. */
function predictedWinners(source: SweepSource): Set<number> {
  return new Set(
    source.cells.flatMap((c) => {
      const m = (c.stats as CellStats | null)?.predictedWinner?.modality;
      return typeof m === 'number' ? [m] : [];
    }),
  );
}

function boundarySentence(source: SweepSource): string {
  const winners = [...predictedWinners(source)].sort((a, b) => a - b);
  const rule = 'argmax_r (1 - mu_r) alpha_r^q Gamma_r(0)^(q-2), a heuristic, majority over seeds';
  if (source.boundary.length > 0) {
    const where = source.axes.length === 1 ? 'Dotted vertical lines' : 'Thick black edges';
    return `${where} separate neighbouring cells whose predicted winner (${rule}) differs.`;
  }
  if (winners.length === 1)
    return `The heuristic (${rule}) predicts modality ${winners[0]} in every cell, so no predicted boundary is drawn.`;
  return 'No predicted boundary is drawn (no neighbouring cells with different predicted winners).';
}

export function phaseDiagramFigure(source: SweepSource): BuiltFigure {
  const K = sweepK(source);
  const [xAxis, yAxis, facetAxis] = source.axes as [string, string | undefined, string | undefined];
  const { outcomes, sole } = measures(K);
  const all = [...outcomes, ...sole];
  const xCats = axisCategories(source, xAxis);
  const columns = ['cell', ...source.axes, 'position', 'measure', 'p', 'low', 'high', 'k', 'n', 'predictedWinner'];
  const table: DataTable = { columns, rows: [] };
  for (const cell of source.cells) {
    const stats = cell.stats as CellStats | null;
    const position = xCats.indexOf(valueLabel(cell.coords[xAxis]));
    for (const measure of all) {
      const share = stats ? measure.pick(stats) : undefined;
      table.rows.push([
        cell.cellIndex,
        ...source.axes.map((a) => valueLabel(cell.coords[a])),
        position,
        measure.key,
        share ? share.p : null,
        share ? share.low : null,
        share ? share.high : null,
        share ? share.k : null,
        share ? share.n : 0,
        stats?.predictedWinner?.modality ?? null,
      ]);
    }
  }
  const hasBoundary = source.boundary.length > 0;
  const legend: LegendEntry[] = [];
  const panels: PanelSpec[] = [];
  if (!yAxis) {
    // One swept setting: each share as a line over its values, its Wilson interval as a band.
    const vlines: Annotation[] = lineBoundary(source, xCats);
    const panel = (title: string, group: Measure[]): LinePanelSpec => ({
      kind: 'line',
      title,
      x: { label: xAxis, unit: null, scale: 'linear', tickFormat: 'number', categories: xCats },
      y: { label: 'share of seeds', unit: '%', scale: 'linear', tickFormat: 'percent', domain: [0, 1] },
      series: group.map((m) => ({
        label: m.title,
        where: { measure: m.key },
        x: 'position',
        y: 'p',
        band: { low: 'low', high: 'high' },
        color: m.color,
        dash: 'solid',
      })),
      annotations: [...vlines, { type: 'note', text: `n per value: ${nRange(source)}` }],
    });
    panels.push(panel('exclusive outcomes of the joint run', outcomes), panel('sole winner', sole));
    for (const m of all) legend.push({ label: `${m.title} (band: 95% interval)`, color: m.color, dash: 'solid', swatch: 'band' });
    if (hasBoundary) legend.push({ label: 'predicted boundary (heuristic)', color: INK, dash: 'reference', swatch: 'line' });
  } else {
    const yCats = axisCategories(source, yAxis);
    const facets = facetAxis ? axisCategories(source, facetAxis) : [null];
    for (const measure of all) {
      for (const facet of facets) {
        const heat: HeatmapPanelSpec = {
          kind: 'heatmap',
          title: measure.title + (facet !== null && facetAxis ? `, ${facetAxis} = ${facet}` : ''),
          x: { label: xAxis, unit: null, scale: 'linear', tickFormat: 'number', categories: xCats },
          y: { label: yAxis, unit: null, scale: 'linear', tickFormat: 'number', categories: yCats },
          where: { measure: measure.key, ...(facet !== null && facetAxis ? { [facetAxis]: facet } : {}) },
          cell: { x: xAxis, y: yAxis, value: 'p', id: 'cell', interval: { low: 'low', high: 'high', n: 'n' } },
          color: { map: 'sequential', domain: [0, 1], label: 'share of seeds', unit: null, tickFormat: 'percent' },
          showValues: true,
          annotations: hasBoundary
            ? [{ type: 'cell-edges', label: 'predicted boundary (heuristic)', pairs: source.boundary, color: INK }]
            : [],
        };
        panels.push(heat);
      }
    }
    if (hasBoundary)
      legend.push({
        label: 'predicted boundary (heuristic): neighbouring cells with different predicted winners',
        color: INK,
        dash: 'solid',
        swatch: 'edge',
      });
  }
  const drawn = yAxis
    ? 'Each cell prints the share and, where it has room, its Wilson 95% interval and n (the number of seeds with a finished run); colour: viridis, 0 to 100%.'
    : 'Lines: the share per value of the swept setting; bands: its Wilson 95% interval; n is the number of seeds with a finished run.';
  const caption =
    `Exclusive outcome of the joint run per cell of ${describeSweep(source)}. Each run ends as exactly one of: ` +
    `${JOINT_OUTCOME_KINDS.map((k) => JOINT_OUTCOME_LABELS[k]).join('; ')} (a modality learns a class when its alignment for that class rises above rho); ` +
    `"sole winner" is the first outcome, won by that modality. ${drawn} The CSV holds every share with its interval, k and n. ${boundarySentence(source)} ${RECONSTRUCTED_NOTE}`;
  return build(
    'phase-diagram',
    'phase-diagram',
    `Outcomes of the joint run, sweep ${source.sweep.id}`,
    caption,
    panels,
    panelColumns(panels.length),
    legend,
    table,
  );
}

/** "3" or "2 to 3": the seeds with a finished run per cell. */
function nRange(source: SweepSource): string {
  const ns = source.cells.map((c) => (c.stats as CellStats | null)?.runs ?? 0);
  const [lo, hi] = [Math.min(...ns), Math.max(...ns)];
  return lo === hi ? String(lo) : `${lo} to ${hi}`;
}

/** On one swept setting the predicted boundary falls between two values: a dotted line there. */
function lineBoundary(source: SweepSource, xCats: string[]): Annotation[] {
  const position = (cellIndex: number): number => {
    const cell = source.cells.find((c) => c.cellIndex === cellIndex);
    return cell ? xCats.indexOf(valueLabel(cell.coords[source.axes[0] as string])) : -1;
  };
  return source.boundary.flatMap(([a, b]) => {
    const [pa, pb] = [position(a), position(b)];
    return pa < 0 || pb < 0
      ? []
      : [{ type: 'vline' as const, x: (pa + pb) / 2, label: 'predicted boundary', color: INK, dash: 'reference' as const }];
  });
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
        band.steps.forEach((step, i) =>
          table.rows.push([
            cellIndex,
            mode,
            r,
            step,
            band.mean[i] as number,
            band.low[i] as number,
            band.high[i] as number,
            band.n[i] as number,
          ]),
        );
        const unimodal = isUnimodal(mode);
        const label = `modality ${r}, ${unimodal ? 'unimodal' : 'joint'}: mean, 10-90% band`;
        const style = { color: modalityColor(r), dash: unimodal ? ('dashed' as const) : ('solid' as const) };
        series.push({
          label,
          where: { cell: cellIndex, mode, modality: r },
          x: 'step',
          y: 'mean',
          band: { low: 'low', high: 'high' },
          ...style,
        });
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
  for (const rho of [...rhos].sort((a, b) => a - b))
    legend.push({ label: `ρ = ${compactNumber(rho)}`, color: MUTED, dash: 'reference', swatch: 'line' });
  const name = onlyCell === null ? 'seed-bands' : `seed-bands-cell${onlyCell}`;
  const caption =
    `Feature alignment gamma_r across the seeds of ${onlyCell === null ? 'each cell' : `cell ${onlyCell}`} of ${describeSweep(source)}: ` +
    `mean (line) and 10th to 90th percentile band (shaded) per step of the stored, downsampled series. Joint solid, unimodal dashed, colour = modality; ` +
    `rho dotted grey. Log axis. ${RECONSTRUCTED_NOTE}`;
  const title =
    onlyCell === null ? `Seed bands of γ, sweep ${source.sweep.id}` : `Seed bands of γ, sweep ${source.sweep.id}, cell ${onlyCell}`;
  return build(name, 'seed-bands', title, caption, panels, panelColumns(panels.length), legend, table);
}
