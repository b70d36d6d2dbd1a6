/**
 * Seeds of one sweep cell summarised per recorded step: the mean and the 10th to 90th
 * percentile band. Percentiles rather than mean +- sd because gamma is read on a log axis,
 * where a symmetric band would dip below zero; steps a run did not reach (a cancelled seed)
 * simply count fewer seeds, reported in `n`.
 */
import type { BandDto, SeriesDto } from '../api/lab-api';

export const BAND_LOW_QUANTILE = 0.1;
export const BAND_HIGH_QUANTILE = 0.9;

/** Quantile of sorted values with linear interpolation between order statistics. */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const weight = position - below;
  return sorted[below]! * (1 - weight) + sorted[above]! * weight;
}

export function seedBands(series: SeriesDto[], scalar: string): BandDto {
  const valuesByStep = new Map<number, number[]>();
  for (const run of series) {
    const column = run.scalars[scalar];
    if (!column) continue;
    run.steps.forEach((step, row) => {
      const value = column[row];
      if (value === null || value === undefined || !Number.isFinite(value)) return;
      const bucket = valuesByStep.get(step);
      if (bucket) bucket.push(value);
      else valuesByStep.set(step, [value]);
    });
  }
  const band: BandDto = { steps: [], mean: [], low: [], high: [], n: [] };
  for (const step of [...valuesByStep.keys()].sort((a, b) => a - b)) {
    const values = valuesByStep.get(step)!.sort((a, b) => a - b);
    band.steps.push(step);
    band.mean.push(values.reduce((a, b) => a + b, 0) / values.length);
    band.low.push(quantile(values, BAND_LOW_QUANTILE));
    band.high.push(quantile(values, BAND_HIGH_QUANTILE));
    band.n.push(values.length);
  }
  return band;
}
