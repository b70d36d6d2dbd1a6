import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LabEvent, SeriesDto } from '../../src-main/api/lab-api';
import { nativeAvailable } from '../../src-main/engine/native-loader';
import { Workspace } from '../../src-main/workspace/workspace';
import { openServiceFixture, runEnded, runProgress, tinyRunConfig, type ServiceFixture } from './service-fixture';

let fx: ServiceFixture;
beforeEach(() => {
  fx = openServiceFixture();
});
afterEach(async () => {
  await fx.cleanup();
});

function onlyNumbersOrNull(series: SeriesDto): boolean {
  return Object.values(series.scalars).every((column) => column.every((v) => v === null || Number.isFinite(v)));
}

describe('lab service: configurations', () => {
  it('answers a valid partial configuration normalised, hashed and with the predicted winner', async () => {
    const result = await fx.service.validateConfig({ config: tinyRunConfig(3) });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.hash).toMatch(/^[0-9a-f]{16,}$/);
    expect(result.config).toMatchObject({ seed: 3, data: { K: 2, d: 16 }, train: { modes: ['joint', 'unimodal:0', 'unimodal:1'] } });
    if (nativeAvailable()) {
      expect(result.prediction?.initialGamma).toHaveLength(2);
      expect([0, 1]).toContain(result.prediction?.winner);
    }
  });

  it('lists every problem of a bad configuration with the setting it names, without throwing', async () => {
    const unknown = await fx.service.validateConfig({ config: { data: { alpah: [1, 1] } } });
    expect(unknown).toEqual({ ok: false, issues: [{ path: 'data.alpah', message: expect.stringMatching(/did you mean data\.alpha/) }] });

    const ranges = await fx.service.validateConfig({ config: { model: { q: 100 }, train: { steps: -1 } } });
    expect(ranges.ok).toBe(false);
    if (ranges.ok) return;
    expect(ranges.issues.map((i) => i.path).sort()).toEqual(['model.q', 'train.steps']);
    expect(ranges.issues.find((i) => i.path === 'model.q')?.message).toMatch(/model\.q must be a finite number between 1 and 16, got 100/);

    const crossField = await fx.service.validateConfig({ config: { model: { m: 3 } } });
    expect(crossField).toMatchObject({ ok: false, issues: [{ path: 'model.m', message: expect.stringMatching(/even/) }] });

    const notAnObject = await fx.service.validateConfig({ config: 'fast please' });
    expect(notAnObject).toMatchObject({ ok: false, issues: [{ path: '' }] });
  });

  it('refuses to start a run with a bad configuration, naming the setting, and records nothing', async () => {
    await expect(fx.service.startRun({ config: { data: { mu: [2, 0] } } })).rejects.toThrow(/data\.mu\[0\]/);
    expect(await fx.service.listRuns()).toEqual([]);
  });

  it('lists the schema fields with their ranges and the presets', async () => {
    const fields = await fx.service.fields();
    expect(fields.find((f) => f.path === 'model.q')).toMatchObject({
      type: 'number',
      min: 1,
      max: 16,
      range: 'a finite number between 1 and 16',
    });
    const presets = await fx.service.presets();
    expect(presets.map((p) => p.name)).toContain('competition');
    const info = await fx.service.info();
    expect(info).toMatchObject({ apiVersion: 1, host: 'server', workspace: { name: 'lab.mcl' } });
    expect(info.engine.name).toBe(nativeAvailable() ? 'native' : 'reference');
  });
});

describe.skipIf(!nativeAvailable())('lab service: runs', () => {
  it('streams progress, ends finished, and the run is listed and readable with its series', async () => {
    const config = tinyRunConfig(4, 400, 5);
    const validation = await fx.service.validateConfig({ config });
    const { runId } = await fx.service.startRun({ config, experiment: 'first look' });
    const ended = await fx.waitFor(runEnded(runId));
    expect(ended).toMatchObject({ status: 'finished', error: null });

    const mine = fx.events.filter((e) => 'runId' in e && e.runId === runId);
    expect(mine[0]).toMatchObject({ type: 'run-started', modes: ['joint', 'unimodal:0', 'unimodal:1'], stepsTotal: 400 });
    expect(mine[mine.length - 1]?.type).toBe('run-ended');
    const progress = mine.filter((e): e is Extract<LabEvent, { type: 'run-progress' }> => e.type === 'run-progress');
    expect(progress.length).toBeGreaterThan(0);

    const detail = await fx.service.getRun({ runId });
    expect(detail.run).toMatchObject({ id: runId, status: 'finished', experiment: 'first look', seed: 4 });
    expect(Object.keys(detail.series).sort()).toEqual(['joint', 'unimodal:0', 'unimodal:1']);
    const joint = detail.series.joint as SeriesDto;
    expect(joint.steps[0]).toBe(0);
    expect(joint.steps[joint.steps.length - 1]).toBe(400);
    expect(joint.alignments).toHaveLength(joint.steps.length * 2 * 4);
    expect(onlyNumbersOrNull(joint)).toBe(true);
    // A unimodal run does not train the other encoder: its metrics are "not applicable" (null).
    expect((detail.series['unimodal:0'] as SeriesDto).scalars.gamma1?.every((v) => v === null)).toBe(true);

    // The events carried every record of the joint run exactly once, in order.
    const streamed = progress.filter((e) => e.mode === 'joint').flatMap((e) => e.series.steps);
    expect(streamed).toEqual(joint.steps);

    // The headline comes from the stored summary, and the editor's prediction is the run's own.
    const summary = detail.summary as { predictedWinner: { modality: number; initialGamma: number[] }; observedWinners: number[] };
    expect(detail.run.headline.predictedWinner).toBe(summary.predictedWinner.modality);
    expect(detail.run.headline.winners).toEqual(summary.observedWinners);
    expect(detail.run.headline.jointTestErr).toEqual(expect.any(Number));
    if (validation.ok && validation.prediction) {
      expect(validation.prediction.winner).toBe(summary.predictedWinner.modality);
      validation.prediction.initialGamma.forEach((g, r) => expect(g).toBeCloseTo(summary.predictedWinner.initialGamma[r] as number, 10));
    }

    const rows = await fx.service.listRuns({ experiment: 'first look' });
    expect(rows.map((r) => r.id)).toEqual([runId]);
    expect(rows[0]?.headline).toEqual(detail.run.headline);
  });

  it('cancels a running run within a step: it ends cancelled with its partial series kept', async () => {
    const { runId } = await fx.service.startRun({ config: tinyRunConfig(5, 5_000_000, 500) });
    await fx.waitFor(runProgress(runId));
    await fx.service.cancelRun({ runId });
    expect(await fx.waitFor(runEnded(runId))).toMatchObject({ status: 'cancelled' });
    const detail = await fx.service.getRun({ runId });
    expect(detail.run.status).toBe('cancelled');
    const joint = detail.series.joint as SeriesDto;
    expect(joint.steps.length).toBeGreaterThan(0);
    expect(joint.steps[joint.steps.length - 1]).toBeLessThan(5_000_000);
    // The partial summary is kept, marked cancelled, so the runs table still shows what it reached.
    expect(detail.summary).toMatchObject({ cancelled: true });
    expect(detail.run.headline.jointTestErr).toEqual(expect.any(Number));
    await expect(fx.service.cancelRun({ runId })).rejects.toThrow(`run ${runId} is not running (it is cancelled)`);
  });

  it('gives a cancelled run no headline gap: its unimodal runs did not run to the end (one never started)', async () => {
    const { runId } = await fx.service.startRun({ config: tinyRunConfig(6, 5_000_000, 500) });
    await fx.waitFor(runProgress(runId));
    await fx.service.cancelRun({ runId });
    await fx.waitFor(runEnded(runId));
    const detail = await fx.service.getRun({ runId });
    const summary = detail.summary as { gap: number | null; modes: Record<string, { stepsRun: number }> };
    // The stored summary still computes a gap from whatever the modes reached...
    expect(summary.gap).toEqual(expect.any(Number));
    expect(Math.min(...Object.values(summary.modes).map((m) => m.stepsRun))).toBeLessThan(5_000_000);
    // ...but the row the app shows says the run is partial and gives no gap.
    expect(detail.run.headline).toMatchObject({ partial: true, gap: null });
    const [row] = await fx.service.listRuns({ status: 'cancelled' });
    expect(row?.headline).toMatchObject({ partial: true, gap: null });
  });

  it("tells each run's outcome per class and the settings it changed from the defaults", async () => {
    const { runId } = await fx.service.startRun({ config: tinyRunConfig(7, 400) });
    await fx.waitFor(runEnded(runId));
    const { run, summary } = await fx.service.getRun({ runId });
    const outcome = run.headline.outcome;
    expect(outcome).not.toBeNull();
    expect(run.headline.partial).toBe(false);
    expect(outcome?.classes).toHaveLength(2);
    expect(outcome?.sentence).toMatch(/^(exactly one modality|several modalities|classes split|no modality)/);
    const joint = (summary as { modes: { joint: { modalities: { aloneTestErr: number }[] } } }).modes.joint;
    expect(outcome?.aloneTestErr).toEqual(joint.modalities.map((m) => m.aloneTestErr));
    expect(run.settings).toMatchObject({ 'data.d': 16, 'data.n': 8, 'model.m': 4, 'train.steps': 400 });
    expect(run.settings).not.toHaveProperty('data.K');
    expect(run.settings).not.toHaveProperty('seed');
    expect(run.startedAt).toEqual(expect.any(String));
  });

  it('tags, notes and deletes runs', async () => {
    const { runId } = await fx.service.startRun({ config: tinyRunConfig(6, 40) });
    await fx.waitFor(runEnded(runId));
    expect((await fx.service.tagRun({ runId, add: ['keep', 'baseline'] })).tags).toEqual(['baseline', 'keep']);
    expect((await fx.service.tagRun({ runId, remove: ['baseline'] })).tags).toEqual(['keep']);
    expect((await fx.service.listRuns({ tag: 'keep' })).map((r) => r.id)).toEqual([runId]);
    expect(await fx.service.listRuns({ tag: 'baseline' })).toEqual([]);

    await fx.service.noteRun({ runId, text: 'modality 1 lost again' });
    expect((await fx.service.getRun({ runId })).notes).toEqual([{ text: 'modality 1 lost again', createdAt: expect.any(String) }]);

    await expect(fx.service.deleteRuns({ runIds: [runId, 9999] })).rejects.toThrow(/nothing was deleted: there is no run 9999/);
    expect(await fx.service.deleteRuns({ runIds: [runId] })).toEqual({ deleted: 1 });
    await expect(fx.service.getRun({ runId })).rejects.toThrow(`there is no run ${runId}`);
  });

  it('refuses to delete a run while it trains', async () => {
    const { runId } = await fx.service.startRun({ config: tinyRunConfig(7, 5_000_000, 500) });
    await expect(fx.service.deleteRuns({ runIds: [runId] })).rejects.toThrow(/still running; cancel it first/);
    await fx.service.cancelRun({ runId });
    await fx.waitFor(runEnded(runId));
    expect(await fx.service.deleteRuns({ runIds: [runId] })).toEqual({ deleted: 1 });
  });

  it('gives clear errors for ids that do not exist', async () => {
    await expect(fx.service.getRun({ runId: 4242 })).rejects.toThrow('there is no run 4242 in the workspace lab.mcl');
    await expect(fx.service.cancelRun({ runId: 4242 })).rejects.toThrow('there is no run 4242');
    await expect(fx.service.tagRun({ runId: 4242, add: ['x'] })).rejects.toThrow('there is no run 4242');
    await expect(fx.service.noteRun({ runId: 4242, text: 'x' })).rejects.toThrow('there is no run 4242');
    await expect(fx.service.getSweep({ sweepId: 77 })).rejects.toThrow('there is no sweep 77 in the workspace lab.mcl');
    await expect(fx.service.cellBands({ sweepId: 77, cellIndex: 0 })).rejects.toThrow('there is no sweep 77');
    await expect(fx.service.cancelSweep({ sweepId: 77 })).rejects.toThrow('there is no sweep 77');
    await expect(fx.service.exportPack({ runId: 4242 })).rejects.toThrow('there is no run 4242');
  });

  it('closes with a run in flight: the run is recorded as cancelled and nothing is lost', async () => {
    const { runId } = await fx.service.startRun({ config: tinyRunConfig(8, 5_000_000, 500) });
    await fx.waitFor(runProgress(runId));
    const file = (await fx.service.info()).workspace.path;
    await fx.service.close();
    expect(await fx.waitFor(runEnded(runId))).toMatchObject({ status: 'cancelled' });
    const ws = Workspace.open(file);
    try {
      expect(ws.getRun(runId)?.status).toBe('cancelled');
      expect(ws.getSeries(runId).get('joint')?.steps.length).toBeGreaterThan(0);
    } finally {
      ws.close();
    }
    await expect(fx.service.listRuns()).rejects.toThrow(/closing/);
  });
});
