/**
 * The theory's predicted winner of a configuration, from its initial weights, for the editor to
 * show as the user types: the native addon draws the weights (the same draw the run will start
 * from) and the reference engine's rule scores them. Skipped (null) when the addon is missing or
 * the draw is too big to be instant.
 */
import type { PredictionDto } from '../api/lab-api';
import { toRunSpec } from '../config/resolve';
import type { RunConfig } from '../config/schema';
import { loadNativeAddon } from '../engine/native-loader';
import type { TypedReal } from '../engine/native-types';
import { headShape } from '../engine/reference/head';
import { alignmentsOf, featureAlignment } from '../engine/reference/metrics';
import { predictWinner } from '../engine/reference/predicted-winner';

/** Numbers drawn for a prediction above which it is skipped (a few milliseconds of work). */
export const PREDICTION_BUDGET = 4_000_000;

function drawSize(config: RunConfig): number {
  const { K, d, n, nTest, P } = config.data;
  const weights = K * config.model.m * d;
  // A random dictionary is drawn with the data, so the whole data set has to be generated.
  const data = config.data.dictionary === 'random' ? K * (n + nTest) * P * d : 0;
  return weights + data;
}

function basisVector(d: number): Float64Array {
  const v = new Float64Array(d);
  v[0] = 1;
  return v;
}

export function predictFromInitialWeights(config: RunConfig): PredictionDto | null {
  if (drawSize(config) > PREDICTION_BUDGET) return null;
  let addon;
  try {
    addon = loadNativeAddon();
  } catch {
    return null;
  }
  const spec = toRunSpec(config);
  const { K, d } = spec.data;
  const weights = addon.initialWeights(spec);
  const features: TypedReal[] =
    spec.data.dictionary === 'random' ? addon.generateData(spec).v : Array.from({ length: K }, () => basisVector(d));
  const head = headShape(spec.model);
  const initialGamma = weights.map((w, r) => featureAlignment(alignmentsOf(w, features[r] as TypedReal, spec.model.m, d), head).gamma);
  const { winner, scores } = predictWinner(spec, initialGamma);
  return { winner, scores, initialGamma };
}
