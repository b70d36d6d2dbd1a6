import type { NativeRunSpec } from '../native-types';

/**
 * The science page's heuristic: early growth Gamma_r(t+1) ~ Gamma_r(t) + c (1-mu_r) alpha_r^q Gamma_r(t)^(q-1),
 * so the modality with the largest (1-mu_r) alpha_r^q Gamma_r(0)^(q-2) takes off first.
 * A non-positive Gamma_r(0) with fractional q - 2 gives NaN, which never wins.
 */
export function predictWinner(spec: NativeRunSpec, initialGamma: number[]): { winner: number; scores: number[] } {
  const { q } = spec.model;
  const scores = initialGamma.map(
    (gamma, r) => (1 - (spec.data.mu[r] ?? NaN)) * Math.pow(spec.data.alpha[r] ?? NaN, q) * Math.pow(gamma, q - 2),
  );
  // First strict maximum wins ties; NaN compares false and is skipped; all-NaN falls back to 0.
  let winner = 0;
  let best = -Infinity;
  scores.forEach((score, r) => {
    if (score > best) {
      best = score;
      winner = r;
    }
  });
  return { winner, scores };
}
