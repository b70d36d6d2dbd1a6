/**
 * The data view's samples: the first training samples of a configuration's data draw, made by
 * the native addon's generateData exactly as a run makes them. The generator draws every sample
 * from counters keyed by its index, so drawing only the first few (n set to their count) gives
 * the very samples a run with the full n trains on. What goes back is bounded: a few samples,
 * a few coordinates per patch, and each patch's component along v_r and the norm of the rest.
 */
import type { DataSamplesDto, PatchDto } from '../api/lab-api';
import { toRunSpec } from '../config/resolve';
import type { RunConfig } from '../config/schema';
import { loadNativeAddon } from '../engine/native-loader';
import type { TypedReal } from '../engine/native-types';

export const DEFAULT_DATA_SAMPLES = 6;
export const DEFAULT_DATA_COORDINATES = 24;
/** Numbers the draw may make (K x (samples + 1 test sample) x P x d): a few milliseconds of work. */
export const DATA_DRAW_BUDGET = 8_000_000;

function dot(a: TypedReal, offset: number, b: TypedReal, d: number): number {
  let sum = 0;
  for (let k = 0; k < d; k++) sum += (a[offset + k] as number) * (b[k] as number);
  return sum;
}

function patchOf(x: TypedReal, offset: number, v: TypedReal, d: number, signal: number, shown: number): PatchDto {
  const along = dot(x, offset, v, d);
  let rest = 0;
  for (let k = 0; k < d; k++) {
    const r = (x[offset + k] as number) - along * (v[k] as number);
    rest += r * r;
  }
  return { signal, along, noiseNorm: Math.sqrt(rest), head: Array.from(x.subarray(offset, offset + shown)) };
}

export function sampleData(config: RunConfig, options: { samples?: number; coordinates?: number } = {}): DataSamplesDto {
  const { K, P, d, n } = config.data;
  const perSample = K * P * d;
  const affordable = Math.floor(DATA_DRAW_BUDGET / perSample) - 1;
  if (affordable < 1) {
    throw new Error(
      `the data view draws at most ${DATA_DRAW_BUDGET.toLocaleString('en-US')} numbers, and one sample of this configuration has ` +
        `${perSample.toLocaleString('en-US')} (K x P x d); choose fewer patches or a smaller d to see its data`,
    );
  }
  const count = Math.min(n, options.samples ?? DEFAULT_DATA_SAMPLES, affordable);
  const shown = Math.min(d, options.coordinates ?? DEFAULT_DATA_COORDINATES);
  let addon;
  try {
    addon = loadNativeAddon();
  } catch (err) {
    throw new Error(`the data view needs the native engine: ${(err as Error).message}`);
  }
  const spec = toRunSpec({ ...config, data: { ...config.data, n: count, nTest: 1 } });
  const data = addon.generateData(spec);
  const features = data.v.map((v) => {
    let rest = 0;
    for (let k = shown; k < d; k++) rest += (v[k] as number) ** 2;
    return { head: Array.from(v.subarray(0, shown)), restNorm: Math.sqrt(rest) };
  });
  const samples = Array.from({ length: count }, (_, i) => ({
    index: i,
    label: data.yTrain[i] as number,
    modalities: Array.from({ length: K }, (_, r) => {
      const x = data.xTrain[r] as TypedReal;
      const v = data.v[r] as TypedReal;
      const signals = data.signalTrain[r] as TypedReal;
      const patches = Array.from({ length: P }, (_, p) => patchOf(x, (i * P + p) * d, v, d, signals[i * P + p] as number, shown));
      const signalPatch = patches.findIndex((patch) => patch.signal !== 0);
      return { insufficient: signalPatch < 0, signalPatch: signalPatch < 0 ? null : signalPatch, patches };
    }),
  }));
  return { K, P, d, shownCoordinates: shown, sampleCount: count, n, features, samples };
}
