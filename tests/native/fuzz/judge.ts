/**
 * Decides whether one call's outcome honours the contract: refused inputs throw an Error whose
 * message names the offending setting; user errors thrown from getters or proxy traps pass
 * through unchanged; inputs the contract calls invalid never succeed.
 */
import { isSentinel } from './hostile-values';
import type { Expectation } from './spec-mutations';

export type Outcome = { threw: false; result: unknown } | { threw: true; error: unknown };

const ERROR_NAMES = new Set(['Error', 'TypeError', 'RangeError']);

export function callAndCapture(call: () => unknown): Outcome {
  try {
    return { threw: false, result: call() };
  } catch (error) {
    return { threw: true, error };
  }
}

/** Null when the outcome is acceptable, else a one-line reason. `prefix` is e.g. 'specs[1]'. */
export function judge(expectation: Expectation, outcome: Outcome, prefix?: string): string | null {
  if (!outcome.threw) return expectation.mustRefuse ? 'accepted an invalid input' : null;
  const error = outcome.error;
  if (!(error instanceof Error)) return `threw a non-Error: ${String(error)}`;
  if (isSentinel(error)) return expectation.hostility === 'throwsOnRead' ? null : `leaked an unrelated sentinel error`;
  if (expectation.hostility === 'revokedProxy' && error instanceof TypeError && /revoked/.test(error.message)) return null;
  if (!ERROR_NAMES.has(error.name)) return `threw ${error.name}, expected Error, TypeError or RangeError: ${error.message}`;
  const message = error.message;
  if (prefix !== undefined && !message.includes(prefix)) return `message does not name ${prefix}: ${message}`;
  if (!expectation.blame.some((name) => message.includes(name)))
    return `message names none of [${expectation.blame.join(', ')}]: ${message}`;
  if (expectation.messagePattern && !expectation.messagePattern.test(message))
    return `message does not match ${String(expectation.messagePattern)}: ${message}`;
  return null;
}
