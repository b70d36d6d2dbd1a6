import { describe, expect, it } from 'vitest';
import { loadNativeAddon, nativeAvailable } from '../../src-main/engine/native-loader';
import {
  NATIVE_CANCELLED_BEFORE_START,
  type NativeProgress,
  type NativeRunResult,
  type NativeRunSpec,
  type NativeSeries,
} from '../../src-main/engine/native-types';
import { smallSpec } from '../support/small-spec';
import { firstBitDifference } from './helpers/bitwise';
import { runWithAddonInChild } from './helpers/run-in-child';
import { trainBatch } from './helpers/train-batch';

/*
 * The asynchronous side of train(): progress batches (new records only, in step order, adding
 * up to the final series), cancellation, a throwing progress listener, and divergence. No test
 * depends on timing: progressIntervalMs = 0 makes every step send a batch, and "long" runs have
 * a million steps (minutes of work), so finishing early can only mean cancellation worked.
 */
const LONG_RUN_STEPS = 1_000_000;

function spec(seed: number, steps: number, extra: Partial<NativeRunSpec['data']> = {}): NativeRunSpec {
  return smallSpec({
    seed,
    data: { K: 2, P: 2, d: 30, n: 20, nTest: 15, sigmaXi: 0.2, ...extra },
    model: { m: 6, q: 3, rho: 0.1, sigma0: 0.02 },
    train: { eta: 0.3, steps, recordEvery: 7 },
    precision: 'f32',
  });
}

/** Concatenates the series of consecutive progress batches into one series. */
function concatenate(batches: NativeProgress[]): Pick<NativeSeries, 'steps' | 'scalars' | 'alignments'> {
  const join = <T extends Int32Array | Float64Array | Float32Array>(parts: T[], make: (length: number) => T): T => {
    const out = make(parts.reduce((sum, part) => sum + part.length, 0));
    let offset = 0;
    for (const part of parts) {
      out.set(part as never, offset);
      offset += part.length;
    }
    return out;
  };
  return {
    steps: join(
      batches.map((b) => b.series.steps),
      (n) => new Int32Array(n),
    ),
    scalars: join(
      batches.map((b) => b.series.scalars),
      (n) => new Float64Array(n),
    ),
    alignments: join(
      batches.map((b) => b.series.alignments),
      (n) => new Float32Array(n),
    ),
  };
}

function expectProgressAddsUpToResults(progress: NativeProgress[], results: NativeRunResult[], steps: number): void {
  for (const result of results) {
    for (const mode of result.modes) {
      const batches = progress.filter((b) => b.runIndex === result.index && b.mode === mode.mode);
      const label = `run ${result.index} ${mode.mode}`;
      expect(batches.length, label).toBeGreaterThan(0);
      const done = batches.map((b) => b.stepsDone);
      expect(
        done.every((value, i) => i === 0 || value > (done[i - 1] as number)),
        `${label}: stepsDone increases`,
      ).toBe(true);
      expect(done[done.length - 1], label).toBe(mode.stepsRun);
      expect(
        batches.every((b) => b.stepsTotal === steps),
        label,
      ).toBe(true);
      const joined = concatenate(batches);
      expect(
        firstBitDifference(joined, { steps: mode.series.steps, scalars: mode.series.scalars, alignments: mode.series.alignments }),
        label,
      ).toBeNull();
    }
  }
}

function expectSeriesEndsAtStepsRun(result: NativeRunResult): void {
  for (const mode of result.modes) {
    const steps = mode.series.steps;
    expect(steps[steps.length - 1], `run ${result.index} ${mode.mode}`).toBe(mode.stepsRun);
  }
}

describe.skipIf(!nativeAvailable())('native training progress and cancellation', () => {
  it('sends a batch per step with only the new records, adding up to the final series', async () => {
    const steps = 60;
    const { results, progress } = await trainBatch([spec(1, steps), spec(2, steps)], { threads: 2, progressIntervalMs: 0 });
    // Every step of every (run, mode) sent a batch: 2 runs x 3 modes x 61 steps (0..60).
    expect(progress.length).toBe(2 * 3 * (steps + 1));
    // Records at 0, 7, ..., 56 and the final 60: each exactly once across the batches.
    expect(Array.from(results[0]?.modes[0]?.series.steps ?? [])).toEqual([0, 7, 14, 21, 28, 35, 42, 49, 56, 60]);
    expectProgressAddsUpToResults(progress, results, steps);
  });

  it('adds up to the final series under the default throttling too', async () => {
    const steps = 1500;
    const { results, progress } = await trainBatch([spec(3, steps, { d: 120, n: 60 })], { threads: 2 });
    expectProgressAddsUpToResults(progress, results, steps);
  });

  it('stops a long run soon after cancel(), marking every mode cancelled', async () => {
    let cancelledAt = -1;
    const { results, progress } = await trainBatch([spec(4, LONG_RUN_STEPS)], { threads: 2, progressIntervalMs: 0 }, (batch, job) => {
      if (cancelledAt < 0 && batch.stepsDone >= 3) {
        cancelledAt = batch.stepsDone;
        job.cancel();
      }
    });
    const result = results[0] as NativeRunResult;
    const joint = result.modes[0];
    expect(joint?.cancelled).toBe(true);
    expect(joint?.stepsRun).toBeGreaterThanOrEqual(cancelledAt);
    expect(joint?.stepsRun).toBeLessThan(LONG_RUN_STEPS);
    // Modes after the cancelled one stop at their first step.
    for (const mode of result.modes.slice(1)) expect([mode.cancelled, mode.stepsRun]).toEqual([true, 0]);
    expectSeriesEndsAtStepsRun(result);
    expectProgressAddsUpToResults(progress, results, LONG_RUN_STEPS);
    expect(joint?.weights.every((w) => w.length === 6 * 30 && w.every(Number.isFinite))).toBe(true);
  });

  it('cancels a batch at once: every run either never starts or stops early, and onDone still reports once', async () => {
    const addon = loadNativeAddon();
    const specs = [5, 6, 7].map((seed) => spec(seed, LONG_RUN_STEPS));
    let doneCalls = 0;
    const outcome = await new Promise<{ error: Error | null; results: NativeRunResult[] | undefined }>((resolve) => {
      const job = addon.train(
        specs,
        { threads: 1 },
        () => undefined,
        (error, results) => {
          doneCalls++;
          resolve({ error, results });
        },
      );
      job.cancel();
      job.cancel(); // twice is harmless
    });
    expect(outcome.error).toBeNull();
    expect(outcome.results).toHaveLength(3);
    for (const result of outcome.results ?? []) {
      if (result.error !== null) {
        // The exact text the sweep executor recognises as "cancelled", not "failed".
        expect(result.error).toBe(NATIVE_CANCELLED_BEFORE_START);
        expect(result.modes).toEqual([]);
      } else {
        expect(result.modes.every((mode) => mode.cancelled && mode.stepsRun < LONG_RUN_STEPS)).toBe(true);
        expectSeriesEndsAtStepsRun(result);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(doneCalls).toBe(1);
  });

  it("ends the job through onDone with the listener's own Error, and stops training", async () => {
    const addon = loadNativeAddon();
    const thrown = new Error('listener failed on purpose');
    let progressCalls = 0;
    let doneCalls = 0;
    const { error, results } = await new Promise<{ error: unknown; results: unknown }>((resolve) => {
      addon.train(
        [spec(8, LONG_RUN_STEPS)],
        { threads: 2, progressIntervalMs: 0 },
        () => {
          progressCalls++;
          if (progressCalls === 2) throw thrown;
        },
        (doneError, doneResults) => {
          doneCalls++;
          resolve({ error: doneError, results: doneResults });
        },
      );
    });
    expect(error).toBe(thrown);
    expect(results).toBeUndefined();
    // The listener is not called again after it threw, and onDone reports exactly once.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(progressCalls).toBe(2);
    expect(doneCalls).toBe(1);
  });

  // JavaScript can throw any value. Run in a child process: a crash must fail this test, not
  // take vitest down. Each child prints one DONE line from onDone and exits normally.
  for (const thrownSource of ["'a thrown string'", '42', 'undefined', 'null', 'true', "Symbol('thrown')", '{ plain: 1 }']) {
    it(`ends the job through onDone when the listener throws ${thrownSource}, without crashing`, () => {
      const child = runWithAddonInChild(`
        const thrown = ${thrownSource};
        const spec = { seed: 8, data: { K: 2, d: 30, P: 2, n: 20, nTest: 15 }, model: { m: 6 }, train: { steps: 200, recordEvery: 7 } };
        let progressCalls = 0;
        addon.train([spec], { threads: 2, progressIntervalMs: 0 }, () => { if (++progressCalls === 2) throw thrown; }, (error, results) => {
          console.log('DONE same=' + (error === thrown) + ' results=' + (results === undefined ? 'none' : 'some') + ' progressCalls=' + progressCalls);
        });`);
      const context = `signal ${String(child.signal)}, status ${String(child.status)}\n${child.stdout}\n${child.stderr}`;
      expect(child.signal, context).toBeNull();
      expect(child.status, context).toBe(0);
      expect(child.stdout, context).toContain('DONE same=true results=none progressCalls=2');
    });
  }

  it('reports divergedAtStep and stops when a step overflows the precision', async () => {
    // With the logistic loss the gradient is bounded, so eta = 1e6 on ordinary data drives the
    // loss to 0 without overflowing (see the next test). A step overflows float32 when
    // eta * gradient exceeds ~3.4e38: here eta = 1e38 with features of size alpha = 1e10.
    // A mode whose initial outputs already fit every sample gets a zero gradient and never
    // moves, so each mode must either diverge or stay entirely finite; unimodal:0 diverges.
    const diverging = smallSpec({
      seed: 9,
      data: { K: 2, d: 30, n: 20, alpha: [1e10, 1e10], mu: [0.1, 0.2], sigmaXi: 0.5 },
      model: { m: 4, sigma0: 5e-4 },
      train: { eta: 1e38, steps: 50, recordEvery: 5 },
      precision: 'f32',
    });
    const { results } = await trainBatch([diverging], { threads: 2 });
    const result = results[0] as NativeRunResult;
    for (const mode of result.modes) {
      if (mode.divergedAtStep === null) {
        expect([mode.stepsRun, Number.isFinite(mode.final.trainLoss)], mode.mode).toEqual([50, true]);
        expect(
          mode.weights.every((w) => w.every(Number.isFinite)),
          mode.mode,
        ).toBe(true);
      } else {
        expect(mode.stepsRun, mode.mode).toBe(mode.divergedAtStep);
        expect(mode.stepsRun, mode.mode).toBeLessThan(50);
        expect(mode.cancelled, mode.mode).toBe(false);
        expect(Number.isFinite(mode.final.trainLoss), mode.mode).toBe(false);
      }
    }
    expect(result.modes.find((mode) => mode.mode === 'unimodal:0')?.divergedAtStep).not.toBeNull();
    expectSeriesEndsAtStepsRun(result);
  });

  it('reports no divergence only when the loss and every weight stay finite, for eta up to 1e6', async () => {
    const specs = [1e2, 1e4, 1e6].flatMap((eta) =>
      (['f32', 'f64'] as const).map((precision) =>
        smallSpec({ seed: 10, data: { K: 2, d: 30, n: 20 }, train: { eta, steps: 50, recordEvery: 5 }, precision }),
      ),
    );
    const { results } = await trainBatch(specs, { threads: 2 });
    for (const result of results) {
      for (const mode of result.modes) {
        const label = `eta ${specs[result.index]?.train.eta} ${specs[result.index]?.precision} ${mode.mode}`;
        expect(mode.divergedAtStep, label).toBeNull();
        expect(mode.stepsRun, label).toBe(50);
        expect(Number.isFinite(mode.final.trainLoss), label).toBe(true);
        expect(
          mode.weights.every((w) => w.every(Number.isFinite)),
          label,
        ).toBe(true);
      }
    }
  });
});
