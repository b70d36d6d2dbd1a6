import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LabEvent } from '../../src-main/api/lab-api';
import { nativeAvailable } from '../../src-main/engine/native-loader';
import { parseCsv } from '../../src-main/figures/csv';
import type { CellStats } from '../../src-main/sweeps/sweep-stats';
import { TINY_SETTINGS } from '../lab/tiny-config';
import { openServiceFixture, sweepEnded, type ServiceFixture } from './service-fixture';

let fx: ServiceFixture;
beforeEach(() => {
  fx = openServiceFixture();
});
afterEach(async () => {
  await fx.cleanup();
});

const SPEC = {
  name: 'mu swap',
  base: { config: TINY_SETTINGS },
  grid: [
    {
      path: 'data.mu',
      values: [
        [0.3, 0.05],
        [0.05, 0.3],
      ],
    },
  ],
  seeds: 3,
  runsPerBatch: 3,
};

describe.skipIf(!nativeAvailable())('lab service: sweeps', () => {
  it('runs a tiny sweep with progress events, then serves its cells, runs, boundary and seed bands', async () => {
    const { sweepId } = await fx.service.startSweep({ spec: SPEC });
    expect(await fx.waitFor(sweepEnded(sweepId))).toMatchObject({ status: 'finished', error: null });
    const progress = fx.events.filter(
      (e): e is Extract<LabEvent, { type: 'sweep-progress' }> => e.type === 'sweep-progress' && e.sweepId === sweepId,
    );
    expect(progress.at(-1)).toMatchObject({ done: 6, total: 6 });

    const [row] = await fx.service.listSweeps();
    expect(row).toMatchObject({ id: sweepId, name: 'mu swap', seeds: 3, cellCount: 2, axes: ['data.mu'], runs: { finished: 6 } });

    const detail = await fx.service.getSweep({ sweepId });
    expect(detail.sweep).toMatchObject({ id: sweepId, spec: { seeds: 3 } });
    expect(detail.cells.map((c) => c.coords)).toEqual([{ 'data.mu': [0.3, 0.05] }, { 'data.mu': [0.05, 0.3] }]);
    const runsOfSweep = await fx.service.listRuns({ sweepId });
    for (const cell of detail.cells) {
      expect((cell.stats as CellStats).runs).toBe(3);
      expect(cell.runIds).toEqual(runsOfSweep.filter((r) => r.cellIndex === cell.cellIndex).map((r) => r.id));
    }
    // The two cells are neighbours: the boundary holds them exactly when their predicted winners differ.
    const predicted = detail.cells.map((c) => (c.stats as CellStats).predictedWinner.modality);
    expect(detail.predictedBoundary).toEqual(predicted[0] !== predicted[1] ? [[0, 1]] : []);
    // Sweep runs carry their stored summary's headline.
    expect(runsOfSweep.every((r) => r.headline.predictedWinner !== null && r.status === 'finished')).toBe(true);

    const bands = await fx.service.cellBands({ sweepId, cellIndex: 1 });
    expect(bands.runIds).toEqual(detail.cells[1]?.runIds);
    expect(Object.keys(bands.modes).sort()).toEqual(['joint', 'unimodal:0', 'unimodal:1']);
    const gamma = bands.modes.joint?.gamma0;
    expect(gamma?.steps.length).toBeGreaterThan(1);
    gamma?.steps.forEach((_, i) => {
      expect(gamma.n[i]).toBe(3);
      expect(gamma.low[i]).toBeLessThanOrEqual(gamma.mean[i] as number);
      expect(gamma.mean[i]).toBeLessThanOrEqual(gamma.high[i] as number);
    });
    await expect(fx.service.cellBands({ sweepId, cellIndex: 2 })).rejects.toThrow(`sweep ${sweepId} has no cell 2 (its cells are 0 to 1)`);

    // The same spec again continues the recorded sweep: nothing is trained twice.
    const again = await fx.service.startSweep({ spec: SPEC });
    expect(again.sweepId).toBe(sweepId);
    await fx.waitFor(
      (e): e is LabEvent =>
        e.type === 'sweep-ended' && e.sweepId === sweepId && fx.events.filter((x) => x.type === 'sweep-ended').length === 2,
    );
    expect((await fx.service.listRuns({ sweepId })).length).toBe(6);
  });

  it('cancels a sweep: it ends cancelled and its unfinished runs are marked cancelled', async () => {
    const spec = { ...SPEC, name: 'long', base: { config: { ...TINY_SETTINGS, train: { steps: 5_000_000, recordEvery: 100_000 } } } };
    const { sweepId } = await fx.service.startSweep({ spec });
    await fx.service.cancelSweep({ sweepId });
    expect(await fx.waitFor(sweepEnded(sweepId))).toMatchObject({ status: 'cancelled' });
    const statuses = new Set((await fx.service.listRuns({ sweepId })).map((r) => r.status));
    expect(statuses.has('running')).toBe(false);
    expect(statuses.has('cancelled')).toBe(true);
    // A run the engine never began (cancelled inside its batch) is cancelled too, not failed.
    expect(statuses.has('failed')).toBe(false);
    await expect(fx.service.cancelSweep({ sweepId })).rejects.toThrow(`sweep ${sweepId} is not running`);
  });

  it('lists a running sweep as active with its progress, and as not active once it ended', async () => {
    // Cell 0 trains in milliseconds, cell 1 until cancelled: the sweep stays running with 3 of 6 done.
    const spec = {
      ...SPEC,
      name: 'half long',
      base: { config: { ...TINY_SETTINGS, train: { steps: 600, recordEvery: 100 } } },
      grid: [{ path: 'train.steps', values: [600, 5_000_000] }],
    };
    const { sweepId } = await fx.service.startSweep({ spec });
    await fx.waitFor((e): e is LabEvent => e.type === 'sweep-progress' && e.sweepId === sweepId && e.done === 3);
    const [running] = await fx.service.listSweeps();
    expect(running).toMatchObject({ id: sweepId, active: { done: 3, total: 6 } });
    expect((await fx.service.getSweep({ sweepId })).sweep.active).toMatchObject({ done: 3, total: 6 });

    await fx.service.cancelSweep({ sweepId });
    await fx.waitFor(sweepEnded(sweepId));
    const [ended] = await fx.service.listSweeps();
    expect(ended).toMatchObject({ id: sweepId, active: null, runs: { finished: 3 } });
    expect(ended?.runs.running).toBeUndefined();
  });

  it('resumes a cancelled sweep through startSweep: the finished runs are kept and only the rest are trained', async () => {
    const spec = { ...SPEC, name: 'resumed', runsPerBatch: 1 };
    // Cancel as soon as the first run finished (the listener runs as the progress is reported).
    let target: number | null = null;
    const stop = fx.service.subscribe((e) => {
      if (e.type !== 'sweep-progress' || e.done < 1 || target !== null) return;
      target = e.sweepId;
      void fx.service.cancelSweep({ sweepId: e.sweepId });
    });
    const { sweepId } = await fx.service.startSweep({ spec });
    expect(await fx.waitFor(sweepEnded(sweepId))).toMatchObject({ status: 'cancelled' });
    stop();
    expect(target).toBe(sweepId);
    const before = await fx.service.listRuns({ sweepId });
    const finishedBefore = before.filter((r) => r.status === 'finished').map((r) => r.id);
    expect(finishedBefore.length).toBeGreaterThan(0);
    expect(before.some((r) => r.status === 'cancelled')).toBe(true);
    const [cancelled] = await fx.service.listSweeps();
    expect(cancelled?.active).toBeNull();

    const mark = fx.events.length;
    const again = await fx.service.startSweep({ spec: (await fx.service.getSweep({ sweepId })).sweep.spec });
    expect(again.sweepId).toBe(sweepId);
    await fx.waitFor((e): e is LabEvent => e.type === 'sweep-ended' && e.sweepId === sweepId && e.status === 'finished');
    const after = await fx.service.listRuns({ sweepId });
    expect(after.length).toBe(6);
    expect(after.every((r) => r.status === 'finished')).toBe(true);
    // The runs finished before the cancel are the same runs, not trained again.
    for (const id of finishedBefore) expect(after.map((r) => r.id)).toContain(id);
    // The resumed sweep's first report counts them as done already.
    const firstOfResume = fx.events.slice(mark).find((e) => e.type === 'sweep-progress' && e.sweepId === sweepId);
    expect(firstOfResume).toMatchObject({ done: finishedBefore.length, total: 6 });
    expect((await fx.service.listSweeps())[0]).toMatchObject({ active: null, runs: { finished: 6 } });
  });

  it('counts progress run by run within one batch, with an estimate of the time left', async () => {
    // One batch of six runs that each take a noticeable time: the count must move before the batch ends.
    const spec = {
      ...SPEC,
      name: 'one batch',
      runsPerBatch: 64,
      base: { config: { ...TINY_SETTINGS, train: { steps: 60_000, recordEvery: 1000 } } },
    };
    const { sweepId } = await fx.service.startSweep({ spec });
    await fx.waitFor(sweepEnded(sweepId), 120_000);
    const progress = fx.events.filter(
      (e): e is Extract<LabEvent, { type: 'sweep-progress' }> => e.type === 'sweep-progress' && e.sweepId === sweepId,
    );
    const counts = [...new Set(progress.map((e) => e.done))];
    // Every run is counted as it ends: more than the two counts 0 and 6 a batch-by-batch report gives.
    expect(counts.filter((d) => d > 0 && d < 6).length).toBeGreaterThanOrEqual(2);
    expect(progress.map((e) => e.done)).toEqual([...progress.map((e) => e.done)].sort((a, b) => a - b));
    expect(progress.at(-1)).toMatchObject({ done: 6, total: 6, etaSeconds: 0 });
    const midway = progress.filter((e) => e.done > 0 && e.done < 6);
    expect(midway.every((e) => typeof e.etaSeconds === 'number' && e.etaSeconds > 0 && Number.isFinite(e.etaSeconds))).toBe(true);
  });

  it("recomputes a cell's statistics when one of its runs is deleted", async () => {
    const { sweepId } = await fx.service.startSweep({ spec: SPEC });
    await fx.waitFor(sweepEnded(sweepId));
    const before = await fx.service.getSweep({ sweepId });
    const cell = before.cells[1];
    expect((cell?.stats as CellStats).runs).toBe(3);
    const victim = cell?.runIds[0] as number;
    await fx.service.deleteRuns({ runIds: [victim] });
    const after = await fx.service.getSweep({ sweepId });
    const updated = after.cells[1];
    expect(updated?.runIds).toHaveLength(2);
    const stats = updated?.stats as CellStats;
    expect(stats.runs).toBe(2);
    expect(stats.outcome.one.n).toBe(2);
    expect(stats.gap.n).toBe(2);
    // The untouched cell keeps its three runs; the figures and the CLI read the same numbers.
    expect((after.cells[0]?.stats as CellStats).runs).toBe(3);
    const pack = await fx.service.exportPack({
      sweepId,
      figures: ['phase-diagram'],
      formats: ['svg'],
      out: path.join(fx.dir, 'after-delete'),
    });
    const table = parseCsv(fs.readFileSync(path.join(pack.path, 'phase-diagram.csv'), 'utf8'));
    const [cellColumn, nColumn] = [table.columns.indexOf('cell'), table.columns.indexOf('n')];
    const cellOne = table.rows.filter((row) => row[cellColumn] === 1);
    expect(cellOne.length).toBeGreaterThan(0);
    expect(cellOne.map((row) => row[nColumn])).toEqual(cellOne.map(() => 2));
  });

  it('refuses a bad sweep spec with the field at fault, recording nothing', async () => {
    await expect(fx.service.startSweep({ spec: { grid: [], seeds: 2 } })).rejects.toThrow(/grid needs 1 to 3 settings/);
    await expect(fx.service.startSweep({ spec: { grid: [{ path: 'model.qq', values: [1] }], seeds: 2 } })).rejects.toThrow(
      /unknown setting model\.qq; did you mean model\.q/,
    );
    expect(await fx.service.listSweeps()).toEqual([]);
  });
});
