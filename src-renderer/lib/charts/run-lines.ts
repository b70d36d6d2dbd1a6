/**
 * The lines of a run's charts, from its series per mode: each modality keeps its colour, the
 * joint run is solid and unimodal runs dashed, all on one step axis.
 */
import type { LineSpec } from './line-spec';
import type { Marker } from './marker-plugin';
import { modalityColour, modeDash, OKABE_ITO } from './palette';
import { modalitiesOfMode, orderedModes, type SeriesByMode } from './series';

export interface LineOptions {
  showUnimodal: boolean;
}

function modeLabel(mode: string): string {
  return mode === 'joint' ? 'joint' : mode.replace(':', ' ');
}

/** One line per (mode, modality) of a per-modality scalar such as `gamma` or `phi`. */
export function perModalityLines(series: SeriesByMode, scalar: string, options: LineOptions): LineSpec[] {
  const lines: LineSpec[] = [];
  for (const mode of orderedModes(series)) {
    if (mode !== 'joint' && !options.showUnimodal) continue;
    const s = series[mode];
    if (!s) continue;
    for (const r of modalitiesOfMode(mode, s.K)) {
      const ys = s.scalars[`${scalar}${r}`];
      if (!ys) continue;
      lines.push({ label: `${scalar}_${r} ${modeLabel(mode)}`, colour: modalityColour(r), dash: modeDash(mode), xs: s.steps, ys });
    }
  }
  return lines;
}

/** A horizontal reference line (rho on the gamma chart) across the steps seen so far. */
export function thresholdLine(series: SeriesByMode, value: number | null, label: string): LineSpec[] {
  if (value === null || !Number.isFinite(value)) return [];
  let first = Infinity;
  let last = -Infinity;
  for (const s of Object.values(series)) {
    if (s.steps.length === 0) continue;
    first = Math.min(first, s.steps[0] as number);
    last = Math.max(last, s.steps[s.steps.length - 1] as number);
  }
  if (!(last >= first)) return [];
  return [{ label, colour: OKABE_ITO.black, dash: [2, 3], xs: [first, last], ys: [value, value], width: 1 }];
}

/** Colour of a mode for whole-network metrics: black for joint, the modality's colour for unimodal:r. */
export function modeColour(mode: string): string {
  const m = /^unimodal:(\d+)$/.exec(mode);
  return m ? modalityColour(Number(m[1])) : OKABE_ITO.black;
}

/** Whole-network scalars (trainLoss, testErr, ...) per mode; `dashed` scalars are drawn dotted. */
export function networkLines(
  series: SeriesByMode,
  scalars: { name: string; label: string; dotted?: boolean }[],
  options: LineOptions,
): LineSpec[] {
  const lines: LineSpec[] = [];
  for (const mode of orderedModes(series)) {
    if (mode !== 'joint' && !options.showUnimodal) continue;
    const s = series[mode];
    if (!s) continue;
    for (const scalar of scalars) {
      const ys = s.scalars[scalar.name];
      if (!ys) continue;
      lines.push({
        label: `${scalar.label} ${modeLabel(mode)}`,
        colour: modeColour(mode),
        dash: scalar.dotted ? [2, 2] : modeDash(mode),
        xs: s.steps,
        ys,
        width: scalar.dotted ? 1.2 : 1.6,
      });
    }
  }
  return lines;
}

/**
 * The per-class alignments of the joint run, gammaPlus_r (class +1, solid) and gammaMinus_r
 * (class -1, dotted), one colour per modality: gamma_r is the smaller of the two, so a modality
 * that learned one class only shows here and not on the gamma chart.
 */
export function perClassLines(series: SeriesByMode, mode = 'joint'): LineSpec[] {
  const s = series[mode];
  if (!s) return [];
  const lines: LineSpec[] = [];
  for (const r of modalitiesOfMode(mode, s.K)) {
    const plus = s.scalars[`gammaPlus${r}`];
    const minus = s.scalars[`gammaMinus${r}`];
    if (plus)
      lines.push({ label: `gamma+_${r} (class +1) ${modeLabel(mode)}`, colour: modalityColour(r), dash: [], xs: s.steps, ys: plus });
    if (minus)
      lines.push({
        label: `gamma-_${r} (class -1) ${modeLabel(mode)}`,
        colour: modalityColour(r),
        dash: [2, 3],
        xs: s.steps,
        ys: minus,
        width: 2,
      });
  }
  return lines;
}

/** Vertical markers where gamma_r crossed rho in each mode (from the run's summary): solid joint, dashed unimodal. */
export function crossingMarkers(crossSteps: Record<string, (number | null)[]>, options: LineOptions): Marker[] {
  const markers: Marker[] = [];
  for (const [mode, steps] of Object.entries(crossSteps)) {
    if (mode !== 'joint' && !options.showUnimodal) continue;
    steps.forEach((step, r) => {
      if (step === null) return;
      markers.push({
        x: step,
        colour: modalityColour(r),
        dash: modeDash(mode),
        label: `γ${r} > ρ at ${step}${mode === 'joint' ? ' (joint)' : ' (alone)'}`,
      });
    });
  }
  return markers;
}
