import { describe, expect, it } from 'vitest';
import { loadNativeAddon, nativeAvailable } from '../../src-main/engine/native-loader';
import type { NativeDataset, NativeRemedies, NativeRunSpec, TypedReal } from '../../src-main/engine/native-types';
import { referenceLossAndGrads } from '../../src-main/engine/reference';
import { encoderOutputs } from '../../src-main/engine/reference/float64-forward';
import { headShape } from '../../src-main/engine/reference/head';
import { parseMode } from '../../src-main/engine/reference/modes';
import { blendingTrainingPart } from '../../src-main/engine/reference/gradient-blending';
import { dropoutKeep } from '../../src-main/engine/reference/remedies';
import { centralDifferences, checkableWeights, normwiseRelativeError } from '../support/float64-loss';
import { smallSpec } from '../support/small-spec';

/*
 * Gradient checks of every remedy that changes the loss (unimodal auxiliary losses, gradient
 * blending with fixed or re-estimated weights, modality dropout, and three at once), for K = 2
 * and K = 3, at a training step (so dropout's masks of that step apply):
 *   - the native f64 gradient against central differences of the native loss: 1e-5 (as the
 *     plain gradient checks, whose reasoning holds unchanged: the remedied loss is a weighted
 *     sum of logistic losses of the same smooth outputs);
 *   - the native f32 and f64 gradients against tfjs autodiff of the reference engine (f32): 1e-3;
 *   - the native loss against the remedied loss written out below in float64 from the plain
 *     TypeScript forward, with the reference engine's copy of the counter-based masks: 1e-10.
 *     This is what shows both engines drop the very same modalities of the very same samples,
 *     and hold out the very same samples for re-estimated blending.
 * OGM-GE scales the update, which is no gradient of a loss, so its factor is checked here against
 * its formula written out, in both engines, on constructed states.
 */
const FD_TOLERANCE = 1e-5;
const TFJS_TOLERANCE = 1e-3;
const FLOAT64_AGREEMENT = 1e-10;
const KINK_CLEARANCE = 1e-4;
const STEP = 3;

function remedies(K: number, over: Partial<NativeRemedies>): NativeRemedies {
  const zeros = Array<number>(K).fill(0);
  return {
    jointWeight: 1,
    unimodalWeights: zeros,
    dropout: [...zeros],
    ogm: { alpha: 0, noise: false, startStep: 0, endStep: 1e9 },
    ...over,
  };
}

const softplus = (x: number): number => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

function outputsByModality(spec: NativeRunSpec, dataset: NativeDataset, weights: TypedReal[]): Float64Array[] {
  const { n, P, d } = spec.data;
  const { m, q, rho } = spec.model;
  const head = headShape(spec.model);
  return weights.map((w, r) => encoderOutputs(dataset.xTrain[r] as TypedReal, w, { n, P, d, m, q, rho }, head));
}

/**
 * w_0 mean softplus(-y sum_r keep_r f_r) + sum_r lambda_r mean softplus(-y f_r), in float64, the
 * means over re-estimated blending's training part where it holds samples out.
 */
function remediedLoss(spec: NativeRunSpec, dataset: NativeDataset, weights: TypedReal[], step: number): number {
  const r = spec.remedies as NativeRemedies;
  const f = outputsByModality(spec, dataset, weights);
  const keep = dropoutKeep(spec, parseMode('joint', spec.data.K), step);
  const trained = blendingTrainingPart(spec);
  let total = 0;
  let count = 0;
  for (let i = 0; i < spec.data.n; i++) {
    if (trained && !trained[i]) continue;
    count++;
    const y = dataset.yTrain[i] as number;
    let fused = 0;
    f.forEach((part, k) => (fused += keep && keep[k]![i] === 0 ? 0 : part[i]!));
    total += r.jointWeight * softplus(-y * fused);
    f.forEach((part, k) => (total += (r.unimodalWeights[k] ?? 0) * softplus(-y * part[i]!)));
  }
  return total / count;
}

const cases = (K: number): { label: string; over: Partial<NativeRemedies> }[] => [
  { label: 'unimodal auxiliary losses', over: { unimodalWeights: Array.from({ length: K }, (_, r) => 1 - 0.3 * r) } },
  {
    label: 'gradient blending, fixed weights',
    over: { jointWeight: 0.4, unimodalWeights: Array.from({ length: K }, (_, r) => 0.2 + 0.1 * r) },
  },
  { label: 'modality dropout', over: { dropout: Array.from({ length: K }, (_, r) => 0.5 - 0.1 * r) } },
  {
    // Evaluated on a fresh network, so at the starting weights; the held-out samples leave the loss.
    label: 'gradient blending, re-estimated weights (a third of the samples held out)',
    over: { jointWeight: 0.6, unimodalWeights: Array<number>(K).fill(0.3), blending: { everySteps: 2, holdout: 1 / 3 } },
  },
  {
    label: 'all three at once',
    over: { jointWeight: 0.7, unimodalWeights: Array<number>(K).fill(0.5), dropout: Array<number>(K).fill(0.4) },
  },
];

describe.skipIf(!nativeAvailable())('gradients of the remedied loss (native against finite differences and the reference engine)', () => {
  for (const K of [2, 3]) {
    for (const { label, over } of cases(K)) {
      it(`K = ${K}: ${label}`, async () => {
        const addon = loadNativeAddon();
        const spec: NativeRunSpec = {
          ...smallSpec({ seed: 20 + K, data: { K, n: 12, d: 8 }, train: { modes: ['joint'] } }),
          remedies: remedies(K, over),
        };
        const dataset = addon.generateData(spec);
        const weights = checkableWeights(spec, dataset, 'joint', 100 + K, 0.4, KINK_CLEARANCE);
        const native = addon.evaluate(spec, weights, 'joint', STEP);

        const exact = remediedLoss(spec, dataset, weights, STEP);
        expect(Math.abs(native.loss - exact) / exact, 'native loss vs the float64 remedied loss').toBeLessThan(FLOAT64_AGREEMENT);
        // The remedy changes the loss (else the checks below would only repeat the plain ones).
        expect(Math.abs(addon.evaluate({ ...spec, remedies: undefined }, weights, 'joint', STEP).loss - native.loss)).toBeGreaterThan(1e-6);

        const fd = centralDifferences((w) => addon.evaluate(spec, w, 'joint', STEP).loss, weights);
        expect(normwiseRelativeError(native.grads, fd), 'native f64 vs finite differences').toBeLessThan(FD_TOLERANCE);

        const reference = await referenceLossAndGrads(spec, dataset, weights, 'joint', STEP);
        expect(normwiseRelativeError(reference.grads, native.grads), 'reference (tfjs f32) vs native f64').toBeLessThan(TFJS_TOLERANCE);
        const single = addon.evaluate(
          { ...spec, precision: 'f32' },
          weights.map((w) => Float32Array.from(w)),
          'joint',
          STEP,
        );
        expect(normwiseRelativeError(reference.grads, single.grads), 'reference (tfjs f32) vs native f32').toBeLessThan(TFJS_TOLERANCE);
        expect(Math.abs(reference.loss - native.loss) / native.loss).toBeLessThan(TFJS_TOLERANCE);
      });
    }
  }

  it('drops modalities at the rate asked, never all of a sample, with fresh masks each step', () => {
    const K = 3;
    const spec: NativeRunSpec = { ...smallSpec({ data: { K, n: 2000 } }), remedies: remedies(K, { dropout: [0.5, 0.2, 0] }) };
    const mode = parseMode('joint', K);
    const a = dropoutKeep(spec, mode, 0)!;
    const b = dropoutKeep(spec, mode, 1)!;
    const dropped = (keep: Float32Array[], r: number): number => keep[r]!.reduce((sum, k) => sum + (1 - k), 0) / spec.data.n;
    // 2000 Bernoulli draws: a standard deviation of at most 0.011, so 0.05 is over four of them.
    expect(Math.abs(dropped(a, 0) - 0.5)).toBeLessThan(0.05);
    expect(Math.abs(dropped(a, 1) - 0.2)).toBeLessThan(0.05);
    expect(dropped(a, 2)).toBe(0);
    for (let i = 0; i < spec.data.n; i++) expect(a.some((keep) => keep[i] === 1)).toBe(true);
    expect(a[0]!.some((keep, i) => keep !== b[0]![i])).toBe(true);
    // Every modality at p = 1: each sample still keeps exactly one.
    const all = dropoutKeep({ ...spec, remedies: remedies(K, { dropout: [1, 1, 1] }) }, mode, 0)!;
    for (let i = 0; i < spec.data.n; i++) expect(all.reduce((sum, keep) => sum + keep[i]!, 0)).toBe(1);
    // Outside training (a negative step) and in unimodal modes there is no dropout.
    expect(dropoutKeep(spec, mode, -1)).toBeNull();
    expect(dropoutKeep(spec, parseMode('unimodal:0', K), 0)).toBeNull();
  });
});

/**
 * Weights under which modality 0 dominates: each of its neurons gets a component along its
 * feature v_0 with the sign of its head weight, so f_0 agrees with the labels; the others stay small.
 */
function dominantWeights(spec: NativeRunSpec, dataset: NativeDataset, seed: number): Float64Array[] {
  const { d } = spec.data;
  const signs = headShape(spec.model).signs;
  const v = dataset.v[0] as TypedReal;
  return checkableWeights(spec, dataset, 'joint', seed, 0.1, KINK_CLEARANCE).map((w, r) => {
    if (r !== 0) return w;
    const out = Float64Array.from(w);
    for (let j = 0; j < spec.model.m; j++) for (let k = 0; k < d; k++) out[j * d + k]! += (signs[j] ?? 1) * (v[k] as number);
    return out;
  });
}

describe.skipIf(!nativeAvailable())('OGM-GE gradient modulation on constructed states', () => {
  /** The factor written out: s_r = sum sigmoid(y f_r); ratio to the others' mean; 1 - tanh(alpha (ratio - 1)) above 1. */
  function expectedFactors(f: Float64Array[], y: ArrayLike<number>, alpha: number): number[] {
    const s = f.map((part) => part.reduce((sum, v, i) => sum + sigmoid((y[i] as number) * v), 0));
    const total = s.reduce((a, b) => a + b, 0);
    return s.map((own) => {
      const ratio = own / ((total - own) / (s.length - 1));
      return ratio > 1 ? 1 - Math.tanh(alpha * (ratio - 1)) : 1;
    });
  }

  for (const K of [2, 3]) {
    it(`K = ${K}: slows the dominant encoder by 1 - tanh(alpha (ratio - 1)), only inside its window`, async () => {
      const addon = loadNativeAddon();
      const alpha = 2;
      const spec: NativeRunSpec = {
        ...smallSpec({ seed: 30 + K, data: { K, n: 12, d: 8 }, train: { modes: ['joint'], steps: 20 } }),
        remedies: remedies(K, { ogm: { alpha, noise: false, startStep: 2, endStep: 10 } }),
      };
      const dataset = addon.generateData(spec);
      const weights = dominantWeights(spec, dataset, 200 + K);
      const f = outputsByModality(spec, dataset, weights);
      const expected = expectedFactors(f, dataset.yTrain, alpha);
      expect(expected[0]).toBeLessThan(0.9);
      expected.slice(1).forEach((k) => expect(k).toBe(1));

      const native = addon.evaluate(spec, weights, 'joint', 5);
      native.gradientScale.forEach((k, r) => expect(k, `native factor ${r}`).toBeCloseTo(expected[r]!, 10));
      const reference = await referenceLossAndGrads(spec, dataset, weights, 'joint', 5);
      reference.gradientScale.forEach((k, r) => expect(Math.abs(k - expected[r]!), `reference factor ${r}`).toBeLessThan(1e-4));
      // The loss and its gradient are the plain joint ones: OGM acts on the update only.
      const plain = addon.evaluate({ ...spec, remedies: undefined }, weights, 'joint', 5);
      expect(native.loss).toBe(plain.loss);
      // Before and after its window, and in a unimodal mode, it does nothing.
      for (const step of [1, 10]) expect(addon.evaluate(spec, weights, 'joint', step).gradientScale).toEqual(Array<number>(K).fill(1));
      expect(addon.evaluate(spec, weights, 'unimodal:0', 5).gradientScale[0]).toBe(1);
    });
  }

  it("lowers the dominant encoder's share of the applied gradient in a recorded step", async () => {
    const addon = loadNativeAddon();
    const base = smallSpec({ seed: 41, data: { K: 2, n: 12, d: 8 }, train: { modes: ['joint'], steps: 1, recordEvery: 1 } });
    const spec: NativeRunSpec = { ...base, remedies: remedies(2, { ogm: { alpha: 2, noise: false, startStep: 0, endStep: 1e9 } }) };
    const dataset = addon.generateData(spec);
    const weights = dominantWeights(spec, dataset, 241);
    const factor = addon.evaluate(spec, weights, 'joint', 0).gradientScale;
    expect(factor[0]).toBeLessThan(0.9);
    const { trainNativeOnce } = await import('../support/native-train');
    const withImports = (s: NativeRunSpec): NativeRunSpec => ({ ...s, importedInit: weights });
    const plain = (await trainNativeOnce(withImports(base))).modes[0]!.series;
    const modulated = (await trainNativeOnce(withImports(spec))).modes[0]!.series;
    const share0 = (series: typeof plain): number => series.scalars[series.scalarNames.indexOf('gradShare0')]!;
    const norm = (series: typeof plain, r: number): number => series.scalars[series.scalarNames.indexOf(`gradNorm${r}`)]!;
    // Step 0's record: the same gradient norms, the dominant share scaled down by the factor.
    expect(norm(modulated, 0)).toBe(norm(plain, 0));
    const expectedShare = (factor[0]! * norm(plain, 0)) / (factor[0]! * norm(plain, 0) + norm(plain, 1));
    expect(share0(modulated)).toBeCloseTo(expectedShare, 12);
    expect(share0(modulated)).toBeLessThan(share0(plain));
  });
});

describe.skipIf(!nativeAvailable())("OGM-GE's noise on a constructed state", () => {
  /** Mean and unbiased standard deviation of the entries. */
  function moments(x: ArrayLike<number>): { mean: number; std: number } {
    let sum = 0;
    for (let i = 0; i < x.length; i++) sum += x[i] as number;
    const mean = sum / x.length;
    let ss = 0;
    for (let i = 0; i < x.length; i++) ss += ((x[i] as number) - mean) ** 2;
    return { mean, std: Math.sqrt(ss / (x.length - 1)) };
  }

  it("adds Gaussian noise of each gradient's own spread to every encoder's update, only inside its window", async () => {
    const addon = loadNativeAddon();
    const K = 2;
    // 40 x 50 = 2000 weights per encoder: the sample deviation of 2000 standard normals is 1
    // within 0.016 (one standard deviation), so the 0.1 below is over six of them.
    const base = smallSpec({
      seed: 51,
      data: { K, n: 12, d: 50 },
      model: { m: 40 },
      train: { modes: ['joint'], steps: 1, recordEvery: 1 },
    });
    const quiet: NativeRunSpec = { ...base, remedies: remedies(K, { ogm: { alpha: 0, noise: false, startStep: 0, endStep: 1e9 } }) };
    const noisy: NativeRunSpec = { ...base, remedies: remedies(K, { ogm: { alpha: 0, noise: true, startStep: 0, endStep: 1e9 } }) };
    const dataset = addon.generateData(base);
    const weights = checkableWeights(base, dataset, 'joint', 251, 0.1, KINK_CLEARANCE);
    const grads = addon.evaluate(quiet, weights, 'joint', 0).grads;
    const { trainNativeOnce } = await import('../support/native-train');
    const after = async (s: NativeRunSpec) => (await trainNativeOnce({ ...s, importedInit: weights })).modes[0]!.weights;
    const plain = await after(quiet);
    const withNoise = await after(noisy);
    const eta = base.train.eta;
    const noise = plain.map((w, r) => Float64Array.from(w, (v, i) => (v - (withNoise[r]![i] as number)) / eta));
    for (let r = 0; r < K; r++) {
      const drawn = moments(noise[r]!);
      const gradient = moments(grads[r]!);
      expect(gradient.std).toBeGreaterThan(0);
      // Standardised by the gradient's own spread, the noise is a standard normal sample.
      expect(Math.abs(drawn.std / gradient.std - 1), `encoder ${r}: noise spread / gradient spread`).toBeLessThan(0.1);
      expect(Math.abs(drawn.mean / gradient.std), `encoder ${r}: noise mean`).toBeLessThan(0.1);
    }
    // Each encoder draws its own noise (uncorrelated between the two streams).
    const a = noise[0]!,
      b = noise[1]!;
    const ma = moments(a),
      mb = moments(b);
    let cov = 0;
    for (let i = 0; i < a.length; i++) cov += ((a[i] as number) - ma.mean) * ((b[i] as number) - mb.mean);
    expect(Math.abs(cov / (a.length - 1) / (ma.std * mb.std))).toBeLessThan(0.1);
    // Outside its window the update is the plain one, bit for bit.
    const late = await after({ ...noisy, remedies: remedies(K, { ogm: { alpha: 0, noise: true, startStep: 1, endStep: 1e9 } }) });
    late.forEach((w, r) => expect(Array.from(w)).toEqual(Array.from(plain[r]!)));
  });
});

describe.skipIf(!nativeAvailable())("the loss remedies on a constructed state: the loser's gradient turns toward its own objective", () => {
  const norm = (x: ArrayLike<number>): number => Math.sqrt(Array.from(x).reduce((s, v) => s + v * v, 0));
  const cosine = (a: ArrayLike<number>, b: ArrayLike<number>): number =>
    Array.from(a).reduce((s, v, i) => s + v * (b[i] as number), 0) / (norm(a) * norm(b));

  it("auxiliary losses, blending and dropout raise encoder 1's gradient share and its cosine with its unimodal gradient; OGM leaves its gradient alone", () => {
    const addon = loadNativeAddon();
    const K = 2;
    const base = smallSpec({ seed: 61, data: { K, n: 12, d: 8 }, train: { modes: ['joint'], steps: 40 } });
    const dataset = addon.generateData(base);
    // Modality 0 dominates: the joint margins are large, so the plain joint loss asks little of encoder 1.
    const weights = dominantWeights(base, dataset, 261);
    const plain = addon.evaluate(base, weights, 'joint', 0).grads;
    const own = addon.evaluate(base, weights, 'unimodal:1', 0).grads[1]!;
    const share = (g: ArrayLike<number>[]): number => norm(g[1]!) / (norm(g[0]!) + norm(g[1]!));
    const plainCosine = cosine(plain[1]!, own);

    /** Encoder gradients of a remedy, averaged over the masks of steps 0-19 (dropout draws fresh ones each step). */
    const remedied = (over: Partial<NativeRemedies>): Float64Array[] => {
      const spec: NativeRunSpec = { ...base, remedies: remedies(K, over) };
      const sum = weights.map((w) => new Float64Array(w.length));
      for (let step = 0; step < 20; step++) {
        addon.evaluate(spec, weights, 'joint', step).grads.forEach((g, r) => g.forEach((v, i) => (sum[r]![i]! += v / 20)));
      }
      return sum;
    };
    const arms: [string, Partial<NativeRemedies>][] = [
      ['auxiliary losses, lambda 1', { unimodalWeights: [1, 1] }],
      ['gradient blending 0.5 / 0.2 / 0.8', { jointWeight: 0.5, unimodalWeights: [0.2, 0.8] }],
      ['dropout of modality 0, p 0.5', { dropout: [0.5, 0] }],
    ];
    for (const [label, over] of arms) {
      const g = remedied(over);
      expect(share(g), `${label}: encoder 1's gradient share`).toBeGreaterThan(share(plain));
      expect(cosine(g[1]!, own), `${label}: cosine with encoder 1's unimodal gradient`).toBeGreaterThan(plainCosine);
    }
    // OGM scales only the dominant encoder's update: encoder 1's gradient is the plain one, bit for bit.
    const ogmSpec: NativeRunSpec = { ...base, remedies: remedies(K, { ogm: { alpha: 2, noise: false, startStep: 0, endStep: 1e9 } }) };
    const ogm = addon.evaluate(ogmSpec, weights, 'joint', 0);
    expect(ogm.gradientScale[0]).toBeLessThan(1);
    expect(ogm.gradientScale[1]).toBe(1);
    expect(Array.from(ogm.grads[1]!)).toEqual(Array.from(plain[1]!));
  });
});
