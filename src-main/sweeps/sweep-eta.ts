/**
 * A sweep's progress as people read it: runs done (trained every step, failed, or finished
 * before) of the total, and the time left, estimated from the pace of the work this session has
 * done so far (skipped runs cost nothing, so they do not speed the estimate up).
 */
import type { SweepProgress } from './sweep-runner';

export interface SweepPace {
  done: number;
  total: number;
  /** Null until some run has moved (no pace to go by). */
  etaSeconds: number | null;
}

export function sweepPace(progress: SweepProgress, elapsedSeconds: number): SweepPace {
  const done = progress.skipped + progress.done + progress.failed + progress.trained;
  const worked = progress.done + progress.failed + progress.trained + progress.training;
  const left = Math.max(0, progress.total - progress.skipped - worked);
  const etaSeconds = worked > 0 && elapsedSeconds > 0 ? (left * elapsedSeconds) / worked : left === 0 ? 0 : null;
  return { done: Math.min(done, progress.total), total: progress.total, etaSeconds };
}
