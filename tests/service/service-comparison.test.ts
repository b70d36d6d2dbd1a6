/**
 * The remedy comparison through the lab service, as the app calls it: arguments checked at the
 * door in one line, one comparison at a time, progress and end events, cancelling, the report
 * kept for `comparisonState` and exported as a figure pack, and a workspace switch refused while
 * it runs. The comparisons here are trials (tiny runs, labelled as such by the report); their
 * rates are not what is tested.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseApiCall } from '../../src-main/api/api-schemas';
import type { LabEvent } from '../../src-main/api/lab-api';
import { nativeAvailable } from '../../src-main/engine/native-loader';
import { REMEDIES } from '../../src-main/science/remedy-comparison';
import { openServiceFixture, type ServiceFixture } from './service-fixture';

const TINY = ['train.steps=40', 'data.d=16', 'data.nTest=32', 'model.m=4', 'train.recordEvery=5'];
const LONG = ['train.steps=3000000', 'data.d=16', 'data.nTest=32', 'model.m=4', 'train.recordEvery=1000'];
/** One arm per remedy and knob value. */
const ARMS = REMEDIES.reduce((n, r) => n + r.values.length, 0);

const ended = (e: LabEvent): e is Extract<LabEvent, { type: 'comparison-ended' }> => e.type === 'comparison-ended';
const progressed = (e: LabEvent): e is Extract<LabEvent, { type: 'comparison-progress' }> => e.type === 'comparison-progress';

describe('startComparison arguments at the door', () => {
  it('accepts the options of modcomp compare-remedies and refuses bad ones in one line naming the field', () => {
    expect(
      parseApiCall('startComparison', { preset: 'quick', seeds: 3, seedStart: 0, precision: 'f64', set: ['train.steps=60'] }).args,
    ).toBeTruthy();
    for (const [args, message] of [
      [{ seeds: 0 }, /^bad argument to startComparison at seeds/],
      [{ seeds: 2.5 }, /at seeds/],
      [{ seedStart: -1 }, /at seedStart/],
      [{ precision: 'tf32' }, /at precision/],
      [{ preset: '../etc' }, /at preset: a preset name/],
      [{ set: ['steps'] }, /at set\.0: a setting is path=value/],
      [{ backend: 'cuda' }, /bad argument to startComparison/],
      [{ out: '/tmp/x' }, /bad argument to startComparison/],
    ] as const) {
      let thrown: Error | null = null;
      try {
        parseApiCall('startComparison', args);
      } catch (err) {
        thrown = err as Error;
      }
      expect(thrown?.message, JSON.stringify(args)).toMatch(message);
      expect(thrown?.message.split('\n')).toHaveLength(1);
    }
    expect(() => parseApiCall('cancelComparison', { now: true })).toThrow(/bad argument to cancelComparison/);
    expect(parseApiCall('comparisonState', undefined).args).toBeUndefined();
  });

  it('takes the comparison as an export source, alone', () => {
    expect(parseApiCall('exportPack', { comparison: true, formats: ['svg'] }).args).toBeTruthy();
    expect(() => parseApiCall('exportPack', { comparison: true, sweepId: 3 })).toThrow(/give exactly one of runId, sweepId or comparison/);
    expect(() => parseApiCall('exportPack', { comparison: false })).toThrow(/bad argument to exportPack/);
  });
});

describe.skipIf(!nativeAvailable())('the remedy comparison in the lab service', () => {
  let fx: ServiceFixture;
  beforeEach(() => {
    fx = openServiceFixture();
  });
  afterEach(async () => {
    await fx.cleanup();
  });

  it('starts idle and refuses a cancel, an export and an unknown preset, recording nothing', async () => {
    const state = await fx.service.comparisonState();
    expect(state).toMatchObject({ status: 'idle', report: null, progress: null });
    await expect(fx.service.cancelComparison()).rejects.toThrow('no remedy comparison is running');
    await expect(fx.service.exportPack({ comparison: true, out: path.join(fx.dir, 'pack') })).rejects.toThrow(
      'no remedy comparison has run in this lab session',
    );
    await expect(fx.service.startComparison({ preset: 'nope' })).rejects.toThrow(/^unknown preset "nope"; choose one of competition,/);
    await expect(fx.service.startComparison({ set: ['model.q=99'] })).rejects.toThrow(/model\.q/);
    expect((await fx.service.comparisonState()).status).toBe('idle');
    expect(await fx.service.listSweeps()).toEqual([]);
  });

  it('runs a trial comparison to the end with progress events, keeps its report and exports its figures', async () => {
    const started = await fx.service.startComparison({ preset: 'quick', seeds: 2, seedStart: 301, set: TINY });
    expect(started.status).toBe('running');
    const end = await fx.waitFor(ended, 120_000);
    expect(end.status).toBe('finished');
    const progress = fx.events.filter(progressed);
    expect(progress.length).toBeGreaterThan(0);
    const last = progress[progress.length - 1]!;
    expect(last.done + last.failed).toBe(last.total);
    expect(last.total).toBe(ARMS * 2);
    expect(last).toMatchObject({ sweep: REMEDIES.length, sweeps: REMEDIES.length, key: REMEDIES[REMEDIES.length - 1]!.key });

    const state = await fx.service.comparisonState();
    expect(state.status).toBe('finished');
    const report = state.report!;
    expect(report.options).toEqual({ preset: 'quick', seeds: 2, seedStart: 301, backend: 'cpu', precision: 'f32', set: TINY });
    expect(report.arms.map((a) => a.remedy)).toEqual(REMEDIES.flatMap((r) => r.values.map(() => r.key)));
    for (const arm of report.arms) expect(arm.runs).toBe(2);
    // Each arm links to its remedy's sweep; the sweeps are the workspace's, named as a trial.
    const sweeps = await fx.service.listSweeps();
    expect(sweeps.map((s) => s.id).sort()).toEqual(report.sweeps.map((s) => s.sweepId).sort());
    for (const arm of report.arms) expect(arm.sweepId).toBe(report.sweeps.find((s) => s.remedy === arm.remedy)!.sweepId);
    for (const sweep of sweeps) expect(sweep.name).toContain(`[trial: ${TINY.join(', ')}]`);

    // Its figure pack, through the same export the app's button calls.
    const out = path.join(fx.dir, 'remedy-pack');
    const pack = await fx.service.exportPack({ comparison: true, formats: ['svg'], out });
    expect(pack.files).toEqual([
      'README.md',
      'manifest.json',
      'remedy-gap.csv',
      'remedy-gap.spec.json',
      'remedy-gap.svg',
      'remedy-rescue.csv',
      'remedy-rescue.spec.json',
      'remedy-rescue.svg',
      'report.json',
      'report.txt',
    ]);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'))).toEqual(report);
  });

  it('runs one comparison at a time, cancels on request and refuses a workspace switch meanwhile', async () => {
    await fx.service.startComparison({ preset: 'quick', seeds: 2, set: LONG });
    await fx.waitFor(progressed);
    await expect(fx.service.startComparison({ preset: 'quick' })).rejects.toThrow(
      'a remedy comparison is already running; cancel it or wait for it to finish',
    );
    await expect(fx.service.switchWorkspace(path.join(fx.dir, 'other.mcl'))).rejects.toThrow(/the remedy comparison is in progress/);
    await fx.service.cancelComparison();
    const end = await fx.waitFor(ended, 60_000);
    expect(end.status).toBe('cancelled');
    const state = await fx.service.comparisonState();
    expect(state.status).toBe('cancelled');
    // The report of a cancelled comparison covers what finished: here, nothing of its baseline sweep.
    expect(state.report?.sweeps.map((s) => s.remedy)).toEqual(['none']);
    expect(state.report?.baselineSeeds).toBe(0);
    expect(state.report?.arms.every((a) => a.runs === 0)).toBe(true);
  });
});
