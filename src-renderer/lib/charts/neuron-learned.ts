/**
 * Whether a neuron has learned its modality's feature, as the metrics define it: with the
 * twoClass head the first m/2 neurons (a_j = +1) learn v_r and count in gammaPlus, the others
 * (a_j = -1) learn -v_r and count in gammaMinus; with the odd head every neuron learns v_r.
 * A neuron has learned it when its alignment in that direction exceeds rho.
 */
export type Head = 'twoClass' | 'odd';

/** +1 when neuron j of m learns v_r, -1 when it learns -v_r. */
export function learnedDirection(j: number, m: number, head: Head): 1 | -1 {
  return head === 'twoClass' && j >= m / 2 ? -1 : 1;
}

export function neuronLearned(value: number, j: number, m: number, head: Head, rho: number): boolean {
  return learnedDirection(j, m, head) * value > rho;
}
