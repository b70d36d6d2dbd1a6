import type { PeerId } from './peers';

/** What one engine measured on one case; the native worker and every Python peer print this. */
export interface EngineMeasurement {
  case: string;
  engine: 'native' | PeerId;
  steps: number;
  secondsPerStep: number;
  gflops: number;
  /** Peak resident memory of the measuring process (it runs one case, so this is per case). */
  peakRssBytes: number;
  /** Engine-specific context (versions, thread counts, raw wall times). */
  [detail: string]: unknown;
}

/** Either a measurement, or why there is none: skipped (engine absent) or failed (an error). */
export type EngineOutcome =
  { status: 'measured'; result: EngineMeasurement } | { status: 'skipped'; reason: string } | { status: 'failed'; reason: string };

export function parseMeasurement(line: string, engine: EngineMeasurement['engine']): EngineMeasurement {
  const value = JSON.parse(line) as Partial<EngineMeasurement>;
  const numeric = ['secondsPerStep', 'gflops', 'peakRssBytes', 'steps'] as const;
  for (const key of numeric) {
    if (typeof value[key] !== 'number' || !Number.isFinite(value[key])) {
      throw new Error(`${engine} bench output lacks a finite "${key}": ${line}`);
    }
  }
  if (typeof value.case !== 'string') throw new Error(`${engine} bench output lacks "case": ${line}`);
  return { ...value, engine } as EngineMeasurement;
}
