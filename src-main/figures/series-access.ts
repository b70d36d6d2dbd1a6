/** Reading one scalar column or the alignments of one record out of a NativeSeries. */
import type { NativeSeries } from '../engine/native-types';

/** The values of one scalar over the records; null when the series has no such scalar. */
export function scalarColumn(series: NativeSeries, name: string): number[] | null {
  const column = series.scalarNames.indexOf(name);
  if (column < 0) return null;
  const width = series.scalarNames.length;
  return Array.from(series.steps, (_, row) => series.scalars[row * width + column] as number);
}

/** Whether every record carries its per-neuron alignments (sweeps store none). */
export function hasAlignments(series: NativeSeries): boolean {
  const count = series.steps.length;
  return count > 0 && series.K * series.m > 0 && series.alignments.length === count * series.K * series.m;
}

/** The modalities a mode trains: all for joint, r alone for unimodal:r. */
export function trainedModalities(mode: string, K: number): number[] {
  if (mode.startsWith('unimodal:')) {
    const r = Number(mode.slice('unimodal:'.length));
    return Number.isInteger(r) && r >= 0 && r < K ? [r] : [];
  }
  return Array.from({ length: K }, (_, r) => r);
}

export function isUnimodal(mode: string): boolean {
  return mode.startsWith('unimodal:');
}
