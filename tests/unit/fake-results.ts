/** Synthetic engine results for the summary, trace and CLI tests (no engine needed). */
import type { ModeName, NativeModalityFinal, NativeModeResult, NativeRunResult, NativeSeries } from '../../src-main/engine/native-types';

export function fakeSeries(K: number, names: string[], rows: number[][], steps: number[]): NativeSeries {
  return {
    K,
    m: 2,
    steps: Int32Array.from(steps),
    scalarNames: names,
    scalars: Float64Array.from(rows.flat()),
    alignments: new Float32Array(steps.length * K * 2),
  };
}

export function modality(gamma: number, crossStep: number | null, extra: Partial<NativeModalityFinal> = {}): NativeModalityFinal {
  return {
    gamma,
    gammaPlus: gamma,
    gammaMinus: gamma * 2,
    phi: 0.01,
    aloneTestErr: 0.2,
    gradNorm: 0,
    outputShare: 0.5,
    gradShare: NaN,
    unimodalCosine: NaN,
    maskedTestErr: NaN,
    crossStep,
    ...extra,
  };
}

const UNTRAINED: NativeModalityFinal = {
  gamma: NaN,
  gammaPlus: NaN,
  gammaMinus: NaN,
  phi: NaN,
  aloneTestErr: NaN,
  gradNorm: NaN,
  outputShare: NaN,
  gradShare: NaN,
  unimodalCosine: NaN,
  maskedTestErr: NaN,
  crossStep: null,
};

export function fakeMode(mode: ModeName, testErr: number, modalities: (NativeModalityFinal | null)[], cancelled = false): NativeModeResult {
  return {
    mode,
    stepsRun: cancelled ? 7 : 100,
    cancelled,
    divergedAtStep: null,
    final: { trainLoss: 0.01, trainErr: 0, testLoss: 0.3, testErr, modalities: modalities.map((m) => m ?? UNTRAINED) },
    timing: { stepSeconds: 0.5, recordSeconds: 0.1 },
    series: fakeSeries(
      modalities.length,
      ['trainLoss', 'testErr'],
      [
        [0.69, 0.5],
        [0.01, testErr],
      ],
      [0, 100],
    ),
    weights: modalities.map(() => new Float32Array(4)),
  };
}

/** The competition outcome of the science page's starting point: joint learns modality 0 only; unimodal:1 is best. */
export function competitionResult(): NativeRunResult {
  return {
    index: 0,
    error: null,
    predictedWinner: 0,
    predictedScores: [0.7, 0.2],
    initialGamma: [1e-3, 8e-4],
    modes: [
      fakeMode('joint', 0.14, [modality(2.1, 812), modality(6e-4, null)]),
      fakeMode('unimodal:0', 0.15, [modality(2.0, 700), null]),
      fakeMode('unimodal:1', 0.02, [null, modality(1.2, 1500)]),
    ],
  };
}
