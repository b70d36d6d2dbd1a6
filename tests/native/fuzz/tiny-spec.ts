/**
 * Random valid run specs small enough that the engine answers in well under a millisecond, so
 * thousands of calls fit the time budget. Every optional part (imported data, imported initial
 * weights, a subset of modes, mini-batches) appears in some draws.
 */
import type { SeededRandom } from '../../support/seeded-random';

/** The shape facts a mutation needs to know to judge whether a value is valid. */
export interface SpecShape {
  K: number;
  d: number;
  P: number;
  n: number;
  nTest: number;
  m: number;
  head: 'twoClass' | 'odd';
  precision: 'f32' | 'f64';
}

export type PlainSpec = Record<string, unknown>;

function labels(random: SeededRandom, count: number): Float64Array {
  return Float64Array.from({ length: count }, () => random.sign());
}

function reals(random: SeededRandom, count: number, scale: number): Float64Array {
  return random.normals(count, scale);
}

function modeList(random: SeededRandom, K: number): string[] {
  const all = ['joint', ...Array.from({ length: K }, (_, r) => `unimodal:${r}`)];
  const chosen = all.filter(() => random.uniform() < 0.6);
  return chosen.length > 0 ? chosen : ['joint'];
}

export function drawTinySpec(random: SeededRandom): { spec: PlainSpec; shape: SpecShape } {
  const K = random.integer(1, 3);
  const d = random.integer(1, 6);
  const P = random.integer(1, 3);
  const n = random.integer(1, 5);
  const nTest = random.integer(1, 4);
  const head = random.uniform() < 0.7 ? 'twoClass' : 'odd';
  const m = head === 'twoClass' ? 2 * random.integer(1, 3) : random.integer(1, 5);
  const precision = random.uniform() < 0.5 ? 'f32' : 'f64';
  const batchSize = random.integer(0, n);
  const spec: PlainSpec = {
    seed: random.integer(0, 1000),
    data: {
      K,
      d,
      P,
      n,
      nTest,
      alpha: Array.from({ length: K }, () => random.uniform() * 2),
      mu: Array.from({ length: K }, () => random.uniform() * 0.3),
      sigmaXi: random.uniform(),
      insufficiency: random.pick(['independent', 'disjoint']),
      dictionary: random.pick(['basis', 'random']),
      noiseOrthogonal: random.uniform() < 0.5,
      cleanSignal: random.uniform() < 0.5,
      nuisanceCount: random.integer(0, d),
      nuisanceScale: random.uniform(),
    },
    model: { m, q: random.pick([1, 2, 3, 4.5]), rho: 0.1, sigma0: 0.05, head, headScale: random.pick(['one', 'inverseM']) },
    train: {
      eta: 0.1,
      steps: random.integer(0, 3),
      recordEvery: random.integer(1, 2),
      modes: modeList(random, K),
      batchSize,
      weightDecay: random.uniform() < 0.5 ? 0 : 0.01,
    },
    precision,
  };
  if (random.uniform() < 0.25) {
    spec['importedData'] = {
      yTrain: labels(random, n),
      yTest: labels(random, nTest),
      xTrain: Array.from({ length: K }, () => reals(random, n * P * d, 0.5)),
      xTest: Array.from({ length: K }, () => reals(random, nTest * P * d, 0.5)),
      ...(random.uniform() < 0.5
        ? { v: Array.from({ length: K }, () => Float64Array.from({ length: d }, (_, k) => (k === 0 ? 1 : 0))) }
        : {}),
    };
  }
  if (random.uniform() < 0.4) {
    spec['remedies'] = {
      jointWeight: random.pick([1, 0.5]),
      unimodalWeights: Array.from({ length: K }, () => random.pick([0, 0.5, 1])),
      dropout: Array.from({ length: K }, () => random.pick([0, 0.3, 1])),
      ogm: { alpha: random.pick([0, 1]), noise: random.uniform() < 0.3, startStep: random.integer(0, 1), endStep: random.integer(1, 3) },
      // Re-estimated blending where it is valid: both sides of a half split hold a sample, full batch.
      blending:
        n >= 2 && (batchSize === 0 || batchSize === n) && random.uniform() < 0.4
          ? { everySteps: random.integer(1, 2), holdout: 0.5 }
          : { everySteps: 0, holdout: 0.2 },
    };
  }
  if (random.uniform() < 0.25) spec['importedInit'] = Array.from({ length: K }, () => reals(random, m * d, 0.05));
  return { spec, shape: { K, d, P, n, nTest, m, head, precision } };
}

/** Deep copy that keeps typed arrays typed (structuredClone does). */
export function cloneSpec(spec: PlainSpec): PlainSpec {
  return structuredClone(spec);
}

/** Correct initial weights for `evaluate`: K arrays of m*d values in the spec's precision. */
export function validWeights(random: SeededRandom, shape: SpecShape): (Float32Array | Float64Array)[] {
  return Array.from({ length: shape.K }, () => {
    const values = random.normals(shape.m * shape.d, 0.1);
    return shape.precision === 'f32' ? Float32Array.from(values) : values;
  });
}
