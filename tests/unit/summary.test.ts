import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src-main/config/resolve';
import { configHash } from '../../src-main/config/hash';
import { buildSummary, observedWinners, unimodalGap } from '../../src-main/runs/run-summary';
import { formatSummaryText } from '../../src-main/runs/summary-text';
import { competitionResult, fakeMode, modality } from './fake-results';

const config = resolveConfig({ preset: 'competition' }).config;

describe('run summary', () => {
  it('reports the competition: winner, heuristic prediction and gap', () => {
    const summary = buildSummary({ config, result: competitionResult(), backendUsed: 'cpu' });
    expect(summary.configHash).toBe(configHash(config));
    expect(summary.seed).toBe(config.seed);
    expect(summary.backend).toEqual({ requested: 'auto', used: 'cpu' });
    expect(summary.cancelled).toBe(false);
    expect(Object.keys(summary.modes)).toEqual(['joint', 'unimodal:0', 'unimodal:1']);
    expect(summary.observedWinners).toEqual([0]);
    expect(summary.observedClassWinners).toEqual({ plus: [0], minus: [0] });
    expect(summary.predictedWinner).toMatchObject({ modality: 0, heuristic: true });
    expect(summary.predictedWinner.rule).toMatch(/heuristic/);
    expect(summary.gap).toBeCloseTo(0.12, 12);
    expect(summary.bestUnimodal).toBe('unimodal:1');
    expect(summary.modes.joint?.modalities[0]).toEqual({
      gamma: 2.1,
      gammaPlus: 2.1,
      gammaMinus: 4.2,
      phi: 0.01,
      aloneTestErr: 0.2,
      crossStep: 812,
      // The fake series records no class alignments: no initial values, and the peaks are the final ones.
      initialGammaPlus: null,
      initialGammaMinus: null,
      peakGammaPlus: 2.1,
      peakGammaMinus: 4.2,
      // Nor balance metrics (NaN from the engine): null, as JSON has no NaN.
      gradShare: null,
      unimodalCosine: null,
      utilisation: null,
    });
    // The fake modes ran 100 of the preset's 4000 steps: the unimodal outcomes are not final.
    expect(summary.outcome).toMatchObject({ kind: 'one', soleWinner: 0, unimodalLearned: [null, null], complete: false });
    const ranToEnd = resolveConfig({ preset: 'competition', configObject: { train: { steps: 100 } } }).config;
    expect(buildSummary({ config: ranToEnd, result: competitionResult(), backendUsed: 'cpu' }).outcome).toMatchObject({
      unimodalLearned: [true, true],
      complete: true,
    });
    expect(summary.modes.joint?.modalities[1]?.crossStep).toBeNull();
  });

  it("carries a joint run's balance metrics: gradient share, joint/unimodal cosine, utilisation = masked error - joint error", () => {
    const result = competitionResult();
    result.modes[0] = fakeMode('joint', 0.14, [
      modality(2.1, 812, { gradShare: 0.7, unimodalCosine: 0.64, maskedTestErr: 0.5 }),
      modality(6e-4, null, { gradShare: 0.3, unimodalCosine: 0.45, maskedTestErr: 0.15 }),
    ]);
    const joint = buildSummary({ config, result, backendUsed: 'cpu' }).modes.joint;
    expect(joint?.modalities.map((m) => m?.gradShare)).toEqual([0.7, 0.3]);
    expect(joint?.modalities.map((m) => m?.unimodalCosine)).toEqual([0.64, 0.45]);
    expect(joint?.modalities[0]?.utilisation).toBeCloseTo(0.36, 12);
    expect(joint?.modalities[1]?.utilisation).toBeCloseTo(0.01, 12);
  });

  it('marks the encoders a unimodal mode does not train as null (JSON has no NaN)', () => {
    const summary = buildSummary({ config, result: competitionResult(), backendUsed: 'cpu' });
    expect(summary.modes['unimodal:0']?.modalities[1]).toBeNull();
    expect(summary.modes['unimodal:1']?.modalities[0]).toBeNull();
    expect(JSON.stringify(summary)).not.toMatch(/NaN/);
    expect(JSON.parse(JSON.stringify(summary)).modes['unimodal:1'].modalities[1].gamma).toBe(1.2);
  });

  it('finds several winners, or none', () => {
    const both = fakeMode('joint', 0.05, [modality(1, 10), modality(1, 20)]);
    const none = fakeMode('joint', 0.5, [modality(1e-3, null), modality(1e-3, null)]);
    const s = (mode: typeof both) => buildSummary({ config, result: { ...competitionResult(), modes: [mode] }, backendUsed: 'cpu' });
    expect(s(both).observedWinners).toEqual([0, 1]);
    expect(s(none).observedWinners).toEqual([]);
    expect(observedWinners(undefined)).toBeNull();
  });

  it('shows a class won by the modality whose headline gamma stayed low', () => {
    const result = competitionResult();
    result.modes[0] = fakeMode('joint', 0.02, [modality(2.1, 812), modality(2e-3, null, { gammaPlus: 5.5 })]);
    const summary = buildSummary({ config, result, backendUsed: 'cpu' });
    expect(summary.observedWinners).toEqual([0]);
    expect(summary.observedClassWinners).toEqual({ plus: [0, 1], minus: [0] });
    expect(formatSummaryText(summary)).toContain('+1: 0, 1;  -1: 0');
    expect(summary.outcome?.kind).toBe('split');
    expect(formatSummaryText(summary)).toContain('outcome of the joint run: classes split between modalities');
  });

  it('gives a null gap when the joint or every unimodal mode is missing', () => {
    const jointOnly = { ...competitionResult(), modes: [competitionResult().modes[0]!] };
    const s1 = buildSummary({ config, result: jointOnly, backendUsed: 'cpu' });
    expect(s1.gap).toBeNull();
    expect(s1.bestUnimodal).toBeNull();
    const unimodalOnly = { ...competitionResult(), modes: competitionResult().modes.slice(1) };
    const s2 = buildSummary({ config, result: unimodalOnly, backendUsed: 'cpu' });
    expect(s2.gap).toBeNull();
    expect(s2.observedWinners).toBeNull();
    expect(s2.bestUnimodal).toBe('unimodal:1');
    // A diverged unimodal run (NaN test error) does not count as the best one.
    const diverged = competitionResult();
    diverged.modes[2]!.final.testErr = NaN;
    expect(unimodalGap(buildSummary({ config, result: diverged, backendUsed: 'cpu' }).modes).best).toBe('unimodal:0');
  });

  it('marks a cancelled run', () => {
    const result = competitionResult();
    result.modes[2] = fakeMode('unimodal:1', 0.4, [null, modality(1e-3, null)], true);
    const summary = buildSummary({ config, result, backendUsed: 'cpu' });
    expect(summary.cancelled).toBe(true);
    expect(summary.modes['unimodal:1']?.cancelled).toBe(true);
    expect(formatSummaryText(summary)).toContain('CANCELLED');
    expect(buildSummary({ config, result: competitionResult(), backendUsed: 'cpu', cancelled: true }).cancelled).toBe(true);
  });

  it('has a short text form with winner, prediction and gap', () => {
    const text = formatSummaryText(buildSummary({ config, result: competitionResult(), backendUsed: 'cpu' }));
    expect(text).toContain('observed winner(s) of the joint run: modality 0');
    expect(text).toContain('predicted winner (heuristic): modality 0');
    expect(text).toContain('= +12.0 points: the best unimodal net beats joint training');
    expect(text).toMatch(/^joint\s+100\s/m);
    expect(text.split('\n').length).toBeLessThan(15);
  });
});
