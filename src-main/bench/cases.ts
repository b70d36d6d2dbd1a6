/**
 * The benchmark cases of issue 2, in one place. Both engines read their shapes from here: the
 * native worker builds its run specs from it and the NumPy peer receives it as JSON.
 */

export interface BenchCase {
  name: string;
  /** Independent runs advanced together; one "step" is one GD step of every run. */
  runs: number;
  K: number;
  n: number;
  P: number;
  d: number;
  /** All neurons of one modality's encoder. */
  m: number;
  /** Timed GD steps when the user gives no --steps; sized for seconds of timed work per engine. */
  defaultSteps: number;
  /** Rounds per engine when the user gives no --repeats; the best round is reported. */
  defaultRepeats: number;
  /** Minimum (fastest peer's time)/(native time) asked for, or null when none is set. */
  targetRatio: number | null;
  /** Minimum native GEMM rate as a fraction of the machine's measured sgemm rate, or null. */
  targetEfficiency: number | null;
  /** Run only when asked for by name (it is big). */
  onlyOnRequest: boolean;
}

/** Learner settings shared by every case: the schema's reconstructed defaults, float32. */
export const BENCH_HYPER = {
  q: 3,
  rho: 0.1,
  sigma0: 5e-4,
  sigmaXi: 0.05,
  eta: 0.25,
  alpha: [1.0, 0.6],
  mu: [0.3, 0.05],
  // The test set is only touched at metric records, which the timing differences away; a small
  // one keeps data generation (the noisy constant the native timing subtracts) short.
  nTest: 32,
} as const;

export const BENCH_CASES: readonly BenchCase[] = [
  {
    name: 'paper-single',
    runs: 1,
    K: 2,
    n: 512,
    P: 4,
    d: 512,
    m: 64,
    defaultSteps: 200,
    defaultRepeats: 3,
    targetRatio: 3,
    targetEfficiency: 0.8,
    onlyOnRequest: false,
  },
  {
    name: 'sweep',
    runs: 64,
    K: 2,
    n: 256,
    P: 4,
    d: 256,
    m: 32,
    defaultSteps: 40,
    defaultRepeats: 3,
    targetRatio: 6,
    targetEfficiency: null,
    onlyOnRequest: false,
  },
  {
    name: 'large',
    runs: 1,
    K: 2,
    n: 16384,
    P: 8,
    d: 2048,
    m: 512,
    defaultSteps: 3,
    defaultRepeats: 1,
    targetRatio: 1.5,
    targetEfficiency: 0.8,
    onlyOnRequest: true,
  },
];

export const DEFAULT_CASE_NAMES: readonly string[] = BENCH_CASES.filter((c) => !c.onlyOnRequest).map((c) => c.name);

export function findCase(name: string): BenchCase {
  const found = BENCH_CASES.find((c) => c.name === name);
  if (!found) {
    const known = BENCH_CASES.map((c) => c.name).join(', ');
    throw new Error(`unknown bench case "${name}"; known cases: ${known}`);
  }
  return found;
}

/**
 * Flops of one GD step, counting only the two GEMMs per modality and run (forward X W^T and
 * backward dZ^T X, 2*n*P*d*m each): they dominate, and every engine does exactly these.
 */
export function gemmFlopsPerStep(c: BenchCase): number {
  return 4 * c.runs * c.K * c.n * c.P * c.d * c.m;
}

/**
 * Expected GEMM flops the native engine actually executes in a step. With clean signal patches
 * the signal patch of a sample whose modality r is sufficient (probability 1 - mu_r) is exactly
 * s v, and the engine treats it as rank-one work outside the products (native/core/packed_data.h);
 * the other rows go through both GEMMs. An expectation over the data draw, not a count.
 */
export function executedGemmFlopsPerStep(c: BenchCase): number {
  let rows = 0;
  for (let r = 0; r < c.K; r++) {
    const mu = BENCH_HYPER.mu[r % BENCH_HYPER.mu.length] as number;
    rows += c.n * c.P - c.n * (1 - mu);
  }
  return 4 * c.runs * rows * c.d * c.m;
}

const F32 = 4;

/**
 * Rough peak bytes of the hungrier engine for this case, to refuse a case the machine cannot hold
 * before spending minutes generating its data. NumPy is the hungrier one: besides the data it
 * keeps about eight (n*P, m) float32 temporaries per modality alive in a step (pre-activations,
 * the np.where branches, masks, the gradient).
 */
export function estimatePeakBytes(c: BenchCase): number {
  const samples = c.n + BENCH_HYPER.nTest;
  const data = c.runs * c.K * samples * c.P * c.d * F32;
  const temporaries = 8 * c.runs * c.K * c.n * c.P * c.m * F32;
  const weights = 3 * c.runs * c.K * c.m * c.d * F32;
  const interpreterBaseline = 100 * 2 ** 20;
  return data + temporaries + weights + interpreterBaseline;
}
