import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toRunSpec, resolveConfig } from '../../src-main/config/resolve';
import { loadNativeAddon, nativeAvailable } from '../../src-main/engine/native-loader';
import { parseApiCall } from '../../src-main/api/api-schemas';
import { openServiceFixture, runEnded, tinyRunConfig, type ServiceFixture } from './service-fixture';

let fx: ServiceFixture;
beforeEach(() => {
  fx = openServiceFixture();
});
afterEach(async () => {
  await fx.cleanup();
});

describe.skipIf(!nativeAvailable())('lab service: the data view and the overlay', () => {
  it('draws the first training samples exactly as a run sees them, with each patch and the insufficient ones marked', async () => {
    const config = { ...tinyRunConfig(4), data: { K: 2, d: 16, P: 3, n: 40, nTest: 32, alpha: [1, 0.6], mu: [0.5, 0.05], sigmaXi: 0.3 } };
    const view = await fx.service.sampleData({ config, samples: 12, coordinates: 5 });
    expect(view).toMatchObject({ K: 2, P: 3, d: 16, shownCoordinates: 5, sampleCount: 12, n: 40 });
    // The same samples as the whole training set drawn for a run (same seed, n = 40).
    const full = loadNativeAddon().generateData(toRunSpec(resolveConfig({ configObject: config }).config));
    view.samples.forEach((sample, i) => {
      expect(sample.label).toBe(full.yTrain[i]);
      sample.modalities.forEach((m, r) => {
        const signals = Array.from({ length: 3 }, (_, p) => full.signalTrain[r]?.[i * 3 + p] as number);
        expect(m.patches.map((p) => p.signal)).toEqual(signals);
        expect(m.insufficient).toBe(signals.every((s) => s === 0));
        m.patches.forEach((patch, p) =>
          expect(patch.head).toEqual(Array.from(full.xTrain[r]?.subarray((i * 3 + p) * 16, (i * 3 + p) * 16 + 5) ?? [])),
        );
        if (m.signalPatch !== null)
          expect(Math.abs((m.patches[m.signalPatch] as { along: number }).along)).toBeCloseTo([1, 0.6][r] as number, 5);
      });
    });
    // mu_0 = 0.5: some of the twelve samples carry no signal in modality 0.
    expect(view.samples.some((s) => s.modalities[0]?.insufficient)).toBe(true);
    expect(view.features[0]?.head).toEqual([1, 0, 0, 0, 0]);
  });

  it('keeps what it draws bounded and says what to change when one sample is too big', async () => {
    expect(() => parseApiCall('sampleData', { config: {}, samples: 1000 })).toThrow(/bad argument to sampleData at samples/);
    const huge = { ...tinyRunConfig(1), data: { K: 2, d: 1_000_000, P: 8, n: 10, nTest: 10 } };
    await expect(fx.service.sampleData({ config: huge })).rejects.toThrow(
      /one sample of this configuration has 16,000,000 \(K x P x d\); choose fewer patches or a smaller d/,
    );
    await expect(fx.service.sampleData({ config: { model: { q: -1 } } })).rejects.toThrow(/model\.q/);
  });

  it('overlays one metric of several runs with their mean and band, naming runs that lack it', async () => {
    const ids: number[] = [];
    for (const seed of [1, 2, 3]) {
      const { runId } = await fx.service.startRun({ config: tinyRunConfig(seed, 200, 5) });
      await fx.waitFor(runEnded(runId));
      ids.push(runId);
    }
    const overlay = await fx.service.overlayRuns({ runIds: ids, mode: 'joint', scalar: 'gamma1' });
    expect(overlay.runs.map((r) => [r.runId, r.seed])).toEqual([
      [ids[0], 1],
      [ids[1], 2],
      [ids[2], 3],
    ]);
    expect(overlay.runs[0]?.steps.length).toBe(41);
    expect(overlay.band?.n.every((n) => n === 3)).toBe(true);
    expect(overlay.modes).toEqual(['joint', 'unimodal:0', 'unimodal:1']);
    expect(overlay.scalars).toContain('gammaPlus0');
    const unimodal = await fx.service.overlayRuns({ runIds: ids, mode: 'unimodal:0', scalar: 'nope' });
    expect(unimodal.missing).toEqual(ids);
    expect(unimodal.band).toBeNull();
    await expect(fx.service.overlayRuns({ runIds: [999], mode: 'joint', scalar: 'gamma0' })).rejects.toThrow(/there is no run 999/);
  });
});
