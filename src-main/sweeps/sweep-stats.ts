/**
 * Per-cell statistics of a sweep, from the stored run summaries: the probability that each
 * modality wins (its joint gamma crossed rho) with a Wilson 95% interval, mean and spread of the
 * gap, of each modality's crossing step and of each mode's test error, and the heuristic's
 * predicted winner by majority. Runs are taken in seed order so sums are reproducible.
 */
import { z } from 'zod';

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

export interface Interval {
  p: number;
  low: number;
  high: number;
}

export interface Moments {
  n: number;
  mean: number | null;
  sd: number | null;
}

export interface CellStats {
  runs: number;
  /** P(modality r wins) per modality; several modalities can win the same run. */
  winProbability: Interval[];
  /** P(no modality crossed rho). */
  noWinner: Interval;
  predictedWinner: { modality: number | null; share: number };
  gap: Moments;
  /** Joint-mode crossing step per modality, over the runs where it crossed. */
  crossStep: Moments[];
  testErr: Record<string, Moments>;
}

const Z95 = 1.959963984540054;

/** Wilson score interval for k successes in n trials (95%). */
export function wilson(k: number, n: number): Interval {
  if (n === 0) return { p: 0, low: 0, high: 1 };
  const p = k / n;
  const z2 = Z95 * Z95;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
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

export function cellStats(summaries: StoredSummary[], K: number): CellStats {
  const runs = [...summaries].sort((a, b) => a.seed - b.seed);
  const n = runs.length;
  const wins = Array.from({ length: K }, (_, r) => runs.filter((s) => s.observedWinners?.includes(r)).length);
  const none = runs.filter((s) => (s.observedWinners?.length ?? 0) === 0).length;
  const votes = Array.from({ length: K }, (_, r) => runs.filter((s) => s.predictedWinner.modality === r).length);
  const top = Math.max(0, ...votes);
  const modeNames = [...new Set(runs.flatMap((s) => Object.keys(s.modes)))].sort();
  return {
    runs: n,
    winProbability: wins.map((k) => wilson(k, n)),
    noWinner: wilson(none, n),
    predictedWinner: { modality: n === 0 ? null : votes.indexOf(top), share: n === 0 ? 0 : top / n },
    gap: moments(runs.flatMap((s) => (s.gap === null ? [] : [s.gap]))),
    crossStep: Array.from({ length: K }, (_, r) =>
      moments(runs.flatMap((s) => {
        const step = s.modes.joint?.modalities[r]?.crossStep;
        return typeof step === 'number' ? [step] : [];
      })),
    ),
    testErr: Object.fromEntries(
      modeNames.map((mode) => [mode, moments(runs.flatMap((s) => {
        const err = s.modes[mode]?.testErr;
        return typeof err === 'number' ? [err] : [];
      }))]),
    ),
  };
}
