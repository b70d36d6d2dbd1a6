import { describe, expect, it } from 'vitest';
import { nativeAvailable } from '../../src-main/engine/native-loader';
import type { NativeModeResult, NativeRunSpec } from '../../src-main/engine/native-types';
import { resolveConfig, toRunSpec } from '../../src-main/config/resolve';
import { trainNativeOnce } from '../support/native-train';

/*
 * One seeded case of the reconstructed starting point (docs/science.md) (d=500, n=50, P=2, m=20, q=3, rho=0.1,
 * sigma0=5e-4, sigmaXi=0.05, eta=0.25, T=4000, alpha=(1, 0.6), mu=(0.3, 0.05)): joint training
 * learns modality 0 only, while each unimodal run learns its own feature, and the joint net is
 * clearly worse than the unimodal modality-1 net. The full statistical check comes later.
 *
 * How often this happens (native 0.1.0, float32, seeds 1..30, gamma = min(gammaPlus, gammaMinus)):
 * - 19/30 seeds: joint gamma_0 > rho > joint gamma_1 and both unimodal gammas > rho. But in 16
 *   of those the "loser" modality 1 still won one class (gammaPlus_1 or gammaMinus_1 >> rho;
 *   the science page: the classes can be won by different modalities), so the joint net stays good.
 * - 3/30 seeds (6, 9, 14) show the clean outcome asserted here: modality 1 wins neither class
 *   and the joint test error (~0.13-0.16) is far above unimodal-1's (~0.02-0.03).
 * - 8/30: both modalities learned in joint training; 3/30: a unimodal run (modality 1) had not
 *   learned both classes by T=4000. Modality 0 won every joint run (the predicted winner).
 * With n = 30 the clean outcome rose to 14/30 (23/30 by the min criterion); eta = 0.1 with
 * T = 10000 gave exactly the base outcome per seed (the same gradient flow).
 * Seed 14 has the widest margins of the clean seeds (loser's alignments ~2e-3, 50x below rho).
 */
const SEED = 14;
const RHO = 0.1;
/** The science page reports a joint test error of ~0.14 against ~0.02 for unimodal modality 1. */
const MINIMUM_GAP = 0.05;

// The schema's defaults are the reconstructed starting point, so the test takes them from there and
// states only what it changes; the first assertion guards that assumption.
const startingPoint: NativeRunSpec = toRunSpec(
  resolveConfig({ configObject: { seed: SEED, train: { recordEvery: 100 }, precision: 'f32' } }).config,
);

function modeNamed(modes: NativeModeResult[], name: string): NativeModeResult {
  const mode = modes.find((candidate) => candidate.mode === name);
  if (!mode) throw new Error(`no ${name} result`);
  return mode;
}

describe.skipIf(!nativeAvailable())('modality competition at the reconstructed starting point (seed 14)', () => {
  it('starts from the reconstructed starting point', () => {
    const { data, model, train } = startingPoint;
    expect([data.K, data.d, data.P, data.n, data.sigmaXi, data.alpha, data.mu]).toEqual([2, 500, 2, 50, 0.05, [1, 0.6], [0.3, 0.05]]);
    expect([model.m, model.q, model.rho, model.sigma0, model.head]).toEqual([20, 3, RHO, 5e-4, 'twoClass']);
    expect([train.eta, train.steps, train.modes]).toEqual([0.25, 4000, ['joint', 'unimodal:0', 'unimodal:1']]);
  });

  it('joint training learns modality 0 only, while each unimodal run learns its own feature', async () => {
    const result = await trainNativeOnce(startingPoint, 2);
    const joint = modeNamed(result.modes, 'joint');
    const [winner, loser] = joint.final.modalities;
    expect(joint.stepsRun).toBe(4000);

    // Joint: modality 0's feature is learned (both classes), modality 1's is not.
    expect(winner?.gamma).toBeGreaterThan(RHO);
    expect(winner?.crossStep).not.toBeNull();
    expect(loser?.gamma).toBeLessThan(RHO);
    expect(loser?.crossStep).toBeNull();
    // The clean outcome: modality 1 wins neither class (not a class split between modalities).
    expect(loser?.gammaPlus).toBeLessThan(RHO);
    expect(loser?.gammaMinus).toBeLessThan(RHO);

    // Unimodal: each encoder alone learns its own feature.
    expect(modeNamed(result.modes, 'unimodal:0').final.modalities[0]?.gamma).toBeGreaterThan(RHO);
    expect(modeNamed(result.modes, 'unimodal:1').final.modalities[1]?.gamma).toBeGreaterThan(RHO);

    // The cost of competition: the unimodal modality-1 net beats the joint net.
    const unimodal1 = modeNamed(result.modes, 'unimodal:1');
    expect(joint.final.testErr - unimodal1.final.testErr).toBeGreaterThan(MINIMUM_GAP);
    // The heuristic predicted the observed winner.
    expect(result.predictedWinner).toBe(0);
  });
});
