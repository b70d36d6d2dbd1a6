import { describe, expect, it } from 'vitest';
import type { NativeProgress, NativeRunSpec } from '../../src-main/engine/native-types';
import { nativeAvailable } from '../../src-main/engine/native-loader';
import { datasetFromImport, referenceLossAndGrads, scalarNamesFor, trainReference } from '../../src-main/engine/reference';
import { float64Loss } from '../support/float64-loss';
import { smallSpec, type SmallSpecOverrides } from '../support/small-spec';
import { syntheticImport, syntheticWeights } from '../support/synthetic-data';

/** A small spec with TypeScript-drawn data and weights imported, so no native addon is needed. */
function importedSpec(overrides: SmallSpecOverrides = {}, weightScale = 0.05): NativeRunSpec {
  const spec = smallSpec(overrides);
  spec.importedData = syntheticImport(spec, spec.seed);
  spec.importedInit = syntheticWeights(spec, spec.seed, weightScale);
  return spec;
}

function column(series: { scalarNames: string[]; scalars: Float64Array }, name: string): number[] {
  const width = series.scalarNames.length;
  const index = series.scalarNames.indexOf(name);
  expect(index, name).toBeGreaterThanOrEqual(0);
  return Array.from({ length: series.scalars.length / width }, (_, row) => series.scalars[row * width + index] as number);
}

describe('trainReference', () => {
  it('returns the native result shape, with NaN for encoders a unimodal mode does not train', async () => {
    const spec = importedSpec({ data: { K: 2 }, train: { steps: 6, recordEvery: 4 } });
    const result = await trainReference(spec);
    expect(result.error).toBeNull();
    expect(result.modes.map((mode) => mode.mode)).toEqual(['joint', 'unimodal:0', 'unimodal:1']);
    expect(result.initialGamma).toHaveLength(2);
    expect(result.predictedScores).toHaveLength(2);
    for (const mode of result.modes) {
      expect(mode.stepsRun).toBe(6);
      expect(mode.cancelled).toBe(false);
      expect(mode.divergedAtStep).toBeNull();
      expect(mode.series.scalarNames).toEqual(scalarNamesFor(2));
      expect(Array.from(mode.series.steps)).toEqual([0, 4, 6]); // every recordEvery steps, plus the last
      expect(mode.series.scalars).toHaveLength(3 * scalarNamesFor(2).length);
      expect(mode.series.alignments).toHaveLength(3 * 2 * spec.model.m);
    }
    // Final weights only for the encoders a mode trains (empty otherwise, as in the native engine).
    const size = spec.model.m * spec.data.d;
    expect(result.modes.map((mode) => mode.weights.map((w) => w.length))).toEqual([
      [size, size],
      [size, 0],
      [0, size],
    ]);
    const unimodal1 = result.modes[2]!;
    expect(unimodal1.final.modalities[0]!.gamma).toBeNaN();
    expect(unimodal1.final.modalities[0]!.crossStep).toBeNull();
    expect(column(unimodal1.series, 'phi0').every(Number.isNaN)).toBe(true);
    expect(unimodal1.final.modalities[1]!.outputShare).toBe(1);
    // Joint output shares split the whole output.
    const shares = result.modes[0]!.final.modalities.map((modality) => modality.outputShare);
    expect(shares[0]! + shares[1]!).toBeCloseTo(1, 12);
    // A unimodal net's test error is its encoder-alone test error.
    expect(unimodal1.final.testErr).toBe(unimodal1.final.modalities[1]!.aloneTestErr);
  });

  it('takes exactly the gradient step W - eta (dL/dW + lambda W), with lambda = weight decay', async () => {
    for (const weightDecay of [0, 0.3]) {
      const spec = importedSpec({ train: { steps: 1, eta: 0.7, weightDecay, modes: ['joint'] } }, 0.1);
      const dataset = datasetFromImport(spec, spec.importedData!);
      const { grads } = await referenceLossAndGrads(spec, dataset, spec.importedInit!, 'joint');
      const result = await trainReference(spec);
      result.modes[0]!.weights.forEach((w, r) => {
        const w0 = spec.importedInit![r]!;
        w.forEach((value, k) => {
          const expected = w0[k]! - 0.7 * (grads[r]![k]! + weightDecay * w0[k]!);
          expect(Math.abs(value - expected)).toBeLessThan(1e-6 * Math.max(1, Math.abs(expected)));
        });
      });
    }
  });

  it('lowers the loss, and reports the loss of the weights it returns', async () => {
    const spec = importedSpec({ data: { K: 2, n: 12 }, model: { q: 2 }, train: { steps: 40, eta: 1, recordEvery: 10 } }, 0.1);
    const result = await trainReference(spec);
    const dataset = datasetFromImport(spec, spec.importedData!);
    for (const mode of result.modes) {
      const losses = column(mode.series, 'trainLoss');
      expect(losses[losses.length - 1]!).toBeLessThan(losses[0]!);
      expect(mode.final.trainLoss).toBeCloseTo(float64Loss(spec, dataset, mode.weights, mode.mode), 10);
    }
  });

  it('records crossStep as the first step whose gamma exceeds rho', async () => {
    const spec = importedSpec(
      { data: { K: 1, n: 8 }, model: { q: 2, rho: 0.1 }, train: { steps: 60, eta: 2, recordEvery: 1, modes: ['joint'] } },
      0.05,
    );
    const mode = (await trainReference(spec)).modes[0]!;
    const gammas = column(mode.series, 'gamma0');
    const firstAbove = gammas.findIndex((gamma) => gamma > spec.model.rho);
    expect(firstAbove, 'the feature is learned in this setting').toBeGreaterThan(0);
    expect(mode.final.modalities[0]!.crossStep).toBe(mode.series.steps[firstAbove]);
  });

  it('streams every record exactly once through onProgress', async () => {
    const spec = importedSpec({ train: { steps: 30, recordEvery: 3 } });
    const batches: NativeProgress[] = [];
    const result = await trainReference(spec, { onProgress: (batch) => batches.push(batch), progressIntervalMs: 0 });
    for (const mode of result.modes) {
      const streamed = batches.filter((batch) => batch.mode === mode.mode).flatMap((batch) => Array.from(batch.series.steps));
      expect(streamed).toEqual(Array.from(mode.series.steps));
    }
    expect(batches.every((batch) => batch.stepsTotal === 30 && batch.runIndex === 0)).toBe(true);
  });

  it('stops within one step when aborted, and marks the remaining modes cancelled at step 0', async () => {
    const spec = importedSpec({ train: { steps: 100_000, recordEvery: 10 } });
    const controller = new AbortController();
    const result = await trainReference(spec, {
      signal: controller.signal,
      progressIntervalMs: 0,
      onProgress: (batch) => {
        if (batch.stepsDone >= 20) controller.abort();
      },
    });
    const [joint, ...rest] = result.modes;
    expect(joint!.cancelled).toBe(true);
    expect(joint!.stepsRun).toBeGreaterThanOrEqual(20);
    expect(joint!.stepsRun).toBeLessThan(100);
    for (const mode of rest) {
      expect(mode.cancelled).toBe(true);
      expect(mode.stepsRun).toBe(0);
    }
  });

  it('stops and reports divergence at the first step whose loss is not finite', async () => {
    // An overflowing weight is the deterministic way to get a non-finite loss at a known step.
    const spec = importedSpec({ train: { steps: 50, modes: ['joint'] } }, 0.1);
    spec.importedInit![0]![0] = Infinity;
    const mode = (await trainReference(spec)).modes[0]!;
    expect(mode.divergedAtStep).toBe(0);
    expect(mode.stepsRun).toBe(0);
    expect(Array.from(mode.series.steps)).toEqual([0]);
  });

  it('refuses what it cannot reproduce or is too large, naming the setting', async () => {
    await expect(trainReference(importedSpec({ train: { batchSize: 2 } }))).rejects.toThrow(/train\.batchSize.*full-batch/);
    await expect(trainReference(importedSpec({ model: { m: 3 } }))).rejects.toThrow(/model\.m must be even/);
    await expect(trainReference(importedSpec({ train: { modes: ['unimodal:5'] } }))).rejects.toThrow(/unimodal:5/);
    const large = smallSpec({ data: { d: 2048, n: 1024 }, model: { m: 64 } });
    await expect(trainReference(large)).rejects.toThrow(/small configurations.*limit.*native backend/);
  });

  it.skipIf(nativeAvailable())('without the addon, asks for imported data instead of failing obscurely', async () => {
    await expect(trainReference(smallSpec())).rejects.toThrow(/native generator.*--data/);
  });
});
