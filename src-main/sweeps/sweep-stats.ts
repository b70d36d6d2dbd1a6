/**
 * Per-cell statistics of a sweep, from the stored run summaries: how often each exclusive outcome
 * of the joint run happened (exactly one modality learned its feature, several did, the classes
 * split, none learned a class; runs/run-outcome.ts defines them) and how often modality r was the
 * sole winner, each with a Wilson 95% interval and its n; how often each modality learned its
 * feature whatever the others did (not exclusive: both can); mean and spread of the gap, of each
 * modality's crossing step and of each mode's test error; the heuristic's predicted winner by
 * majority. Runs are taken in seed order so sums are reproducible.
 */
import { z } from 'zod';
import { JOINT_OUTCOME_KINDS, type JointOutcomeKind } from '../runs/run-outcome';
import { storedRunOutcome, type OutcomeContext } from '../runs/stored-outcome';

const storedSummarySchema = z.looseObject({
  seed: z.number(),
  observedWinners: z.array(z.number().int()).nullable(),
  predictedWinner: z.looseObject({ modality: z.number().int() }),
  gap: z.number().nullable(),
  modes: z.record(
    z.string(),
    z.looseObject({
      testErr: z.number().nullable(),
      modalities: z.array(z.looseObject({ crossStep: z.number().nullable() }).nullable()),
    }),
  ),
});
export type StoredSummary = z.infer<typeof storedSummarySchema>;

export function parseStoredSummary(value: unknown): StoredSummary {
  return storedSummarySchema.parse(value);
}

/** A share k / n with its Wilson 95% interval. */
export interface Interval {
  p: number;
  low: number;
  high: number;
  k: number;
  n: number;
}

export interface Moments {
  n: number;
  mean: number | null;
  sd: number | null;
}

export interface CellStats {
  /** Finished runs of the cell (the n of every share below that has a joint outcome). */
  runs: number;
  /** P(the joint run ended as this outcome): exactly one kind per run, so the four sum to 1. */
  outcome: Record<JointOutcomeKind, Interval>;
  /** P(modality r is the sole winner): the run's outcome is `one`, won by r. */
  soleWinner: Interval[];
  /** P(modality r learned its feature in the joint run), whatever the others did: not exclusive. */
  learned: Interval[];
  predictedWinner: { modality: number | null; share: number };
  gap: Moments;
  /** Joint-mode crossing step per modality, over the runs where it crossed. */
  crossStep: Moments[];
  testErr: Record<string, Moments>;
}

const Z95 = 1.959963984540054;

/** Wilson score interval for k successes in n trials (95%). */
export function wilson(k: number, n: number): Interval {
  if (n === 0) return { p: 0, low: 0, high: 1, k, n };
  const p = k / n;
  const z2 = Z95 * Z95;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { p, low: Math.max(0, centre - half), high: Math.min(1, centre + half), k, n };
}

/** Mean and sample standard deviation (null where undefined). */
export function moments(values: number[]): Moments {
  const n = values.length;
  if (n === 0) return { n, mean: null, sd: null };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { n, mean, sd: null };
  const variance = values.reduce((a, b) => a + (b - mean) * (b - mean), 0) / (n - 1);
  return { n, mean, sd: Math.sqrt(variance) };
}

/** One finished run of a cell: its stored summary and the configuration facts its outcome needs. */
export interface CellRun {
  summary: StoredSummary;
  context: OutcomeContext | null;
}

export function cellStats(cellRuns: CellRun[], K: number): CellStats {
  const sorted = [...cellRuns].sort((a, b) => a.summary.seed - b.summary.seed);
  const runs = sorted.map((r) => r.summary);
  const n = runs.length;
  const outcomes = sorted.flatMap((r) => {
    const outcome = storedRunOutcome(r.summary, r.context);
    return outcome ? [outcome] : [];
  });
  const judged = outcomes.length;
  const share = (test: (o: (typeof outcomes)[number]) => boolean): Interval => wilson(outcomes.filter(test).length, judged);
  const votes = Array.from({ length: K }, (_, r) => runs.filter((s) => s.predictedWinner.modality === r).length);
  const top = Math.max(0, ...votes);
  const modeNames = [...new Set(runs.flatMap((s) => Object.keys(s.modes)))].sort();
  return {
    runs: n,
    outcome: Object.fromEntries(JOINT_OUTCOME_KINDS.map((kind) => [kind, share((o) => o.kind === kind)])) as Record<
      JointOutcomeKind,
      Interval
    >,
    soleWinner: Array.from({ length: K }, (_, r) => share((o) => o.soleWinner === r)),
    learned: Array.from({ length: K }, (_, r) => share((o) => o.jointLearned[r] === true)),
    predictedWinner: { modality: n === 0 ? null : votes.indexOf(top), share: n === 0 ? 0 : top / n },
    gap: moments(runs.flatMap((s) => (s.gap === null ? [] : [s.gap]))),
    crossStep: Array.from({ length: K }, (_, r) =>
      moments(
        runs.flatMap((s) => {
          const step = s.modes.joint?.modalities[r]?.crossStep;
          return typeof step === 'number' ? [step] : [];
        }),
      ),
    ),
    testErr: Object.fromEntries(
      modeNames.map((mode) => [
        mode,
        moments(
          runs.flatMap((s) => {
            const err = s.modes[mode]?.testErr;
            return typeof err === 'number' ? [err] : [];
          }),
        ),
      ]),
    ),
  };
}
