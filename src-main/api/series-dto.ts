/**
 * The engine's metric records (typed arrays, NaN where a value does not apply) as the plain JSON
 * the API carries: one array per scalar name, NaN and infinities as null (JSON has neither).
 */
import type { NativeSeries } from '../engine/native-types';
import type { SeriesDto } from './lab-api';

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

export function toSeriesDto(series: NativeSeries): SeriesDto {
  const count = series.steps.length;
  const width = series.scalarNames.length;
  const scalars: Record<string, (number | null)[]> = {};
  series.scalarNames.forEach((name, column) => {
    const values = new Array<number | null>(count);
    for (let row = 0; row < count; row++) values[row] = finiteOrNull(series.scalars[row * width + column] ?? NaN);
    scalars[name] = values;
  });
  return {
    K: series.K,
    m: series.m,
    steps: Array.from(series.steps),
    scalars,
    // Alignments are float32 on the wire; Array.from widens them exactly.
    alignments: Array.from(series.alignments, (v) => (Number.isFinite(v) ? v : 0)),
  };
}
