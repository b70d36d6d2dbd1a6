/**
 * The paper check through the lab service, as the app calls it: arguments checked at the door,
 * one check at a time, progress and end events, cancelling, the report kept for `checkState`,
 * and a workspace switch refused while it runs. The checks here are trials (tiny runs, labelled
 * as such by the report); their verdicts are not what is tested.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseApiCall } from '../../src-main/api/api-schemas';
import type { LabEvent } from '../../src-main/api/lab-api';
import { nativeAvailable } from '../../src-main/engine/native-loader';
import { openServiceFixture, type ServiceFixture } from './service-fixture';
import * as path from 'node:path';

const TINY = ['train.steps=40', 'data.d=16', 'data.nTest=32', 'model.m=4', 'train.recordEvery=5'];
const LONG = ['train.steps=3000000', 'data.d=16', 'data.nTest=32', 'model.m=4', 'train.recordEvery=1000'];

const ended = (e: LabEvent): e is Extract<LabEvent, { type: 'check-ended' }> => e.type === 'check-ended';
const progressed = (e: LabEvent): e is Extract<LabEvent, { type: 'check-progress' }> => e.type === 'check-progress';

describe('startCheck arguments at the door', () => {
  it('accepts the options of modcomp check and refuses bad ones naming the field', () => {
    expect(
      parseApiCall('startCheck', {
        quick: true,
        seeds: 3,
        seedStart: 0,
        maps: false,
        mapSeeds: 2,
        backend: 'cpu',
        precision: 'f64',
        set: ['train.steps=60'],
      }).args,
    ).toBeTruthy();
    expect(() => parseApiCall('startCheck', { seeds: 0 })).toThrow(/bad argument to startCheck at seeds/);
    expect(() => parseApiCall('startCheck', { seeds: 2.5 })).toThrow(/at seeds/);
    expect(() => parseApiCall('startCheck', { precision: 'f16' })).toThrow(/at precision/);
    expect(() => parseApiCall('startCheck', { set: ['steps'] })).toThrow(/at set\.0: a setting is path=value/);
    expect(() => parseApiCall('startCheck', { out: '/tmp/x' })).toThrow(/bad argument to startCheck/);
    expect(() => parseApiCall('cancelCheck', { now: true })).toThrow(/bad argument to cancelCheck/);
    expect(parseApiCall('checkState', undefined).args).toBeUndefined();
  });
});

describe.skipIf(!nativeAvailable())('the paper check in the lab service', () => {
  let fx: ServiceFixture;
  beforeEach(() => {
    fx = openServiceFixture();
  });
  afterEach(async () => {
    await fx.cleanup();
  });

  it('starts idle, with every threshold known before any check', async () => {
    const state = await fx.service.checkState();
    expect(state.status).toBe('idle');
    expect(state.report).toBeNull();
    expect(state.thresholds).toMatchObject({ C1: 0.95, C2a: 0.9, C2b: 0.75, C3: 0.9, C4: 0.9, C1b: 0.03 });
    await expect(fx.service.cancelCheck()).rejects.toThrow('no paper check is running');
  });

  it('refuses a bad trial setting at once, naming it, and records nothing', async () => {
    await expect(fx.service.startCheck({ quick: true, set: ['model.q=99'] })).rejects.toThrow(/model\.q/);
    expect((await fx.service.checkState()).status).toBe('idle');
    expect(await fx.service.listSweeps()).toEqual([]);
  });

  it('runs a trial check to the end with progress events and keeps its report', async () => {
    const started = await fx.service.startCheck({ quick: true, seeds: 2, backend: 'cpu', set: TINY });
    expect(started.status).toBe('running');
    const end = await fx.waitFor(ended, 120_000);
    expect(end.status).toBe('finished');
    const progress = fx.events.filter(progressed);
    expect(progress.length).toBeGreaterThan(0);
    const last = progress[progress.length - 1]!;
    expect(last.done + last.failed).toBe(last.total);
    expect(last.total).toBe(2 + 9 * 2 + 5 * 2);
    const state = await fx.service.checkState();
    expect(state.status).toBe('finished');
    expect(state.report?.claims.map((c) => c.id)).toEqual(['C1', 'C2', 'C3', 'C4', 'C5', 'C6']);
    expect(state.report?.options.set).toEqual(TINY);
    // The check's runs are sweeps of the workspace, named as a trial.
    const sweeps = await fx.service.listSweeps();
    expect(sweeps.map((s) => s.id).sort()).toEqual(state.report?.sweeps.map((s) => s.sweepId).sort());
    for (const sweep of sweeps) expect(sweep.name).toContain(`[trial: ${TINY.join(', ')}]`);
  });

  it('runs one check at a time, cancels on request and refuses a workspace switch meanwhile', async () => {
    await fx.service.startCheck({ quick: true, seeds: 2, backend: 'cpu', set: LONG });
    await fx.waitFor(progressed);
    await expect(fx.service.startCheck({ quick: true })).rejects.toThrow('a paper check is already running');
    await expect(fx.service.switchWorkspace(path.join(fx.dir, 'other.mcl'))).rejects.toThrow(/the paper check is in progress/);
    await fx.service.cancelCheck();
    const end = await fx.waitFor(ended, 60_000);
    expect(end.status).toBe('cancelled');
    const state = await fx.service.checkState();
    expect(state.status).toBe('cancelled');
    // The report of a cancelled check covers what finished: here, nothing of its first sweep.
    expect(state.report?.sweeps.length).toBe(1);
    expect(state.report?.sweeps[0]).toMatchObject({ key: 'competition', finished: 0 });
  });
});
