import { describe, expect, it } from 'vitest';
import { loadNativeAddon, nativeAvailable } from '../../src-main/engine/native-loader';
import type { NativeRunResult, NativeRunSpec } from '../../src-main/engine/native-types';
import { smallSpec } from '../support/small-spec';
import { firstBitDifference } from './helpers/bitwise';
import { trainBatch } from './helpers/train-batch';

/*
 * The engine promises results that are a pure function of the config: bit-identical for any
 * thread count, and for a run trained inside a batch (one run per thread, each single-threaded)
 * or alone (all threads inside the run). The configs are chosen to stress the kernels' edges:
 * K = 3, P = 3, m and d not multiples of 16 (the kernels' register block), n = 150 > 64 (more
 * than one data-generation chunk), mini-batches and weight decay, both heads, f32 and f64.
 */
const PRECISIONS: NativeRunSpec['precision'][] = ['f32', 'f64'];
const HEADS = [
  { head: 'twoClass' as const, m: 18 },
  { head: 'odd' as const, m: 19 },
];

function edgeSpec(seed: number, precision: NativeRunSpec['precision'], head: 'twoClass' | 'odd', m: number): NativeRunSpec {
  return smallSpec({
    seed,
    data: { K: 3, P: 3, d: 37, n: 150, nTest: 70, alpha: [1, 0.7, 0.5], mu: [0.2, 0.1, 0.3], sigmaXi: 0.2 },
    model: { m, q: 3, rho: 0.1, sigma0: 0.02, head, headScale: 'one' },
    // recordEvery 7 does not divide steps 30, so the final record is an off-cadence one.
    train: { eta: 0.5, steps: 30, recordEvery: 7, batchSize: 32, weightDecay: 0.01 },
    precision,
  });
}

// Wall-clock timings are measurements, not results: they are left out of every comparison.
function withoutTimings(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTimings);
  if (value && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([key]) => key !== 'timing')
        .map(([key, inner]) => [key, withoutTimings(inner)]),
    );
  }
  return value;
}

function expectBitIdentical(a: unknown, b: unknown, label: string): void {
  expect(firstBitDifference(withoutTimings(a), withoutTimings(b)), label).toBeNull();
}

async function trainAlone(spec: NativeRunSpec, threads: number): Promise<NativeRunResult> {
  const { results } = await trainBatch([spec], { threads });
  return results[0] as NativeRunResult;
}

describe.skipIf(!nativeAvailable())('native engine determinism', () => {
  for (const precision of PRECISIONS) {
    for (const { head, m } of HEADS) {
      const label = `${precision}, ${head} head, m=${m}`;

      it(`gives bit-identical summaries, series and weights for 1, 2 and 3 threads (${label})`, async () => {
        const spec = edgeSpec(5, precision, head, m);
        const oneThread = await trainAlone(spec, 1);
        const twoThreads = await trainAlone(spec, 2);
        // More threads than this machine's cores: a different split of the same work.
        const threeThreads = await trainAlone(spec, 3);
        // Guard against a vacuous comparison: every mode trained every step and recorded.
        expect(oneThread.modes.map((mode) => mode.stepsRun)).toEqual([30, 30, 30, 30]);
        expect(oneThread.modes[0]?.series.steps.length).toBe(6); // steps 0, 7, 14, 21, 28 and 30
        expectBitIdentical(oneThread, twoThreads, `${label}: 1 vs 2 threads`);
        expectBitIdentical(oneThread, threeThreads, `${label}: 1 vs 3 threads`);
      });

      it(`trains a batch in one call exactly as one run at a time (${label})`, async () => {
        const specs = [11, 12, 13].map((seed) => edgeSpec(seed, precision, head, m));
        // Three runs on two threads: one run per thread, each single-threaded inside.
        const { results: batched } = await trainBatch(specs, { threads: 2 });
        for (const [index, spec] of specs.entries()) {
          // One run on two threads: both threads work inside the run.
          const alone = await trainAlone(spec, 2);
          expectBitIdentical({ ...batched[index], index: 0 }, alone, `${label}, run ${index}`);
        }
      });

      it(`changes summaries, series and weights when the seed changes (${label})`, async () => {
        const first = await trainAlone(edgeSpec(5, precision, head, m), 2);
        const second = await trainAlone(edgeSpec(6, precision, head, m), 2);
        const [jointA, jointB] = [first.modes[0], second.modes[0]];
        expect(jointA?.final.trainLoss).not.toBe(jointB?.final.trainLoss);
        expect(firstBitDifference(jointA?.series.scalars, jointB?.series.scalars)).not.toBeNull();
        expect(firstBitDifference(jointA?.series.alignments, jointB?.series.alignments)).not.toBeNull();
        expect(firstBitDifference(jointA?.weights, jointB?.weights)).not.toBeNull();
      });
    }

    it(`generates the same data and initial weights on every call, and a changed seed changes them (${precision})`, () => {
      const addon = loadNativeAddon();
      const spec = edgeSpec(5, precision, 'twoClass', 18);
      expectBitIdentical(addon.generateData(spec), addon.generateData(spec), 'generateData');
      expectBitIdentical(addon.initialWeights(spec), addon.initialWeights(spec), 'initialWeights');
      const reseeded = { ...spec, seed: 6 };
      expect(firstBitDifference(addon.generateData(spec).xTrain, addon.generateData(reseeded).xTrain)).not.toBeNull();
      expect(firstBitDifference(addon.generateData(spec).yTrain, addon.generateData(reseeded).yTrain)).not.toBeNull();
      expect(firstBitDifference(addon.initialWeights(spec), addon.initialWeights(reseeded))).not.toBeNull();
    });

    it(`uses the same data and initial weights whatever the thread count (${precision})`, async () => {
      // generateData/initialWeights/evaluate always use every hardware thread (no option), so
      // thread independence is checked against training on exactly one thread: with 0 steps the
      // final weights are the initial weights, and the step-0 train loss is the loss that
      // evaluate computes on its own data draw at those weights (full batch, same summation).
      const addon = loadNativeAddon();
      for (const { head, m } of HEADS) {
        const spec: NativeRunSpec = {
          ...edgeSpec(5, precision, head, m),
          train: { ...edgeSpec(5, precision, head, m).train, steps: 0, batchSize: 0 },
        };
        const initial = addon.initialWeights(spec);
        for (const threads of [1, 2]) {
          const result = await trainAlone(spec, threads);
          const joint = result.modes[0];
          expectBitIdentical(joint?.weights, initial, `${precision} ${head}: weights after 0 steps on ${threads} thread(s)`);
          const evaluation = addon.evaluate(spec, initial, 'joint');
          expect(Object.is(joint?.series.scalars[0], evaluation.loss), `${precision} ${head}: step-0 loss on ${threads} thread(s)`).toBe(
            true,
          );
        }
      }
    });
  }
});

/**
 * Each balancing remedy on the edge configuration (mini-batches and weight decay included;
 * re-estimated blending, which trains the full batch of its training part, on the full batch).
 */
const REMEDIES: { label: string; remedies: NonNullable<NativeRunSpec['remedies']>; fullBatch?: boolean }[] = (() => {
  const off = {
    jointWeight: 1,
    unimodalWeights: [0, 0, 0],
    dropout: [0, 0, 0],
    ogm: { alpha: 0, noise: false, startStep: 0, endStep: 1e9 },
  };
  return [
    { label: 'unimodal auxiliary losses', remedies: { ...off, unimodalWeights: [1, 0.5, 1] } },
    { label: 'gradient blending', remedies: { ...off, jointWeight: 0.5, unimodalWeights: [0.2, 0.3, 0.4] } },
    { label: 'modality dropout', remedies: { ...off, dropout: [0.3, 0.5, 0.1] } },
    { label: 'OGM-GE with noise', remedies: { ...off, ogm: { alpha: 1, noise: true, startStep: 3, endStep: 25 } } },
    {
      label: 'gradient blending, weights re-estimated every 4 steps',
      remedies: { ...off, jointWeight: 0.5, unimodalWeights: [0.2, 0.3, 0.4], blending: { everySteps: 4, holdout: 0.3 } },
      fullBatch: true,
    },
  ];
})();

describe.skipIf(!nativeAvailable())('native engine determinism under each remedy', () => {
  for (const precision of PRECISIONS) {
    for (const { label, remedies, fullBatch } of REMEDIES) {
      it(`${label} (${precision}): bit-identical for 1, 2 and 3 threads and inside or outside a batch`, async () => {
        const edge = edgeSpec(5, precision, 'twoClass', 18);
        const spec: NativeRunSpec = { ...edge, train: fullBatch ? { ...edge.train, batchSize: 0 } : edge.train, remedies };
        const oneThread = await trainAlone(spec, 1);
        expect(oneThread.modes.map((mode) => mode.stepsRun)).toEqual([30, 30, 30, 30]);
        expectBitIdentical(oneThread, await trainAlone(spec, 2), `${label}: 1 vs 2 threads`);
        expectBitIdentical(oneThread, await trainAlone(spec, 3), `${label}: 1 vs 3 threads`);
        const specs = [spec, { ...spec, seed: 6 }, { ...spec, seed: 7 }];
        const { results: batched } = await trainBatch(specs, { threads: 2 });
        expectBitIdentical({ ...batched[0], index: 0 }, oneThread, `${label}: in a batch vs alone`);
        // Not vacuous: the remedy changes the joint run, and leaves the unimodal runs alone.
        const plain = await trainAlone({ ...spec, remedies: undefined }, 2);
        expect(firstBitDifference(plain.modes[0]?.weights, oneThread.modes[0]?.weights)).not.toBeNull();
        expectBitIdentical(plain.modes.slice(1), oneThread.modes.slice(1), `${label}: unimodal modes unchanged`);
      });
    }
  }
});
