/**
 * What the paper check's figures are drawn from, in plain shapes: the figures layer sits beside
 * the science layer (neither imports the other), so the pack writer hands over the check's
 * report in these shapes, which the report's own types satisfy.
 */
import type { NativeSeries } from '../engine/native-types';

export interface RateLike {
  kind: 'rate';
  p: number;
  low: number;
  high: number;
  successes: number;
  n: number;
}

export interface MeanLike {
  kind: 'mean';
  value: number | null;
  low: number | null;
  high: number | null;
  n: number;
}

export type VerdictText = 'pass' | 'fail' | 'no data';

/** The check as a whole, for every caption: what was run and whether it was the real thing. */
export interface CheckContext {
  mode: 'quick' | 'full';
  seeds: number;
  seedStart: number;
  precision: string;
  /** Settings changed from the presets (a trial of the machinery), or null for the paper check. */
  overrides: string | null;
}

export interface CheckStatisticInput {
  id: string;
  statement: string;
  /** The sweep (by key) whose runs it is measured on. */
  sweep: string;
  estimate: RateLike | MeanLike;
  threshold: number;
  verdict: VerdictText;
}

export interface CheckClaimInput {
  id: string;
  title: string;
  verdict: VerdictText;
  statistics: CheckStatisticInput[];
}

export interface TrajectoryInput {
  /** The check sweep's key and what it is for. */
  key: string;
  purpose: string;
  sweepId: number;
  K: number;
  rho: number;
  /** The preset's settings line (settings every run shares). */
  settings: string;
  runs: { seed: number; series: Map<string, NativeSeries> }[];
}

export interface WhoWinsInput {
  sweepId: number;
  fit: { intercept: number; slope: number; midpoint: number | null; n: number; converged: boolean } | null;
  /** Runs with exactly one winner: x = log(score_0 / score_1), and whether modality 0 won. */
  runs: { x: number; win: boolean; cellIndex: number }[];
  /** The heuristic's scores must differ by this factor for C3 to count a run. */
  scoreRatioMin: number;
  seedsPerCell: number;
  cells: number;
}

export interface RegimeMapInput {
  key: string;
  purpose: string;
  sweepId: number;
  axes: string[];
  cells: { cellIndex: number; coords: Record<string, unknown>; rates: Record<string, RateLike> }[];
  /** The threshold of each rate the map shows (C1, C2a, C2b). */
  thresholds: Record<string, number>;
  seedsPerCell: number;
}
