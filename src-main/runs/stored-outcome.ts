/**
 * The outcome (run-outcome.ts) of a run as the workspace keeps it: the stored summary holds the
 * per-mode results but not the configuration, so the three settings the outcome needs (K, rho
 * and the step count) come from the run's configuration. Both are read defensively: a summary
 * written by an older lab lacks the peak and initial alignments (runOutcome falls back), and an
 * unreadable part reads as missing rather than failing the caller.
 */
import { runOutcome, type OutcomeMode, type OutcomeModality, type RunOutcome } from './run-outcome';

export interface OutcomeContext {
  K: number;
  rho: number;
  steps: number;
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** K, rho and the step count of a run configuration; null when any is missing. */
export function outcomeContext(config: unknown): OutcomeContext | null {
  const c = record(config);
  const K = numberOrNull(record(c?.data)?.K);
  const rho = numberOrNull(record(c?.model)?.rho);
  const steps = numberOrNull(record(c?.train)?.steps);
  return K !== null && rho !== null && steps !== null ? { K, rho, steps } : null;
}

function storedModality(value: unknown): OutcomeModality | null {
  const m = record(value);
  if (!m) return null;
  return {
    gammaPlus: numberOrNull(m.gammaPlus),
    gammaMinus: numberOrNull(m.gammaMinus),
    crossStep: numberOrNull(m.crossStep),
    peakGammaPlus: numberOrNull(m.peakGammaPlus),
    peakGammaMinus: numberOrNull(m.peakGammaMinus),
    initialGammaPlus: numberOrNull(m.initialGammaPlus),
    initialGammaMinus: numberOrNull(m.initialGammaMinus),
  };
}

function storedMode(value: unknown): OutcomeMode | undefined {
  const m = record(value);
  if (!m) return undefined;
  return {
    stepsRun: numberOrNull(m.stepsRun) ?? 0,
    cancelled: m.cancelled === true,
    divergedAtStep: numberOrNull(m.divergedAtStep),
    modalities: Array.isArray(m.modalities) ? m.modalities.map(storedModality) : [],
  };
}

/** The outcome of a stored run; null without a summary, a joint mode or the configuration's facts. */
export function storedRunOutcome(summary: unknown, context: OutcomeContext | null): RunOutcome | null {
  const modes = record(record(summary)?.modes);
  if (!modes || !context) return null;
  const parsed: Partial<Record<string, OutcomeMode>> = {};
  for (const [name, value] of Object.entries(modes)) parsed[name] = storedMode(value);
  return runOutcome({ ...context, modes: parsed });
}
