/**
 * The facts about one finished run that the paper check's statistics read: its outcome (the one
 * definition in runs/run-outcome.ts), test errors, insufficiencies and the heuristic's scores.
 * Read from a stored summary (the workspace keeps the config beside it), defensively: a summary
 * that lacks what a claim needs gives null and is reported as unusable, never guessed.
 */
import { z } from 'zod';
import type { RunConfig } from '../config/schema';
import { runOutcome, type RunOutcome } from '../runs/run-outcome';

const nullableNumber = z.number().nullable();
const modalitySchema = z.looseObject({
  gammaPlus: nullableNumber,
  gammaMinus: nullableNumber,
  crossStep: nullableNumber,
  peakGammaPlus: nullableNumber.optional(),
  peakGammaMinus: nullableNumber.optional(),
  initialGammaPlus: nullableNumber.optional(),
  initialGammaMinus: nullableNumber.optional(),
});
const modeSchema = z.looseObject({
  stepsRun: z.number(),
  cancelled: z.boolean(),
  divergedAtStep: nullableNumber,
  testErr: nullableNumber,
  modalities: z.array(modalitySchema.nullable()),
});
const summarySchema = z.looseObject({
  modes: z.record(z.string(), modeSchema),
  predictedWinner: z.looseObject({ modality: z.number().int(), scores: z.array(nullableNumber) }),
});

export interface RunFacts {
  seed: number;
  K: number;
  mu: number[];
  outcome: RunOutcome;
  jointTestErr: number | null;
  /** Per modality r: the test error of unimodal:r (null where it did not run). */
  unimodalTestErr: (number | null)[];
  predictedWinner: number;
  scores: (number | null)[];
}

export function runFacts(config: RunConfig, summary: unknown): RunFacts | null {
  const parsed = summarySchema.safeParse(summary);
  if (!parsed.success) return null;
  const { modes, predictedWinner } = parsed.data;
  const K = config.data.K;
  const outcome = runOutcome({ K, rho: config.model.rho, steps: config.train.steps, modes });
  if (!outcome) return null;
  return {
    seed: config.seed,
    K,
    mu: config.data.mu,
    outcome,
    jointTestErr: modes.joint?.testErr ?? null,
    unimodalTestErr: Array.from({ length: K }, (_, r) => modes[`unimodal:${r}`]?.testErr ?? null),
    predictedWinner: predictedWinner.modality,
    scores: predictedWinner.scores,
  };
}

/** The modalities whose feature the joint run learned. */
export function jointLearners(facts: RunFacts): number[] {
  return facts.outcome.jointLearned.flatMap((learned, r) => (learned ? [r] : []));
}

/** log(largest score / second largest), or null when a score is missing or not positive. */
export function logScoreRatio(scores: (number | null)[], first: number, second: number): number | null {
  const a = scores[first];
  const b = scores[second];
  if (typeof a !== 'number' || typeof b !== 'number' || !(a > 0) || !(b > 0)) return null;
  return Math.log(a / b);
}
