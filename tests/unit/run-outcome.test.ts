import { describe, expect, it } from 'vitest';
import { joinOutcome, runOutcome, type OutcomeMode, type OutcomeModality } from '../../src-main/runs/run-outcome';

const RHO = 0.1;
const STEPS = 100;

function modality(plus: number, minus: number, extra: Partial<OutcomeModality> = {}): OutcomeModality {
  const crossed = Math.min(plus, minus) > RHO;
  return { gammaPlus: plus, gammaMinus: minus, crossStep: crossed ? 50 : null, ...extra };
}

function mode(modalities: (OutcomeModality | null)[], over: Partial<OutcomeMode> = {}): OutcomeMode {
  return { stepsRun: STEPS, cancelled: false, divergedAtStep: null, modalities, ...over };
}

describe('joint outcome kinds', () => {
  it('partitions the per-class outcomes into exactly one kind each', () => {
    const c = (plus: boolean, minus: boolean) => ({ plus, minus });
    expect(joinOutcome([c(true, true), c(false, false)])).toEqual({ kind: 'one', soleWinner: 0 });
    expect(joinOutcome([c(false, false), c(true, true)])).toEqual({ kind: 'one', soleWinner: 1 });
    expect(joinOutcome([c(true, true), c(true, true)])).toEqual({ kind: 'several', soleWinner: null });
    expect(joinOutcome([c(true, false), c(false, true)])).toEqual({ kind: 'split', soleWinner: null });
    // A winner plus a loser that took one class is not a clean single winner.
    expect(joinOutcome([c(true, true), c(false, true)])).toEqual({ kind: 'split', soleWinner: null });
    expect(joinOutcome([c(false, false), c(false, false)])).toEqual({ kind: 'none', soleWinner: null });
    expect(joinOutcome([c(true, true), c(true, true), c(false, false)]).kind).toBe('several');
  });
});

describe('run outcome from a summary', () => {
  it('reads per-class learning from the peak alignments and the losers growth from the initial ones', () => {
    const outcome = runOutcome({
      K: 2,
      rho: RHO,
      steps: STEPS,
      modes: {
        joint: mode([
          modality(5, 4, { peakGammaPlus: 5, peakGammaMinus: 4, initialGammaPlus: 1e-3, initialGammaMinus: 1e-3 }),
          modality(2e-3, 1e-3, { peakGammaPlus: 3e-3, peakGammaMinus: 1e-3, initialGammaPlus: 1e-3, initialGammaMinus: 5e-4 }),
        ]),
        'unimodal:0': mode([modality(5, 5), null]),
        'unimodal:1': mode([null, modality(4, 4)]),
      },
    });
    expect(outcome).toMatchObject({
      kind: 'one',
      soleWinner: 0,
      jointLearned: [true, false],
      unimodalLearned: [true, true],
      complete: true,
    });
    expect(outcome?.loserGrowth).toBeCloseTo(3, 10);
  });

  it('counts a class learned at a recorded peak even when the final value fell back below rho', () => {
    const outcome = runOutcome({
      K: 2,
      rho: RHO,
      steps: STEPS,
      modes: { joint: mode([modality(5, 5), modality(0.05, 1e-3, { peakGammaPlus: 0.2 })]) },
    });
    expect(outcome?.kind).toBe('split');
    expect(outcome?.jointClasses[1]).toEqual({ plus: true, minus: false });
  });

  it('leaves unimodal learning unknown for a mode that did not run to the end', () => {
    const outcome = runOutcome({
      K: 2,
      rho: RHO,
      steps: STEPS,
      modes: {
        joint: mode([modality(5, 5), modality(1e-3, 1e-3)]),
        'unimodal:0': mode([modality(5, 5), null]),
        'unimodal:1': mode([null, modality(1e-3, 1e-3)], { stepsRun: 40, cancelled: true }),
      },
    });
    expect(outcome?.unimodalLearned).toEqual([true, null]);
    expect(outcome?.complete).toBe(false);
    // No initial alignments stored (an older summary): the growth is unknown, not guessed.
    expect(outcome?.loserGrowth).toBeNull();
  });

  it('is null for a run without a joint mode', () => {
    expect(runOutcome({ K: 1, rho: RHO, steps: STEPS, modes: { 'unimodal:0': mode([modality(5, 5)]) } })).toBeNull();
  });
});
