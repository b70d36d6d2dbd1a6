import { describe, expect, it } from 'vitest';
import { nativeAvailable } from '../../src-main/engine/native-loader';
import type { NativeRunSpec } from '../../src-main/engine/native-types';
import { BlendingEstimator, blendingHoldoutCount, blendingTrainingPart } from '../../src-main/engine/reference/gradient-blending';
import { firstBitDifference } from './helpers/bitwise';
import { trainBatch } from './helpers/train-batch';
import { smallSpec } from '../support/small-spec';

/*
 * Gradient blending with re-estimated weights: the held-out split and the estimate on constructed
 * losses. The native engine's estimate is the same arithmetic: its trajectories match the
 * reference engine's with re-estimation on (reference-trajectory.test.ts), and the check below
 * shows re-estimation changes what the native engine trains.
 */
const softplus = (x: number): number => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
/** The output whose mean logistic loss over samples of label +1 is `loss`. */
const outputFor = (loss: number): number => -Math.log(Math.expm1(loss));

function blendingSpec(everySteps: number, holdout: number, over: Partial<NativeRunSpec['remedies']> = {}): NativeRunSpec {
  const base = smallSpec({ seed: 9, data: { K: 2, n: 20 } });
  return {
    ...base,
    remedies: {
      jointWeight: 1,
      unimodalWeights: [0, 0],
      dropout: [0, 0],
      ogm: { alpha: 0, noise: false, startStep: 0, endStep: 1e9 },
      blending: { everySteps, holdout },
      ...over,
    },
  };
}

describe("re-estimated gradient blending's held-out split", () => {
  it('holds out the rounded fraction of the training samples, the same for a seed and another for another seed', () => {
    const spec = blendingSpec(10, 0.25);
    const part = blendingTrainingPart(spec)!;
    expect(part.length).toBe(20);
    expect(part.filter((x) => x === 0).length).toBe(blendingHoldoutCount(20, 0.25));
    expect(blendingHoldoutCount(20, 0.25)).toBe(5);
    expect(blendingHoldoutCount(7, 0.5)).toBe(4);
    expect(Array.from(blendingTrainingPart(spec)!)).toEqual(Array.from(part));
    expect(Array.from(blendingTrainingPart({ ...spec, seed: 10 })!)).not.toEqual(Array.from(part));
    expect(blendingTrainingPart(blendingSpec(0, 0.25))).toBeNull();
  });
});

describe("re-estimated gradient blending's weights on constructed losses", () => {
  // Four samples, all of label +1: samples 0 and 1 trained on, 2 and 3 held out.
  const labels = [1, 1, 1, 1];
  const trained = Uint8Array.from([1, 1, 0, 0]);
  /** Outputs per modality such that each term has the given training and held-out losses. */
  const outputsWith = (encoder0: [number, number], encoder1: [number, number]): number[][] =>
    [encoder0, encoder1].map(([train, held]) => [outputFor(train), outputFor(train), outputFor(held), outputFor(held)]);

  it('moves the weight to the term whose held-out loss fell without its gap growing, keeping the sum', () => {
    const spec = blendingSpec(10, 0.5, { jointWeight: 1, unimodalWeights: [0.5, 0.5] });
    const estimator = new BlendingEstimator(spec, [0, 1]);
    expect(estimator.weights).toEqual({ joint: 1, unimodal: [0.5, 0.5] });
    // Encoder 0 generalises: both losses fall by 0.1. Encoder 1 overfits: its training loss falls
    // by 0.1, its held-out loss only by 0.01, so its gap grows by 0.09.
    estimator.observe(outputsWith([0.6, 0.6], [0.6, 0.6]), labels, trained);
    expect(estimator.weights).toEqual({ joint: 1, unimodal: [0.5, 0.5] });
    estimator.observe(outputsWith([0.5, 0.5], [0.5, 0.59]), labels, trained);
    const w = estimator.weights;
    expect(w.joint + (w.unimodal[0] as number) + (w.unimodal[1] as number)).toBeCloseTo(2, 12);
    // The estimate written out for the three terms (the joint term sees the sum of both outputs).
    const loss = (f: number): number => softplus(-f);
    const before = { joint: [loss(2 * outputFor(0.6)), loss(2 * outputFor(0.6))], e0: [0.6, 0.6], e1: [0.6, 0.6] };
    const now = {
      joint: [loss(outputFor(0.5) + outputFor(0.5)), loss(outputFor(0.5) + outputFor(0.59))],
      e0: [0.5, 0.5],
      e1: [0.5, 0.59],
    };
    const score = (b: number[], a: number[]): number => {
      const g = (b[1] as number) - (a[1] as number);
      const o = (a[1] as number) - (a[0] as number) - ((b[1] as number) - (b[0] as number));
      return g > 0 ? g / Math.max(o * o, 1e-12) : 0;
    };
    const scores = [score(before.joint, now.joint), score(before.e0, now.e0), score(before.e1, now.e1)];
    const sum = scores.reduce((a, b) => a + b, 0);
    expect(w.joint).toBeCloseTo((2 * (scores[0] as number)) / sum, 9);
    expect(w.unimodal[0]).toBeCloseTo((2 * (scores[1] as number)) / sum, 9);
    expect(w.unimodal[1]).toBeCloseTo((2 * (scores[2] as number)) / sum, 9);
    // Encoder 0 generalised with no gap growth, so it takes nearly all the weight.
    expect(w.unimodal[0]).toBeGreaterThan(1.99);
    expect(w.unimodal[1]).toBeLessThan(1e-6);
  });

  it('keeps the weights where no term generalised, and measures only where due', () => {
    const spec = blendingSpec(10, 0.5, { jointWeight: 0.8, unimodalWeights: [0.1, 0.3] });
    const estimator = new BlendingEstimator(spec, [0, 1]);
    estimator.observe(outputsWith([0.5, 0.5], [0.5, 0.5]), labels, trained);
    estimator.observe(outputsWith([0.4, 0.6], [0.4, 0.55]), labels, trained); // held-out losses rose
    expect(estimator.weights).toEqual({ joint: 0.8, unimodal: [0.1, 0.3] });
    expect([0, 5, 10, 20, -10].map((step) => estimator.due(step))).toEqual([true, false, true, true, false]);
    expect(new BlendingEstimator(blendingSpec(0, 0.5), [0, 1]).due(0)).toBe(false);
    // A unimodal mode has one term: nothing to blend.
    expect(new BlendingEstimator(spec, [0]).due(0)).toBe(false);
  });
});

describe.skipIf(!nativeAvailable())('re-estimated gradient blending in the native engine', () => {
  it('changes the joint run when the weights are re-estimated, against the same split with the weights held', async () => {
    const spec = {
      ...blendingSpec(5, 0.25, { unimodalWeights: [0.2, 0.2] }),
      train: { ...smallSpec().train, steps: 40, modes: ['joint' as const] },
    };
    // everySteps beyond the run: the split is the same, but the weights never change.
    const held = { ...spec, remedies: { ...spec.remedies!, blending: { everySteps: 1e6, holdout: 0.25 } } };
    const { results } = await trainBatch([spec, held], { threads: 1 });
    expect(results[0]?.error).toBeNull();
    expect(firstBitDifference(results[0]?.modes[0]?.weights, results[1]?.modes[0]?.weights)).not.toBeNull();
  });
});
