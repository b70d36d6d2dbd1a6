/**
 * Timing a single native run's steps from its progress reports (the native worker's preferred
 * per-step figure, see stepTimedSecondsPerStep).
 */

/** When a step of run 0 finished, as the progress reports tell it (wall seconds from the start). */
export interface StepReport {
  stepsDone: number;
  seconds: number;
}

/**
 * Seconds per step between two progress reports of a single run, or null where the reports
 * cannot say (a batch of runs, whose run 0 is not the batch's pace, or fewer than two reports
 * inside the run). Only reports after the first step and before the last count: the records at
 * the start and the end (and data generation before them) fall outside. This times the steps
 * alone, as the peers time theirs; the difference of two whole runs carries the noise of the
 * data generation in both, which on the large case (seconds a step, tens of seconds of data)
 * was as large as the steps themselves.
 */
export function stepTimedSecondsPerStep(runs: number, totalSteps: number, reports: readonly StepReport[]): number | null {
  if (runs !== 1) return null;
  const inside = reports.filter((r) => r.stepsDone >= 1 && r.stepsDone < totalSteps);
  const first = inside[0];
  const last = inside[inside.length - 1];
  if (!first || !last || last.stepsDone <= first.stepsDone) return null;
  return (last.seconds - first.seconds) / (last.stepsDone - first.stepsDone);
}
