/**
 * The standard figures of one run: gamma (joint vs unimodal, log axis, rho line), phi, losses and
 * errors, the per-neuron alignment heatmap at the final record, and the joint-vs-unimodal compare
 * view. Each builder returns the chart specification and the tidy table behind it.
 */
import type { RunConfig } from '../config/schema';
import type { RunOutcome } from '../runs/run-outcome';
import { outcomeContext, storedRunOutcome } from '../runs/stored-outcome';
import { outcomeSentence } from '../runs/summary-text';
import { type Annotation, type Cell, type DataTable, type LegendEntry, type LinePanelSpec, type PanelSpec } from './chart-spec';
import { RECONSTRUCTED_NOTE, settingsLine } from './captions';
import { assembleFigure, type BuiltFigure } from './built-figure';
import { hasAlignments, isUnimodal, scalarColumn, trainedModalities } from './series-access';
import type { RunData } from './sources';
import { INK, JOINT_COLOR, MUTED, modalityColor, panelColumns } from './style';
import { compactNumber, fixed } from './ticks';

export type { BuiltFigure } from './built-figure';

const STEP_AXIS = { label: 'gradient descent step', unit: null, scale: 'linear', tickFormat: 'number' } as const;

export function runConfig(run: RunData): RunConfig {
  return run.record.config as RunConfig;
}

function finish(
  name: string,
  figure: string,
  title: string,
  caption: string,
  columns: number,
  panels: PanelSpec[],
  legend: LegendEntry[],
  table: DataTable,
): BuiltFigure {
  return assembleFigure({ name, figure, title, caption, columns, panels, legend, table });
}

function rhoLine(rho: number): Annotation {
  return { type: 'hline', y: rho, label: `ρ = ${compactNumber(rho)}`, color: MUTED, dash: 'reference' };
}

/** Names the series with values a log axis cannot show (gamma is negative when no neuron aligns yet). */
function hiddenOnLogAxis(table: DataTable, series: LinePanelSpec['series'], column: string): string | null {
  const index = table.columns.indexOf(column);
  const parts: string[] = [];
  for (const s of series) {
    const rows = table.rows.filter((row) => Object.entries(s.where).every(([c, v]) => row[table.columns.indexOf(c)] === v));
    const hidden = rows.filter((row) => !((row[index] as number) > 0)).length;
    if (hidden > 0) parts.push(`${s.label} ${hidden}/${rows.length}`);
  }
  return parts.length ? `not drawn (≤ 0): ${parts.join('; ')}` : null;
}

/** "class +1: modality 0; class −1: modality 0, 1" for the joint run's per-class outcome. */
export function classesText(outcome: RunOutcome): string {
  const who = (pick: (c: RunOutcome['jointClasses'][number]) => boolean): string => {
    const rs = outcome.jointClasses.flatMap((c, r) => (pick(c) ? [r] : []));
    return rs.length === 0 ? 'no modality' : `modality ${rs.join(', ')}`;
  };
  return `class +1 learned by ${who((c) => c.plus)}; class −1 by ${who((c) => c.minus)}`;
}

/**
 * The joint run's outcome in words, per class, and the heuristic's prediction: lines of text
 * under the gamma figure's plot (inside it they would cross or hide the curves).
 */
function outcomeLines(run: RunData): LegendEntry[] {
  const summary = run.record.summary as { predictedWinner?: { modality?: number }; cancelled?: boolean } | null;
  const outcome = storedRunOutcome(summary, outcomeContext(run.record.config));
  if (!summary || !outcome) return [];
  const partial = outcome.complete ? [] : ['partial run: a mode stopped before its last step'];
  const [first, ...rest] = outcomeSentence(outcome).split('; ');
  const text = [
    `joint run: ${first ?? ''}`,
    ...rest,
    ...partial,
    classesText(outcome),
    `predicted winner (heuristic): ${summary.predictedWinner?.modality !== undefined ? `modality ${summary.predictedWinner.modality}` : '-'}`,
  ];
  return text.map((label) => ({ label, color: INK, dash: 'solid', swatch: 'text' }));
}

/** gamma_r or phi_r per mode and trained modality: solid joint, dashed unimodal, colour per modality. */
function perModalityFigure(run: RunData, metric: 'gamma' | 'phi'): BuiltFigure {
  const config = runConfig(run);
  const K = config.data.K;
  const table: DataTable = { columns: ['mode', 'modality', 'step', metric], rows: [] };
  const series: LinePanelSpec['series'] = [];
  for (const [mode, s] of run.series) {
    for (const r of trainedModalities(mode, K)) {
      const values = scalarColumn(s, `${metric}${r}`);
      if (!values) continue;
      values.forEach((v, i) => table.rows.push([mode, r, s.steps[i] as number, v]));
      const unimodal = isUnimodal(mode);
      series.push({
        label: `modality ${r}, ${unimodal ? 'unimodal' : 'joint'}`,
        where: { mode, modality: r },
        x: 'step',
        y: metric,
        color: modalityColor(r),
        dash: unimodal ? 'dashed' : 'solid',
      });
    }
  }
  const annotations: Annotation[] = [];
  if (metric === 'gamma') annotations.push(rhoLine(config.model.rho));
  const hidden = hiddenOnLogAxis(table, series, metric);
  if (hidden) annotations.push({ type: 'note', text: hidden });

  const legend: LegendEntry[] = series.map((s) => ({ label: s.label, color: s.color, dash: s.dash, swatch: 'line' }));
  if (metric === 'gamma')
    legend.push({ label: `ρ = ${compactNumber(config.model.rho)}`, color: MUTED, dash: 'reference', swatch: 'line' }, ...outcomeLines(run));
  const yLabel = metric === 'gamma' ? 'feature alignment γ' : 'noise memorisation φ';
  const panel: LinePanelSpec = {
    kind: 'line',
    title: '',
    x: STEP_AXIS,
    y: { label: yLabel, unit: null, scale: 'log', tickFormat: 'number' },
    series,
    annotations,
  };
  const what =
    metric === 'gamma'
      ? `Feature alignment gamma_r = min(max_{a_j>0} <w_rj, v_r>, max_{a_j<0} <w_rj, -v_r>) of run ${run.record.id}`
      : `Noise memorisation phi_r = max |<w_rj, xi>| over training noise patches of run ${run.record.id}`;
  const caption =
    `${what} over ${config.train.steps} GD steps (${settingsLine(config, run.record.backend)}). ` +
    `Joint training (solid) vs each modality trained alone (dashed); colour = modality` +
    (metric === 'gamma' ? `; rho = ${compactNumber(config.model.rho)} dotted grey.` : '.') +
    ` Log axis; values <= 0 are not drawn. ${RECONSTRUCTED_NOTE}`;
  const title = metric === 'gamma' ? `Feature alignment γ, run ${run.record.id}` : `Noise memorisation φ, run ${run.record.id}`;
  return finish(metric, metric, title, caption, 1, [panel], legend, table);
}

export function gammaFigure(run: RunData): BuiltFigure {
  return perModalityFigure(run, 'gamma');
}

export function phiFigure(run: RunData): BuiltFigure {
  return perModalityFigure(run, 'phi');
}

function modeStyle(mode: string): { label: string; color: string; dash: 'solid' | 'dashed' } {
  if (isUnimodal(mode)) {
    const r = Number(mode.slice('unimodal:'.length));
    return { label: `unimodal, modality ${r}`, color: modalityColor(r), dash: 'dashed' };
  }
  return { label: mode, color: JOINT_COLOR, dash: 'solid' };
}

const LOSS_COLUMNS = ['trainLoss', 'testLoss', 'trainErr', 'testErr'] as const;

export function lossesFigure(run: RunData): BuiltFigure {
  const config = runConfig(run);
  const table: DataTable = { columns: ['mode', 'step', ...LOSS_COLUMNS], rows: [] };
  for (const [mode, s] of run.series) {
    const columns = LOSS_COLUMNS.map((c) => scalarColumn(s, c));
    Array.from(s.steps).forEach((step, i) => table.rows.push([mode, step, ...columns.map((c): Cell => (c ? (c[i] as number) : null))]));
  }
  const modes = [...run.series.keys()];
  const panelFor = (column: (typeof LOSS_COLUMNS)[number], title: string, isError: boolean): LinePanelSpec => ({
    kind: 'line',
    title,
    x: STEP_AXIS,
    y: isError
      ? { label: 'error', unit: '%', scale: 'linear', tickFormat: 'percent' }
      : { label: 'logistic loss', unit: null, scale: 'log', tickFormat: 'number' },
    series: modes.map((mode) => ({ ...modeStyle(mode), where: { mode }, x: 'step', y: column })),
    annotations: [],
  });
  const panels = [
    panelFor('trainLoss', 'train loss', false),
    panelFor('testLoss', 'test loss', false),
    panelFor('trainErr', 'train error', true),
    panelFor('testErr', 'test error', true),
  ];
  const legend: LegendEntry[] = modes.map((mode) => ({ ...modeStyle(mode), swatch: 'line' }));
  const caption =
    `Mean logistic loss and 0-1 error on the ${config.data.n} training and ${config.data.nTest} test samples of run ${run.record.id}, ` +
    `per mode, over ${config.train.steps} GD steps (${settingsLine(config, run.record.backend)}). ` +
    `Joint network solid black; the network of modality r trained alone dashed in modality r's colour. Loss on a log axis. ${RECONSTRUCTED_NOTE}`;
  return finish('losses', 'losses', `Losses and errors, run ${run.record.id}`, caption, 2, panels, legend, table);
}

/** The smallest two-significant-digit number at or above `value` (1 for nothing to show). */
function roundUpTwoDigits(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return 1;
  const unit = Math.pow(10, Math.floor(Math.log10(value)) - 1);
  return Number((Math.ceil(value / unit - 1e-9) * unit).toPrecision(2));
}

export function alignmentApplies(run: RunData): boolean {
  return [...run.series.values()].some(hasAlignments);
}

export function alignmentFigure(run: RunData): BuiltFigure {
  const config = runConfig(run);
  const table: DataTable = { columns: ['mode', 'modality', 'neuron', 'step', 'alignment'], rows: [] };
  const panels: PanelSpec[] = [];
  let extreme = 0;
  for (const [mode, s] of run.series) {
    if (!hasAlignments(s)) continue;
    const last = s.steps.length - 1;
    const step = s.steps[last] as number;
    const per = s.K * s.m;
    for (let r = 0; r < s.K; r++) {
      for (let j = 0; j < s.m; j++) {
        const value = s.alignments[last * per + r * s.m + j] as number;
        if (Number.isFinite(value)) extreme = Math.max(extreme, Math.abs(value));
        table.rows.push([mode, r, j, step, value]);
      }
    }
    panels.push({
      kind: 'heatmap',
      title: `${mode} (step ${step})`,
      x: {
        label: 'neuron j',
        unit: null,
        scale: 'linear',
        tickFormat: 'number',
        categories: Array.from({ length: s.m }, (_, j) => String(j)),
      },
      y: {
        label: 'modality r',
        unit: null,
        scale: 'linear',
        tickFormat: 'number',
        categories: Array.from({ length: s.K }, (_, r) => String(r)),
      },
      where: { mode },
      cell: { x: 'neuron', y: 'modality', value: 'alignment' },
      color: { map: 'diverging', domain: [0, 0], label: 'alignment ⟨w_rj, v_r⟩', unit: null, tickFormat: 'number' },
      showValues: false,
      annotations: [],
    });
  }
  // One symmetric colour scale for every panel, so the modes compare by colour.
  const bound = roundUpTwoDigits(extreme);
  for (const p of panels) if (p.kind === 'heatmap') p.color.domain = [-bound, bound];
  const caption =
    `Per-neuron alignment <w_rj, v_r> of every neuron j of every modality encoder r at the final record of run ${run.record.id} ` +
    `(${settingsLine(config, run.record.backend)}), one panel per mode. Diverging colour scale from -${compactNumber(bound)} (purple) through white to +${compactNumber(bound)} (green); ` +
    `the twoClass head's a_j < 0 neurons learn -v_r. Grey: an encoder that mode does not train (no alignment recorded). ${RECONSTRUCTED_NOTE}`;
  return finish(
    'alignment',
    'alignment',
    `Per-neuron alignment, run ${run.record.id}`,
    caption,
    panelColumns(panels.length),
    panels,
    [],
    table,
  );
}

export function compareApplies(run: RunData): boolean {
  return run.series.has('joint') && [...run.series.keys()].some(isUnimodal);
}

function percent(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? `${fixed(value * 100, 1)}%` : '-';
}

export function compareFigure(run: RunData): BuiltFigure {
  const config = runConfig(run);
  const table: DataTable = { columns: ['mode', 'step', 'testErr'], rows: [] };
  for (const [mode, s] of run.series) {
    const column = scalarColumn(s, 'testErr');
    Array.from(s.steps).forEach((step, i) => table.rows.push([mode, step, column ? (column[i] as number) : null]));
  }
  const summary = run.record.summary as {
    modes?: Record<string, { testErr?: number | null; modalities?: ({ aloneTestErr?: number | null } | null)[] }>;
    gap?: number | null;
    bestUnimodal?: string | null;
  } | null;
  const aloneErr = (r: number): number | null => summary?.modes?.joint?.modalities?.[r]?.aloneTestErr ?? null;
  const outcome = storedRunOutcome(summary, outcomeContext(run.record.config));
  const finalErr = (mode: string): number | null => {
    const fromSummary = summary?.modes?.[mode]?.testErr;
    if (typeof fromSummary === 'number') return fromSummary;
    const column = run.series.get(mode) ? scalarColumn(run.series.get(mode)!, 'testErr') : null;
    return column && column.length ? (column[column.length - 1] as number) : null;
  };
  const unimodal = [...run.series.keys()].filter(isUnimodal);
  const joint = finalErr('joint');
  const panels: LinePanelSpec[] = unimodal.map((mode) => {
    const r = Number(mode.slice('unimodal:'.length));
    const other = finalErr(mode);
    const gap = joint !== null && other !== null ? (joint - other) * 100 : null;
    return {
      kind: 'line',
      title: `joint vs modality ${r} alone`,
      x: STEP_AXIS,
      y: { label: 'test error', unit: '%', scale: 'linear', tickFormat: 'percent' },
      series: [
        { ...modeStyle('joint'), where: { mode: 'joint' }, x: 'step', y: 'testErr' },
        { ...modeStyle(mode), where: { mode }, x: 'step', y: 'testErr' },
      ],
      annotations: [
        { type: 'note', text: `final: joint ${percent(joint)}, alone ${percent(other)}` },
        { type: 'note', text: `gap joint − alone: ${gap === null ? '-' : `${gap >= 0 ? '+' : ''}${fixed(gap, 1)} points`}` },
        { type: 'note', text: `the joint net's modality-${r} encoder alone: ${percent(aloneErr(r))}` },
      ],
    };
  });
  const legend: LegendEntry[] = ['joint', ...unimodal].map((mode) => ({ ...modeStyle(mode), swatch: 'line' }));
  const gap = summary?.gap;
  const gapText =
    typeof gap === 'number'
      ? `${gap >= 0 ? '+' : ''}${fixed(gap * 100, 1)} points vs ${summary?.bestUnimodal ?? 'the best unimodal net'}`
      : 'not available';
  const caption =
    `Test error of the jointly trained network (solid black) beside each modality's network trained alone on the same data from the same initial weights (dashed, modality colour), run ${run.record.id} ` +
    `(${settingsLine(config, run.record.backend)}). Gap = test error(joint) - test error(alone) at the end; overall gap to the best unimodal net: ${gapText}. ` +
    (outcome ? `Joint run: ${outcomeSentence(outcome)}; ${classesText(outcome)}. ` : '') +
    `"Encoder alone": the jointly trained network's encoder of one modality used by itself. ${RECONSTRUCTED_NOTE}`;
  return finish(
    'compare',
    'compare',
    `Joint vs unimodal test error, run ${run.record.id}`,
    caption,
    panelColumns(panels.length),
    panels,
    legend,
    table,
  );
}
