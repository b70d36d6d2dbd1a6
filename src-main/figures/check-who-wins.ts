/**
 * The paper check's predicted-against-observed figure for C3: P(modality 0 wins) against the log
 * ratio of the heuristic's scores. Each run with one winner is a faint dot at 1 (modality 0 won)
 * or 0; each swept cell its observed share with a Wilson 95% whisker at its runs' mean log ratio;
 * the fitted logistic curve over all runs; dotted lines where the scores differ by the factor
 * from which C3 counts a run.
 */
import { wilson } from '../sweeps/sweep-stats';
import type { Annotation, DataTable, LegendEntry, LinePanelSpec } from './chart-spec';
import { assembleFigure, type BuiltFigure } from './built-figure';
import { checkLine } from './check-captions';
import type { CheckContext, WhoWinsInput } from './check-figure-inputs';
import { RECONSTRUCTED_NOTE } from './captions';
import { INK, MUTED, modalityColor } from './style';
import { compactNumber } from './ticks';

const CURVE_POINTS = 101;

export function whoWinsFigure(input: WhoWinsInput, context: CheckContext): BuiltFigure {
  const table: DataTable = { columns: ['kind', 'x', 'p', 'low', 'high', 'k', 'n', 'cell'], rows: [] };
  for (const run of input.runs) table.rows.push(['run', run.x, run.win ? 1 : 0, null, null, null, 1, run.cellIndex]);
  const cells = [...new Set(input.runs.map((r) => r.cellIndex))].sort((a, b) => a - b);
  for (const cell of cells) {
    const own = input.runs.filter((r) => r.cellIndex === cell);
    const k = own.filter((r) => r.win).length;
    const share = wilson(k, own.length);
    table.rows.push(['cell', own.reduce((a, r) => a + r.x, 0) / own.length, share.p, share.low, share.high, k, own.length, cell]);
  }
  const xs = input.runs.map((r) => r.x);
  const cut = Math.log(input.scoreRatioMin);
  const span = Math.max(cut * 1.5, ...xs.map(Math.abs));
  const fit = input.fit;
  if (fit) {
    for (let i = 0; i < CURVE_POINTS; i++) {
      const x = -span + (2 * span * i) / (CURVE_POINTS - 1);
      table.rows.push(['fit', x, 1 / (1 + Math.exp(-(fit.intercept + fit.slope * x))), null, null, null, fit.n, null]);
    }
  }
  const annotations: Annotation[] = [
    { type: 'vline', x: -cut, label: `scores differ ${compactNumber(input.scoreRatioMin)}x`, color: MUTED, dash: 'reference' },
    { type: 'vline', x: cut, label: `scores differ ${compactNumber(input.scoreRatioMin)}x`, color: MUTED, dash: 'reference' },
    { type: 'hline', y: 0.5, label: 'even odds', color: MUTED, dash: 'reference' },
    { type: 'note', text: `n = ${input.runs.length} runs with one winner` },
  ];
  const panel: LinePanelSpec = {
    kind: 'line',
    title: '',
    x: { label: 'log(score_0 / score_1), heuristic', unit: null, scale: 'linear', tickFormat: 'number', domain: [-span, span] },
    y: { label: 'P(modality 0 wins)', unit: '%', scale: 'linear', tickFormat: 'percent', domain: [0, 1] },
    series: [
      {
        label: 'runs (1: modality 0 won)',
        where: { kind: 'run' },
        x: 'x',
        y: 'p',
        color: MUTED,
        dash: 'solid',
        draw: 'points',
        weight: 'thin',
      },
      ...(fit ? [{ label: 'logistic fit', where: { kind: 'fit' }, x: 'x', y: 'p', color: modalityColor(0), dash: 'solid' as const }] : []),
      {
        label: 'observed share per cell',
        where: { kind: 'cell' },
        x: 'x',
        y: 'p',
        band: { low: 'low', high: 'high' },
        color: INK,
        dash: 'solid',
        draw: 'points',
      },
    ],
    annotations,
  };
  const legend: LegendEntry[] = [
    { label: 'one run (at 100%: modality 0 won, at 0%: modality 1)', color: MUTED, dash: 'solid', swatch: 'point' },
    { label: 'share per swept cell, 95% interval', color: INK, dash: 'solid', swatch: 'point' },
    ...(fit ? [{ label: 'fitted logistic curve', color: modalityColor(0), dash: 'solid' as const, swatch: 'line' as const }] : []),
    { label: `scores differ ${compactNumber(input.scoreRatioMin)}x`, color: MUTED, dash: 'reference', swatch: 'line' },
  ];
  const fitText = fit
    ? `The fit: P = 1 / (1 + exp(-(${fit.intercept.toFixed(2)} + ${fit.slope.toFixed(2)} x))), even odds at x = ${fit.midpoint === null ? 'none' : fit.midpoint.toFixed(2)}, over ${fit.n} runs` +
      (fit.converged
        ? '.'
        : ' (the wins are separated by x, so the fit is held finite by a small ridge penalty and the curve is a steep step).')
    : 'Fewer than two runs had one winner: no curve is fitted.';
  const caption =
    `Who wins (C3), predicted against observed, from the check's "who-wins" sweep (sweep ${input.sweepId}, ${input.cells} values of alpha_1 against alpha_0 = 1, ${input.seedsPerCell} seeds each): ` +
    `x is the log ratio of the heuristic's scores (1 - mu_r) alpha_r^q Gamma_r(0)^(q-2) of modality 0 and 1 at initialisation, y whether modality 0 was the joint run's one winner. ` +
    `n = ${input.runs.length} runs with exactly one winner are drawn (runs with none or both are left out), in ${cells.length} cells. ${fitText} ` +
    `C3 counts only runs outside the dotted lines (scores differing by ${compactNumber(input.scoreRatioMin)}x or more). ${checkLine(context)}. ${RECONSTRUCTED_NOTE}`;
  return assembleFigure({
    name: 'who-wins',
    figure: 'check-who-wins',
    title: `Who wins: predicted against observed (n = ${input.runs.length})`,
    caption,
    columns: 1,
    panels: [panel],
    legend,
    table,
  });
}
