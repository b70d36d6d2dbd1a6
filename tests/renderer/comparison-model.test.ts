/** The Remedies view's table, apart from the DOM: the CLI table's words, one row per arm. */
import { describe, expect, it } from 'vitest';
import type { ComparisonReportDto } from '../../src-main/api/lab-api';
import { armName as cliArmName, meanText as cliMeanText, rateText as cliRateText } from '../../src-main/science/comparison-text';
import type { ArmResult } from '../../src-main/science/remedy-comparison';
import {
  armName,
  armRows,
  comparisonColumns,
  loserSentence,
  meanText,
  rateText,
  trialText,
} from '../../src-renderer/lib/remedies/comparison-model';

const rate = (successes: number, n: number, low: number, high: number) => ({
  kind: 'rate' as const,
  p: n ? successes / n : 0,
  low,
  high,
  successes,
  k: successes,
  n,
});
const mean = (value: number | null, low: number | null, high: number | null, n: number) => ({ kind: 'mean' as const, value, low, high, n });

function arm(
  remedy: string,
  knob: string,
  value: unknown,
  sweepId: number | null,
  rescue = rate(3, 4, 0.3, 0.95),
): ComparisonReportDto['arms'][number] {
  return {
    remedy,
    label: `${remedy} label`,
    knob,
    value,
    sweepId,
    runs: 4,
    rescue,
    learned: [rate(4, 4, 0.5, 1), rate(1, 4, 0.05, 0.7)],
    crossStep: [mean(120.4, 100.1, 140.9, 4), mean(null, null, null, 0)],
    gapToBestUnimodal: mean(0.0123, -0.004, 0.0286, 4),
    utilisation: [mean(0.31, 0.2, 0.42, 4), mean(-0.001, -0.01, 0.008, 4)],
    gradShare: [mean(0.9, 0.8, 1, 4), mean(0.1, 0, 0.2, 4)],
    unimodalCosine: [mean(0.5, 0.4, 0.6, 4), mean(0.2, 0.1, 0.3, 4)],
  };
}

const report: ComparisonReportDto = {
  options: { preset: 'competition', seeds: 4, seedStart: 11, backend: 'cpu', precision: 'f32', set: [] },
  K: 2,
  seedsWithLoser: 4,
  baselineSeeds: 4,
  sweeps: [
    { remedy: 'none', sweepId: 7 },
    { remedy: 'auxiliary', sweepId: 8 },
  ],
  arms: [
    arm('none', 'remedies.jointWeight', 1, 7, rate(0, 4, 0, 0.49)),
    arm('auxiliary', 'remedies.unimodalWeights', [1], 8),
    arm('ogm', 'remedies.ogm.alpha', 0.5, null, rate(0, 0, 0, 1)),
  ],
};

describe('the remedy comparison view model', () => {
  it('words every estimate and arm exactly as the CLI table does', () => {
    const rates = [rate(11, 12, 0.646, 0.985), rate(0, 2, 0, 0.658), rate(0, 0, 0, 1)];
    for (const e of rates) expect(rateText(e)).toBe(cliRateText(e));
    expect(rateText(rates[0]!)).toBe('92% (11/12) [65%, 99%]');
    expect(rateText(rates[2]!)).toBe('no runs');
    const means = [mean(0.0123, -0.004, 0.0286, 12), mean(-0.2, null, null, 1), mean(null, null, null, 0)];
    for (const e of means) for (const digits of [0, 3]) expect(meanText(e, digits)).toBe(cliMeanText(e, digits));
    expect(meanText(means[0]!, 3)).toBe('0.012 [-0.004, 0.029]');
    for (const a of report.arms) expect(armName(a)).toBe(cliArmName(a as unknown as ArmResult));
    expect(report.arms.map(armName)).toEqual(['none', 'auxiliary remedies.unimodalWeights=[1]', 'ogm remedies.ogm.alpha=0.5']);
  });

  it('has a column per measurement and modality, and one row per arm with its sweep', () => {
    const columns = comparisonColumns(report.K);
    expect(columns).toEqual([
      'arm',
      'runs',
      'rescue [95% interval]',
      'joint - best unimodal test error [95% interval]',
      'utilisation m0',
      'utilisation m1',
      'time to learn m0 (step)',
      'time to learn m1 (step)',
      'sweep',
    ]);
    const rows = armRows(report);
    expect(rows).toHaveLength(report.arms.length);
    // Every row fills every column: name, runs, rescue, gap, K utilisations, K times, sweep.
    for (const row of rows) expect(4 + row.utilisation.length + row.timeToLearn.length + 1).toBe(columns.length);
    expect(rows[0]).toMatchObject({ name: 'none', runs: 4, rescue: '0% (0/4) [0%, 49%]', gap: '0.012 [-0.004, 0.029]', sweepId: 7 });
    expect(rows[1]).toMatchObject({
      rescue: '75% (3/4) [30%, 95%]',
      utilisation: ['0.310 [0.200, 0.420]', '-0.001 [-0.010, 0.008]'],
      timeToLearn: ['120 [100, 141]', '-'],
      sweepId: 8,
    });
    expect(rows[2]).toMatchObject({ rescue: 'no runs', sweepId: null });
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
  });

  it('says what the rescue rate is a share of, and whether the comparison is a trial', () => {
    expect(loserSentence(report)).toBe(
      'The plain joint run lost a modality that its unimodal run learns in 4 of 4 seeds; rescue is the share of those seeds where the remedied joint run learns every such modality.',
    );
    expect(trialText(report)).toBeNull();
    expect(trialText({ ...report, options: { ...report.options, set: ['train.steps=60', 'model.m=4'] } })).toBe(
      'train.steps=60, model.m=4',
    );
  });
});
