/**
 * The remedy comparison's figures: per arm (a remedy at one knob value) a bar with its 95%
 * interval as a whisker, coloured by remedy. One figure for the rescue rate (the share of the
 * seeds whose plain joint run lost a learnable modality where the remedied run learns it), one
 * for the gap between the joint test error and the best unimodal test error of the same seed.
 * The figures layer sits beside the science layer, so the comparison comes in plain shapes.
 */
import { RECONSTRUCTED_NOTE } from './captions';
import { assembleFigure, type BuiltFigure } from './built-figure';
import type { DataTable, LegendEntry, LinePanelSpec } from './chart-spec';
import { estimateText } from './check-captions';
import type { MeanLike, RateLike } from './check-figure-inputs';
import { chartSizeIn } from './layout';
import { INK, OKABE_ITO } from './style';

/** Short remedy names, so eleven arms' labels fit under their bars; the legend gives the full one. */
const SHORT: Record<string, string> = {
  none: 'none',
  auxiliary: 'aux',
  blending: 'blend',
  reblending: 'reblend',
  dropout: 'drop',
  ogm: 'ogm',
  'ogm-ge': 'ogm-ge',
};

export interface RemedyArmInput {
  remedy: string;
  /** The remedy in the words of the method it follows. */
  label: string;
  knob: string;
  /** The knob's value, as a short label (e.g. "0.5" or "(0.25)"). */
  value: string;
  sweepId: number | null;
  runs: number;
  rescue: RateLike;
  gap: MeanLike;
}

export interface RemedyComparisonInput {
  preset: string;
  seeds: number;
  seedStart: number;
  precision: string;
  /** Settings changed from the preset (a trial of the machinery), or null for the comparison. */
  overrides: string | null;
  seedsWithLoser: number;
  baselineSeeds: number;
  arms: RemedyArmInput[];
}

function shortName(remedy: string): string {
  return SHORT[remedy] ?? remedy;
}

/** "none", or the remedy's short name and its knob value ("aux 0.25"): the category label of an arm. */
export function armLabel(arm: Pick<RemedyArmInput, 'remedy' | 'value'>): string {
  return arm.remedy === 'none' ? 'none' : `${shortName(arm.remedy)} ${arm.value.replace(/^\[(.*)\]$/, '$1')}`;
}

function comparisonLine(input: RemedyComparisonInput): string {
  const what = `remedy comparison on preset ${input.preset}, ${input.seeds} seeds from seed ${input.seedStart}, ${input.precision}`;
  // A trial with smaller settings must never read as a measurement of the remedies.
  return input.overrides
    ? `${what}; a trial of the comparison, not its measurement: every run changed from its preset by ${input.overrides}`
    : what;
}

function remedyColours(arms: RemedyArmInput[]): Map<string, string> {
  const remedies = [...new Set(arms.map((a) => a.remedy))];
  return new Map(remedies.map((r, i) => [r, r === 'none' ? INK : (OKABE_ITO[(i - 1 + OKABE_ITO.length) % OKABE_ITO.length] as string)]));
}

function armTable(input: RemedyComparisonInput): DataTable {
  const table: DataTable = {
    columns: [
      'position',
      'arm',
      'remedy',
      'knob',
      'value',
      'sweepId',
      'runs',
      'rescue',
      'rescueLow',
      'rescueHigh',
      'rescued',
      'rescueN',
      'gap',
      'gapLow',
      'gapHigh',
      'gapN',
    ],
    rows: [],
  };
  input.arms.forEach((arm, i) => {
    const r = arm.rescue;
    const has = r.n > 0;
    table.rows.push([
      i,
      armLabel(arm),
      arm.remedy,
      arm.knob,
      arm.value,
      arm.sweepId,
      arm.runs,
      has ? r.p : null,
      has ? r.low : null,
      has ? r.high : null,
      r.successes,
      r.n,
      arm.gap.value,
      arm.gap.low,
      arm.gap.high,
      arm.gap.n,
    ]);
  });
  return table;
}

function panel(input: RemedyComparisonInput, which: 'rescue' | 'gap'): LinePanelSpec {
  const colours = remedyColours(input.arms);
  return {
    kind: 'line',
    title: which === 'rescue' ? 'rescue rate per arm' : 'joint less best unimodal test error',
    x: { label: 'remedy and knob value', unit: null, scale: 'linear', tickFormat: 'number', categories: input.arms.map(armLabel) },
    y:
      which === 'rescue'
        ? { label: 'seeds rescued', unit: '%', scale: 'linear', tickFormat: 'percent', domain: [0, 1] }
        : { label: 'test error gap', unit: null, scale: 'linear', tickFormat: 'number' },
    series: [...colours].map(([remedy, color]) => ({
      label: remedy,
      where: { remedy },
      x: 'position',
      y: which,
      band: { low: `${which}Low`, high: `${which}High` },
      color,
      dash: 'solid' as const,
      draw: 'bars' as const,
    })),
    // The zero line is named in the legend: a label on it would sit among the bars.
    annotations: which === 'gap' ? [{ type: 'hline', y: 0, label: '', color: INK, dash: 'reference' }] : [],
  };
}

function legend(input: RemedyComparisonInput, which: 'rescue' | 'gap'): LegendEntry[] {
  const labels = new Map(input.arms.map((a) => [a.remedy, a.label]));
  return [
    ...[...remedyColours(input.arms)].map(([remedy, color]): LegendEntry => ({
      label: `${shortName(remedy)}: ${labels.get(remedy) ?? remedy}`,
      color,
      dash: 'solid',
      swatch: 'bar',
    })),
    ...(which === 'gap'
      ? [{ label: 'zero: as good as the best unimodal net', color: INK, dash: 'reference' as const, swatch: 'line' as const }]
      : []),
  ];
}

/**
 * One panel as wide as two, or three from ten arms on, so every arm's label fits under its bar
 * (the layout takes the spec's size; the renderer would otherwise thin the labels out).
 */
function widened(figure: BuiltFigure, arms: number): BuiltFigure {
  const widths = Math.max(2, Math.ceil(arms / 4.5));
  return { ...figure, spec: { ...figure.spec, size: chartSizeIn(widths, widths, figure.spec.legend) } };
}

export function rescueBarsFigure(input: RemedyComparisonInput): BuiltFigure {
  const measured = input.arms.map((a) => `${armLabel(a)} (${a.knob} = ${a.value}): ${estimateText(a.rescue)}`);
  const caption =
    `Rescue rate per arm: among the ${input.seedsWithLoser} of ${input.baselineSeeds} seeds whose plain joint run lost a modality that its unimodal run learns, ` +
    `the share where the remedied joint run learns every such modality, with its Wilson 95% interval. ${measured.join('; ')}. ${comparisonLine(input)}. ${RECONSTRUCTED_NOTE}`;
  return widened(
    assembleFigure({
      name: 'remedy-rescue',
      figure: 'remedy-rescue',
      title: 'Which remedy rescues the losing modality',
      caption,
      columns: 1,
      panels: [panel(input, 'rescue')],
      legend: legend(input, 'rescue'),
      table: armTable(input),
    }),
    input.arms.length,
  );
}

export function gapBarsFigure(input: RemedyComparisonInput): BuiltFigure {
  const measured = input.arms.map((a) => `${armLabel(a)}: ${estimateText(a.gap)}`);
  const caption =
    'Gap per arm: the joint test error less the best unimodal test error of the same seed, mean over seeds as a bar with its 95% interval (mean +- 1.96 sd / sqrt(n)) as a whisker; ' +
    `below zero the joint net beats every unimodal one. ${measured.join('; ')}. ${comparisonLine(input)}. ${RECONSTRUCTED_NOTE}`;
  return widened(
    assembleFigure({
      name: 'remedy-gap',
      figure: 'remedy-gap',
      title: 'Joint test error against the best unimodal net',
      caption,
      columns: 1,
      panels: [panel(input, 'gap')],
      legend: legend(input, 'gap'),
      table: armTable(input),
    }),
    input.arms.length,
  );
}
