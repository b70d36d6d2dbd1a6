/**
 * The claims of the reconstructed theory that the paper check measures, each as statistics over
 * seeds with its threshold written here (the docs' science page lists the same table):
 *
 * C1 unimodal learning, C2 competition (C2a one winner, C2b the losers learn neither class and
 * stay near their initial alignment), C3 who wins (the heuristic's prediction), C4 the gap,
 * C5 the controls under which competition fades, C6 more than two modalities.
 *
 * C1, C2 and C4 are measured on the same runs (the `competition` preset), so they hold together
 * or the check says which does not. Every statistic is evaluated on run facts (run-facts.ts),
 * which rest on the one outcome definition (runs/run-outcome.ts).
 */
import { jointLearners, logScoreRatio, type RunFacts } from './run-facts';

/** How far a loser may move from its initial alignment and still count as "stayed near it" (C2b). */
export const LOSER_GROWTH_LIMIT = 10;
/** The smallest gap, in test error, by which the best unimodal net must beat the joint one (C4). */
export const GAP_MARGIN = 0.05;
/** A predicted winner counts (C3) where its score is at least this multiple of the runner-up's. */
export const SCORE_RATIO_MIN = 2;
/** How close a test error must be to mu/2 on average (C1b, C4b), in absolute error. */
export const ERROR_TOLERANCE = 0.03;

/** A family of runs the check trains: one sweep of the workspace. */
export interface CheckSweepDef {
  key: string;
  preset: string;
  /** Extra swept settings (besides the precision axis every check sweep has). */
  grid?: { path: string; values: unknown[] }[];
  /** What the runs are for, in the sweep's name. */
  purpose: string;
}

interface StatisticBase {
  /** C1, C2a, ... */
  id: string;
  claim: string;
  /** What is measured, as a person reads it in the report. */
  statement: string;
  sweep: string;
}

/** The share of runs for which `success` holds; it passes at `threshold` or above. */
export interface RateStatistic extends StatisticBase {
  kind: 'rate';
  threshold: number;
  /** null: the run does not count for this statistic (it is outside its scope). */
  success(run: RunFacts): boolean | null;
}

/** The mean of `value` over runs; it passes when the mean lies within +-tolerance of 0. */
export interface MeanStatistic extends StatisticBase {
  kind: 'mean';
  tolerance: number;
  value(run: RunFacts): number | null;
}

export type StatisticDef = RateStatistic | MeanStatistic;

export interface ClaimDef {
  id: string;
  title: string;
}

export const CLAIMS: readonly ClaimDef[] = [
  { id: 'C1', title: 'unimodal learning: each encoder trained alone learns its feature' },
  { id: 'C2', title: 'competition: in the joint run one modality learns its feature, the others learn nothing' },
  { id: 'C3', title: 'who wins: the heuristic predicts the winner' },
  { id: 'C4', title: 'the gap: the best unimodal net beats the joint net' },
  { id: 'C5', title: 'controls: competition fades with many samples, plain ReLU, slow memorisation' },
  { id: 'C6', title: 'more than two modalities: the joint run learns a strict subset' },
];

/** The alpha values of modality 1 swept for C3, against alpha_0 = 1: score ratios on both sides of 1. */
export const WHO_WINS_ALPHA_1 = [0.5, 0.65, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 2.0];

export const CHECK_SWEEPS: readonly CheckSweepDef[] = [
  { key: 'competition', preset: 'competition', purpose: 'C1, C2 and C4' },
  {
    key: 'who-wins',
    preset: 'who-wins',
    grid: [{ path: 'data.alpha', values: WHO_WINS_ALPHA_1.map((a) => [1, a]) }],
    purpose: 'C3',
  },
  { key: 'large-n', preset: 'large-n', purpose: 'C5, many samples' },
  { key: 'relu', preset: 'relu', purpose: 'C5, plain ReLU' },
  { key: 'slow-memorisation', preset: 'slow-memorisation', purpose: 'C5, slow memorisation' },
  { key: 'three-modalities', preset: 'three-modalities', purpose: 'C6, K = 3' },
  { key: 'four-modalities', preset: 'four-modalities', purpose: 'C6, K = 4' },
];

function everyUnimodalLearned(run: RunFacts): boolean {
  return run.outcome.unimodalLearned.every((learned) => learned === true);
}

function bestUnimodalErr(run: RunFacts): number | null {
  const errs = run.unimodalTestErr.filter((e): e is number => e !== null);
  return errs.length === run.K ? Math.min(...errs) : null;
}

/** The mean over modalities of (unimodal test error - mu_r / 2). */
function unimodalErrorExcess(run: RunFacts): number | null {
  const excess = run.unimodalTestErr.map((err, r) => (err === null ? null : err - (run.mu[r] as number) / 2));
  if (excess.some((e) => e === null)) return null;
  return (excess as number[]).reduce((a, b) => a + b, 0) / run.K;
}

/** Several modalities learned their features, and none learned only one class. */
function bothLearned(run: RunFacts): boolean {
  return run.outcome.kind === 'several';
}

/** The joint run learned the features of at least one but not all modalities; every unimodal run learned its own. */
function strictSubset(run: RunFacts): boolean {
  const learned = jointLearners(run).length;
  return learned >= 1 && learned < run.K && everyUnimodalLearned(run);
}

export const STATISTICS: readonly StatisticDef[] = [
  {
    id: 'C1',
    claim: 'C1',
    kind: 'rate',
    sweep: 'competition',
    statement: 'share of runs in which every unimodal run learned its feature (gamma crossed rho)',
    threshold: 0.95,
    success: everyUnimodalLearned,
  },
  {
    id: 'C1b',
    claim: 'C1',
    kind: 'mean',
    sweep: 'competition',
    statement: 'mean of (unimodal test error - mu_r / 2) over modalities',
    tolerance: ERROR_TOLERANCE,
    value: unimodalErrorExcess,
  },
  {
    id: 'C2a',
    claim: 'C2',
    kind: 'rate',
    sweep: 'competition',
    statement: 'share of joint runs in which exactly one modality learned its feature',
    threshold: 0.9,
    success: (run) => jointLearners(run).length === 1,
  },
  {
    id: 'C2b',
    claim: 'C2',
    kind: 'rate',
    sweep: 'competition',
    statement: `share of joint runs in which one modality learned its feature and every other learned neither class, staying within ${LOSER_GROWTH_LIMIT}x its initial alignment`,
    threshold: 0.75,
    success: (run) => run.outcome.kind === 'one' && run.outcome.loserGrowth !== null && run.outcome.loserGrowth <= LOSER_GROWTH_LIMIT,
  },
  {
    id: 'C3',
    claim: 'C3',
    kind: 'rate',
    sweep: 'who-wins',
    statement: `share of runs with one winner and a predicted score at least ${SCORE_RATIO_MIN}x the runner-up's in which the predicted modality won`,
    threshold: 0.9,
    success: (run) => {
      const winners = jointLearners(run);
      if (winners.length !== 1) return null;
      const order = run.scores.map((s, r) => [s ?? -Infinity, r] as const).sort((a, b) => b[0] - a[0]);
      const ratio = logScoreRatio(run.scores, order[0]?.[1] ?? 0, order[1]?.[1] ?? 1);
      if (ratio === null || ratio < Math.log(SCORE_RATIO_MIN)) return null;
      return winners[0] === run.predictedWinner;
    },
  },
  {
    id: 'C4',
    claim: 'C4',
    kind: 'rate',
    sweep: 'competition',
    statement: `share of runs in which the best unimodal net beat the joint net by at least ${GAP_MARGIN * 100} points of test error`,
    threshold: 0.9,
    success: (run) => {
      const best = bestUnimodalErr(run);
      return best !== null && run.jointTestErr !== null && run.jointTestErr - best >= GAP_MARGIN;
    },
  },
  {
    id: 'C4b',
    claim: 'C4',
    kind: 'mean',
    sweep: 'competition',
    statement: 'mean of (joint test error - mu_winner / 2) over runs with one winner',
    tolerance: ERROR_TOLERANCE,
    value: (run) => {
      const winners = jointLearners(run);
      if (winners.length !== 1 || run.jointTestErr === null) return null;
      return run.jointTestErr - (run.mu[winners[0] as number] as number) / 2;
    },
  },
  ...(['large-n', 'relu', 'slow-memorisation'] as const).map((sweep): RateStatistic => ({
    id: `C5 ${sweep}`,
    claim: 'C5',
    kind: 'rate',
    sweep,
    statement: `share of ${sweep} runs in which the joint run learned the features of both modalities`,
    threshold: 0.8,
    success: bothLearned,
  })),
  ...(['three-modalities', 'four-modalities'] as const).map((sweep): RateStatistic => ({
    id: `C6 K=${sweep === 'three-modalities' ? 3 : 4}`,
    claim: 'C6',
    kind: 'rate',
    sweep,
    statement:
      'share of runs in which the joint run learned a strict, non-empty subset of the features while every unimodal run learned its own',
    threshold: 0.9,
    success: strictSubset,
  })),
];
