/**
 * A regime map of the paper check as a phase diagram: the C1, C2a and C2b rates per cell. Over
 * one setting, each rate is a line with its Wilson 95% band, its threshold a dotted level and a
 * vertical line wherever the rate crosses the threshold between neighbouring values; over two,
 * one heatmap per rate with a thick edge between neighbouring cells on opposite sides of it.
 */
import type { Annotation, DataTable, HeatmapPanelSpec, LegendEntry, LinePanelSpec, PanelSpec } from './chart-spec';
import { assembleFigure, type BuiltFigure } from './built-figure';
import { checkLine, percentText } from './check-captions';
import type { CheckContext, RegimeMapInput } from './check-figure-inputs';
import { RECONSTRUCTED_NOTE } from './captions';
import { INK, MAP_RATE_COLOURS, panelColumns } from './style';
import { valueLabel } from './sweep-figures';

const RATES = ['C1', 'C2a', 'C2b'] as const;

function categories(input: RegimeMapInput, axis: string): string[] {
  const seen: string[] = [];
  for (const cell of input.cells) {
    const label = valueLabel(cell.coords[axis]);
    if (!seen.includes(label)) seen.push(label);
  }
  return seen;
}

/** Whether a cell's rate reaches its threshold (null without runs). */
function holds(input: RegimeMapInput, cellIndex: number, id: string): boolean | null {
  const rate = input.cells.find((c) => c.cellIndex === cellIndex)?.rates[id];
  return rate && rate.n > 0 ? rate.p >= (input.thresholds[id] as number) : null;
}

/** Pairs of neighbouring cells (one grid step apart along one axis) on opposite sides of the threshold. */
function crossings(input: RegimeMapInput, id: string): [number, number][] {
  const position = (cell: RegimeMapInput['cells'][number]): number[] =>
    input.axes.map((a) => categories(input, a).indexOf(valueLabel(cell.coords[a])));
  const pairs: [number, number][] = [];
  for (const a of input.cells) {
    for (const b of input.cells) {
      if (b.cellIndex <= a.cellIndex) continue;
      const [pa, pb] = [position(a), position(b)];
      const distance = pa.reduce((d, v, i) => d + Math.abs(v - (pb[i] as number)), 0);
      const ha = holds(input, a.cellIndex, id);
      const hb = holds(input, b.cellIndex, id);
      if (distance === 1 && ha !== null && hb !== null && ha !== hb) pairs.push([a.cellIndex, b.cellIndex]);
    }
  }
  return pairs;
}

export function regimeMapFigure(given: RegimeMapInput, context: CheckContext): BuiltFigure {
  // Every check sweep has a precision axis of one value: a setting with one value is no map axis.
  const varying = given.axes.filter((a) => categories(given, a).length > 1);
  const input = { ...given, axes: varying.length > 0 ? varying : given.axes.slice(0, 1) };
  const [xAxis, yAxis] = input.axes as [string, string | undefined];
  const xCats = categories(input, xAxis);
  const table: DataTable = {
    columns: ['cell', ...input.axes, 'position', 'statistic', 'p', 'low', 'high', 'k', 'n', 'threshold'],
    rows: [],
  };
  for (const cell of input.cells) {
    for (const id of RATES) {
      const rate = cell.rates[id];
      const has = rate !== undefined && rate.n > 0;
      table.rows.push([
        cell.cellIndex,
        ...input.axes.map((a) => valueLabel(cell.coords[a])),
        xCats.indexOf(valueLabel(cell.coords[xAxis])),
        id,
        has ? rate.p : null,
        has ? rate.low : null,
        has ? rate.high : null,
        rate?.successes ?? null,
        rate?.n ?? 0,
        input.thresholds[id] as number,
      ]);
    }
  }
  const panels: PanelSpec[] = [];
  const legend: LegendEntry[] = [];
  const boundaryWords: string[] = [];
  if (!yAxis) {
    const annotations: Annotation[] = [];
    for (const id of RATES) {
      const color = MAP_RATE_COLOURS[id];
      annotations.push({
        type: 'hline',
        y: input.thresholds[id] as number,
        label: `${id} ${percentText(input.thresholds[id] as number)}`,
        color,
        dash: 'reference',
      });
      const pairs = crossings(input, id);
      const position = (cellIndex: number): number =>
        xCats.indexOf(valueLabel(input.cells.find((c) => c.cellIndex === cellIndex)?.coords[xAxis]));
      for (const [a, b] of pairs)
        annotations.push({ type: 'vline', x: (position(a) + position(b)) / 2, label: `${id} boundary`, color, dash: 'dashed' });
      boundaryWords.push(
        `${id} crosses its threshold ${pairs.length === 0 ? 'nowhere on this map' : `between ${pairs.map(([a, b]) => `${xAxis} = ${xCats[position(a)]} and ${xCats[position(b)]}`).join(', ')}`}`,
      );
    }
    annotations.push({ type: 'note', text: `n = ${input.seedsPerCell} seeds per value` });
    const panel: LinePanelSpec = {
      kind: 'line',
      title: '',
      x: { label: xAxis, unit: null, scale: 'linear', tickFormat: 'number', categories: xCats },
      y: { label: 'share of runs', unit: '%', scale: 'linear', tickFormat: 'percent', domain: [0, 1] },
      series: RATES.map((id) => ({
        label: id,
        where: { statistic: id },
        x: 'position',
        y: 'p',
        band: { low: 'low', high: 'high' },
        color: MAP_RATE_COLOURS[id],
        dash: 'solid' as const,
      })),
      annotations,
    };
    panels.push(panel);
    for (const id of RATES) legend.push({ label: `${id} rate, 95% band`, color: MAP_RATE_COLOURS[id], dash: 'solid', swatch: 'band' });
    legend.push({ label: 'threshold (dotted, colour of its rate)', color: INK, dash: 'reference', swatch: 'line' });
    legend.push({ label: 'boundary: where the rate crosses it', color: INK, dash: 'dashed', swatch: 'line' });
  } else {
    const yCats = categories(input, yAxis);
    for (const id of RATES) {
      const pairs = crossings(input, id);
      const heat: HeatmapPanelSpec = {
        kind: 'heatmap',
        title: `${id} (threshold ${percentText(input.thresholds[id] as number)})`,
        x: { label: xAxis, unit: null, scale: 'linear', tickFormat: 'number', categories: xCats },
        y: { label: yAxis, unit: null, scale: 'linear', tickFormat: 'number', categories: yCats },
        where: { statistic: id },
        cell: { x: xAxis, y: yAxis, value: 'p', id: 'cell', interval: { low: 'low', high: 'high', n: 'n' } },
        color: { map: 'sequential', domain: [0, 1], label: 'share of runs', unit: null, tickFormat: 'percent' },
        showValues: true,
        annotations: pairs.length > 0 ? [{ type: 'cell-edges', label: `${id} boundary`, pairs, color: INK }] : [],
      };
      panels.push(heat);
      boundaryWords.push(`${id} crosses its threshold between ${pairs.length} pair${pairs.length === 1 ? '' : 's'} of neighbouring cells`);
    }
    legend.push({
      label: "boundary: neighbouring cells on opposite sides of the rate's threshold",
      color: INK,
      dash: 'solid',
      swatch: 'edge',
    });
  }
  const runs = input.cells.reduce((n, c) => n + Math.max(0, ...RATES.map((id) => c.rates[id]?.n ?? 0)), 0);
  const caption =
    `Regime map "${input.key}" (${input.purpose}; sweep ${input.sweepId}): the C1 rate (every unimodal run learned its feature), the C2a rate (the joint run learned exactly one feature) ` +
    `and the C2b rate (one feature, the losers learned neither class) per cell, over ${input.axes.join(' x ')}, ${input.seedsPerCell} seeds per cell (n = ${runs} finished runs in all). ` +
    `Intervals are Wilson 95%. Thresholds: ${RATES.map((id) => `${id} ${percentText(input.thresholds[id] as number)}`).join(', ')}. ${boundaryWords.join('; ')}. ${checkLine(context)}. ${RECONSTRUCTED_NOTE}`;
  return assembleFigure({
    name: input.key,
    figure: 'check-regime-map',
    title: `Regime map: ${input.purpose}`,
    caption,
    columns: panelColumns(panels.length),
    panels,
    legend,
    table,
  });
}
