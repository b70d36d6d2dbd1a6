/**
 * The outcome of one run in the terms of the science page: per mode the final losses and errors, per
 * modality the feature alignment (gamma) and noise memorisation (phi); then who won the joint
 * run, who the heuristic predicted, and the gap to the best unimodal net.
 *
 * JSON has no NaN, so "not applicable" (e.g. an encoder a unimodal mode does not train) is null.
 */
import type { ModeName, NativeModeResult, NativeRunResult } from '../engine/native-types';
import type { RunConfig } from '../config/schema';
import { configHash } from '../config/hash';
import { runOutcome, type RunOutcome } from './run-outcome';

export interface ModalitySummary {
  gamma: number | null;
  gammaPlus: number | null;
  gammaMinus: number | null;
  phi: number | null;
  aloneTestErr: number | null;
  /**
   * Balance metrics of a joint mode (absent in runs recorded before they existed): this
   * encoder's share of the applied gradient norms, the cosine between its joint and unimodal
   * gradients, and its conditional utilisation (test error with its output masked less the
   * joint test error; Wu et al., ICML 2022). Null where not defined (unimodal modes).
   */
  gradShare?: number | null;
  unimodalCosine?: number | null;
  utilisation?: number | null;
  /** Step at which gamma first exceeded rho, or null if it never did. */
  crossStep: number | null;
  /** The class alignments at step 0 and their largest recorded values (null without records). */
  initialGammaPlus: number | null;
  initialGammaMinus: number | null;
  peakGammaPlus: number | null;
  peakGammaMinus: number | null;
}

export interface ModeSummary {
  stepsRun: number;
  cancelled: boolean;
  divergedAtStep: number | null;
  trainLoss: number | null;
  trainErr: number | null;
  testLoss: number | null;
  testErr: number | null;
  /** Index r = modality r; null for an encoder this mode does not train (unimodal:s, s != r). */
  modalities: (ModalitySummary | null)[];
}

export interface InputFileInfo {
  file: string;
  sha256: string;
}

export interface RunSummary {
  configHash: string;
  seed: number;
  backend: { requested: string; used: string };
  cancelled: boolean;
  config: RunConfig;
  inputs: { data?: InputFileInfo; init?: InputFileInfo };
  modes: Partial<Record<ModeName, ModeSummary>>;
  /** Modalities whose gamma crossed rho in the joint run; null when no joint mode ran. */
  observedWinners: number[] | null;
  /**
   * Per class, the modalities whose final alignment for that class (gammaPlus / gammaMinus)
   * exceeds rho in the joint run: the classes can be won by different modalities, which the
   * headline gamma = min(gammaPlus, gammaMinus) hides.
   */
  observedClassWinners: { plus: number[]; minus: number[] } | null;
  predictedWinner: {
    modality: number;
    heuristic: true;
    rule: string;
    scores: (number | null)[];
    initialGamma: (number | null)[];
  };
  /** testErr(joint) - min_r testErr(unimodal:r); null when either side is missing. */
  gap: number | null;
  bestUnimodal: ModeName | null;
  /** Per-class and exclusive outcome of the joint run (run-outcome.ts); null without a joint mode. */
  outcome: RunOutcome | null;
}

const PREDICTION_RULE = 'argmax_r (1 - mu_r) alpha_r^q Gamma_r(0)^(q-2) (heuristic from early growth)';

function finiteOrNull(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function trainedModalities(mode: ModeName, K: number): boolean[] {
  if (mode === 'joint') return new Array<boolean>(K).fill(true);
  const r = Number(mode.slice('unimodal:'.length));
  return Array.from({ length: K }, (_, i) => i === r);
}

/** First and largest recorded value of a scalar column of the mode's series (nulls without one). */
function firstAndPeak(result: NativeModeResult, column: string): { first: number | null; peak: number | null } {
  const { series } = result;
  const index = series.scalarNames.indexOf(column);
  const count = series.steps.length;
  if (index < 0 || count === 0) return { first: null, peak: null };
  const width = series.scalarNames.length;
  let peak = -Infinity;
  for (let i = 0; i < count; i++) {
    const value = series.scalars[i * width + index] as number;
    if (value > peak) peak = value;
  }
  return { first: series.steps[0] === 0 ? finiteOrNull(series.scalars[index]) : null, peak: finiteOrNull(peak) };
}

function summariseMode(result: NativeModeResult, K: number): ModeSummary {
  const trained = trainedModalities(result.mode, K);
  return {
    stepsRun: result.stepsRun,
    cancelled: result.cancelled,
    divergedAtStep: result.divergedAtStep,
    trainLoss: finiteOrNull(result.final.trainLoss),
    trainErr: finiteOrNull(result.final.trainErr),
    testLoss: finiteOrNull(result.final.testLoss),
    testErr: finiteOrNull(result.final.testErr),
    modalities: trained.map((isTrained, r) => {
      const m = result.final.modalities[r];
      if (!isTrained || !m) return null;
      const plus = firstAndPeak(result, `gammaPlus${r}`);
      const minus = firstAndPeak(result, `gammaMinus${r}`);
      const withFinal = (recorded: number | null, final: number): number | null => {
        const last = finiteOrNull(final);
        return recorded === null ? last : last === null ? recorded : Math.max(recorded, last);
      };
      return {
        gamma: finiteOrNull(m.gamma),
        gammaPlus: finiteOrNull(m.gammaPlus),
        gammaMinus: finiteOrNull(m.gammaMinus),
        phi: finiteOrNull(m.phi),
        aloneTestErr: finiteOrNull(m.aloneTestErr),
        gradShare: finiteOrNull(m.gradShare),
        unimodalCosine: finiteOrNull(m.unimodalCosine),
        utilisation: finiteOrNull(m.maskedTestErr - result.final.testErr),
        crossStep: m.crossStep,
        initialGammaPlus: plus.first,
        initialGammaMinus: minus.first,
        peakGammaPlus: withFinal(plus.peak, m.gammaPlus),
        peakGammaMinus: withFinal(minus.peak, m.gammaMinus),
      };
    }),
  };
}

/** Winners of the joint run: the modalities whose gamma crossed rho. */
export function observedWinners(joint: ModeSummary | undefined): number[] | null {
  if (!joint) return null;
  const winners: number[] = [];
  joint.modalities.forEach((m, r) => {
    if (m && m.crossStep !== null) winners.push(r);
  });
  return winners;
}

export function observedClassWinners(joint: ModeSummary | undefined, rho: number): RunSummary['observedClassWinners'] {
  if (!joint) return null;
  const above = (pick: (m: ModalitySummary) => number | null): number[] =>
    joint.modalities.flatMap((m, r) => (m && (pick(m) ?? -Infinity) > rho ? [r] : []));
  return { plus: above((m) => m.gammaPlus), minus: above((m) => m.gammaMinus) };
}

/** The best unimodal mode by test error and the gap of the joint net to it. */
export function unimodalGap(modes: Partial<Record<ModeName, ModeSummary>>): { gap: number | null; best: ModeName | null } {
  let best: ModeName | null = null;
  let bestErr = Infinity;
  for (const [name, summary] of Object.entries(modes) as [ModeName, ModeSummary][]) {
    if (name === 'joint' || summary.testErr === null) continue;
    if (summary.testErr < bestErr) {
      bestErr = summary.testErr;
      best = name;
    }
  }
  const jointErr = modes.joint?.testErr ?? null;
  if (best === null || jointErr === null) return { gap: null, best };
  return { gap: jointErr - bestErr, best };
}

export interface SummaryContext {
  config: RunConfig;
  result: NativeRunResult;
  backendUsed: string;
  cancelled?: boolean;
  inputs?: RunSummary['inputs'];
}

export function buildSummary({ config, result, backendUsed, cancelled, inputs }: SummaryContext): RunSummary {
  const K = config.data.K;
  const modes: Partial<Record<ModeName, ModeSummary>> = {};
  for (const mode of result.modes) modes[mode.mode] = summariseMode(mode, K);
  const { gap, best } = unimodalGap(modes);
  return {
    configHash: configHash(config),
    seed: config.seed,
    backend: { requested: config.backend, used: backendUsed },
    cancelled: (cancelled ?? false) || result.modes.some((m) => m.cancelled),
    config,
    inputs: inputs ?? {},
    modes,
    observedWinners: observedWinners(modes.joint),
    observedClassWinners: observedClassWinners(modes.joint, config.model.rho),
    predictedWinner: {
      modality: result.predictedWinner,
      heuristic: true,
      rule: PREDICTION_RULE,
      scores: result.predictedScores.map(finiteOrNull),
      initialGamma: result.initialGamma.map(finiteOrNull),
    },
    gap,
    bestUnimodal: best,
    outcome: runOutcome({ K, rho: config.model.rho, steps: config.train.steps, modes }),
  };
}
