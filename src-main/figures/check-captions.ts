/** Caption pieces every paper-check figure shares: which check, and whether it was only a trial. */
import type { CheckContext, MeanLike, RateLike } from './check-figure-inputs';
import { fixed } from './ticks';

export function checkLine(context: CheckContext): string {
  const what = `${context.mode} paper check, ${context.seeds} seeds per claim from seed ${context.seedStart}, ${context.precision}`;
  // A trial with smaller settings must never read as evidence for the theory.
  return context.overrides
    ? `${what}; a trial of the check, not its evidence: every run changed from its preset by ${context.overrides}`
    : what;
}

export function percentText(x: number): string {
  return `${fixed(100 * x, 0)}%`;
}

/** "92% (11/12) [65%, 99%]" or "+0.012 [-0.004, +0.028] (n=12)", as the check's report prints them. */
export function estimateText(estimate: RateLike | MeanLike): string {
  if (estimate.kind === 'rate') {
    if (estimate.n === 0) return 'no runs (n=0)';
    return `${percentText(estimate.p)} (${estimate.successes}/${estimate.n}) [${percentText(estimate.low)}, ${percentText(estimate.high)}]`;
  }
  if (estimate.value === null) return 'no runs (n=0)';
  const signed = (v: number): string => `${v >= 0 ? '+' : ''}${v.toFixed(3)}`;
  const interval = estimate.low === null || estimate.high === null ? '' : ` [${signed(estimate.low)}, ${signed(estimate.high)}]`;
  return `${signed(estimate.value)}${interval} (n=${estimate.n})`;
}
