import { describe, expect, it } from 'vitest';
import { formatComparisonReport } from '../../src-main/science/comparison-text';
import type { RunFacts } from '../../src-main/science/run-facts';
import { armResult, losers, planComparison, REMEDIES, type ArmRun, type ComparisonReport } from '../../src-main/science/remedy-comparison';

function facts(
  seed: number,
  jointLearned: boolean[],
  unimodalLearned: (boolean | null)[],
  jointTestErr: number,
  unimodalTestErr: (number | null)[],
): RunFacts {
  return {
    seed,
    K: 2,
    mu: [0.15, 0],
    outcome: { jointClasses: [], jointLearned, kind: 'one', soleWinner: 0, loserGrowth: null, unimodalLearned, complete: true },
    jointTestErr,
    unimodalTestErr,
    predictedWinner: 0,
    scores: [1, 1],
  };
}

function run(f: RunFacts, crossStep: (number | null)[], utilisation: number[]): ArmRun {
  return { seed: f.seed, facts: f, crossStep, utilisation, gradShare: [0.5, 0.5], unimodalCosine: [0.9, 0.8] };
}

describe('the remedy comparison', () => {
  it('plans one sweep per remedy with its knob as the axis; only the baseline trains the unimodal runs', () => {
    const planned = planComparison({ preset: 'competition', seeds: 3, seedStart: 7, backend: 'cpu', precision: 'f32', set: [] });
    expect(planned.map((p) => p.remedy.key)).toEqual(REMEDIES.map((r) => r.key));
    for (const { remedy, plan } of planned) {
      expect(plan.spec.grid.map((axis) => axis.path)).toEqual(['precision', remedy.knob]);
      expect(plan.seeds).toEqual([7, 8, 9]);
      expect(plan.runs).toHaveLength(3 * remedy.values.length);
      expect(plan.spec.name).toBe(`remedy comparison: ${remedy.key} on competition`);
      const modes = plan.runs[0]?.config.train.modes;
      expect(modes).toEqual(remedy.key === 'none' ? ['joint', 'unimodal:0', 'unimodal:1'] : ['joint']);
      expect(plan.runs[0]?.config.remedies === undefined).toBe(remedy.key === 'none');
    }
    const ogm = planned.find((p) => p.remedy.key === 'ogm-ge')?.plan.runs[0]?.config.remedies?.ogm;
    expect(ogm).toEqual({ alpha: 0.5, noise: true, startStep: 0, endStep: 100_000_000 });
  });

  it('counts a rescue only on seeds whose plain joint run lost a modality its unimodal run learns', () => {
    const base = [
      facts(1, [true, false], [true, true], 0.08, [0.07, 0.02]), // lost modality 1
      facts(2, [true, true], [true, true], 0.01, [0.07, 0.02]), // no loser
      facts(3, [true, false], [true, false], 0.08, [0.07, 0.4]), // 1 not learned alone either: no loser
      facts(4, [true, false], [true, true], 0.09, [0.08, 0.03]), // lost modality 1
    ];
    expect(base.map((f) => losers(f))).toEqual([[1], [], [], [1]]);
    const baseline = new Map(base.map((f) => [f.seed, f]));
    const remedied = [
      run(facts(1, [true, true], [null, null], 0.0, [null, null]), [30, 120], [0.01, 0.07]),
      run(facts(2, [true, true], [null, null], 0.0, [null, null]), [40, 100], [0.01, 0.07]),
      run(facts(3, [true, false], [null, null], 0.1, [null, null]), [50, null], [0.4, 0.0]),
      run(facts(4, [true, false], [null, null], 0.09, [null, null]), [60, null], [0.4, 0.0]),
    ];
    const arm = armResult(REMEDIES[1]!, [1], remedied, baseline, 2);
    expect(arm.rescue).toMatchObject({ successes: 1, n: 2, p: 0.5 });
    expect(arm.learned.map((r) => [r.successes, r.n])).toEqual([
      [4, 4],
      [2, 4],
    ]);
    // Time to learn is over the seeds that learned: modality 1 at steps 120 and 100.
    expect(arm.crossStep[1]?.value).toBe(110);
    expect(arm.crossStep[1]?.n).toBe(2);
    // Joint error less the same seed's best unimodal error: -0.02, -0.02, +0.03, +0.06.
    expect(arm.gapToBestUnimodal.value).toBeCloseTo(0.0125, 12);

    const report: ComparisonReport = {
      options: { preset: 'competition', seeds: 4, seedStart: 1, backend: 'cpu', precision: 'f32', set: [] },
      K: 2,
      seedsWithLoser: 2,
      baselineSeeds: 4,
      sweeps: [],
      arms: [arm],
    };
    const text = formatComparisonReport(report);
    expect(text).toContain('remedy comparison on preset competition: 4 seeds from seed 1, f32, backend cpu');
    expect(text).toContain('lost a modality that its unimodal run learns in 2 of 4 seeds');
    expect(text).toMatch(/auxiliary remedies\.unimodalWeights=\[1\]\s+4\s+50% \(1\/2\)/);
    expect(text).toContain('110 [');
    expect(text).not.toContain('a trial');
    // A trial says so under the heading.
    const trial = formatComparisonReport({ ...report, options: { ...report.options, set: ['train.steps=60', 'model.m=4'] } });
    expect(trial.split('\n')[1]).toBe('a trial, not the comparison: every run changed from its preset by train.steps=60, model.m=4');
  });
});
