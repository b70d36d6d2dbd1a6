/**
 * Pure helpers over the metric series of a run (SeriesDto per mode): merging streamed batches,
 * cutting a series at the playback cursor, and reading one neuron grid of alignments.
 */
import type { SeriesDto } from '../../../src-main/api/lab-api';

export type SeriesByMode = Record<string, SeriesDto>;

/**
 * Appends the records of `incoming` that come after the last step of `existing`. Progress
 * batches carry only new records, but a stored series fetched while the run trains may overlap
 * the first batches; keying on the step makes the merge correct either way.
 */
export function mergeSeries(existing: SeriesDto | undefined, incoming: SeriesDto): SeriesDto {
  if (!existing || existing.steps.length === 0) return cloneSeries(incoming);
  const lastStep = existing.steps[existing.steps.length - 1] as number;
  const from = incoming.steps.findIndex((s) => s > lastStep);
  if (from < 0) return existing;
  const width = incoming.K * incoming.m;
  const scalars: Record<string, (number | null)[]> = {};
  const names = new Set([...Object.keys(existing.scalars), ...Object.keys(incoming.scalars)]);
  for (const name of names) {
    const old = existing.scalars[name] ?? new Array<number | null>(existing.steps.length).fill(null);
    const add = incoming.scalars[name]?.slice(from) ?? new Array<number | null>(incoming.steps.length - from).fill(null);
    scalars[name] = old.concat(add);
  }
  return {
    K: incoming.K,
    m: incoming.m,
    steps: existing.steps.concat(incoming.steps.slice(from)),
    scalars,
    alignments: existing.alignments.concat(incoming.alignments.slice(from * width)),
  };
}

function cloneSeries(series: SeriesDto): SeriesDto {
  return {
    K: series.K,
    m: series.m,
    steps: series.steps.slice(),
    scalars: Object.fromEntries(Object.entries(series.scalars).map(([k, v]) => [k, v.slice()])),
    alignments: series.alignments.slice(),
  };
}

/** The first `count` records of a series (playback shows the run up to its cursor). */
export function headOfSeries(series: SeriesDto, count: number): SeriesDto {
  if (count >= series.steps.length) return series;
  const n = Math.max(0, count);
  return {
    K: series.K,
    m: series.m,
    steps: series.steps.slice(0, n),
    scalars: Object.fromEntries(Object.entries(series.scalars).map(([k, v]) => [k, v.slice(0, n)])),
    alignments: series.alignments.slice(0, n * series.K * series.m),
  };
}

/** Records in the longest mode: the length of the shared timeline. */
export function recordCount(series: SeriesByMode): number {
  return Math.max(0, ...Object.values(series).map((s) => s.steps.length));
}

/** Modes in display order: joint first, then unimodal:0, unimodal:1, ... */
export function orderedModes(series: SeriesByMode): string[] {
  const rank = (mode: string): number => (mode === 'joint' ? -1 : Number(mode.split(':')[1] ?? 1e9));
  return Object.keys(series).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** The modality a unimodal mode trains (null for joint). */
export function unimodalModality(mode: string): number | null {
  const m = /^unimodal:(\d+)$/.exec(mode);
  return m ? Number(m[1]) : null;
}

/** Modalities shown for a mode: every one for joint, only its own for a unimodal run. */
export function modalitiesOfMode(mode: string, K: number): number[] {
  const own = unimodalModality(mode);
  return own === null ? Array.from({ length: K }, (_, r) => r) : [own];
}

/** Alignment grid (K rows x m neurons) at record `index`, or null when out of range. */
export function alignmentGrid(series: SeriesDto, index: number): number[][] | null {
  const { K, m } = series;
  if (index < 0 || index >= series.steps.length || series.alignments.length < (index + 1) * K * m) return null;
  const base = index * K * m;
  return Array.from({ length: K }, (_, r) => series.alignments.slice(base + r * m, base + (r + 1) * m));
}

/** Last value of a scalar that is not null, or null. */
export function lastValue(values: readonly (number | null)[] | undefined): number | null {
  if (!values) return null;
  for (let i = values.length - 1; i >= 0; i--) {
    const v = values[i];
    if (v !== null && v !== undefined && Number.isFinite(v)) return v;
  }
  return null;
}
