/**
 * The contract between TypeScript and the native addon (`build/native/Release/modcomp_native.node`).
 *
 * The addon receives a fully *resolved* configuration (every default filled in, `alpha`/`mu`
 * expanded to length K, `modes` expanded to explicit entries). It re-checks every field itself,
 * because it is also a public boundary that must never crash the process.
 */

import type { EngineLimit } from './engine-limits';

export type Precision = 'f32' | 'f64' | 'tf32';
export type TypedReal = Float32Array | Float64Array;

/** One mode of training: `joint`, or `unimodal:r` (encoder r alone on (X_r, y)). */
export type ModeName = 'joint' | `unimodal:${number}`;

export interface NativeRunSpec {
  seed: number;
  data: {
    K: number;
    d: number;
    P: number;
    n: number;
    nTest: number;
    alpha: number[];
    mu: number[];
    sigmaXi: number;
    insufficiency: 'independent' | 'disjoint';
    dictionary: 'basis' | 'random';
    noiseOrthogonal: boolean;
    cleanSignal: boolean;
    nuisanceCount: number;
    nuisanceScale: number;
  };
  model: {
    m: number;
    q: number;
    rho: number;
    sigma0: number;
    head: 'twoClass' | 'odd';
    headScale: 'one' | 'inverseM';
  };
  train: {
    eta: number;
    steps: number;
    recordEvery: number;
    modes: ModeName[];
    /** 0 means full batch (the paper's setting); otherwise mini-batch SGD (beyond the paper). */
    batchSize: number;
    /** L2 weight decay (beyond the paper); 0 disables it. */
    weightDecay: number;
  };
  /** Balancing remedies (beyond the paper); absent means every remedy is off. Joint mode only. */
  remedies?: NativeRemedies;
  precision: Precision;
  /** Where the engine trains this run (the TypeScript side resolves 'auto'); default 'cpu'. */
  backend?: 'cpu' | 'cuda';
  /** Data imported from a file instead of generated (shapes checked natively too). */
  importedData?: NativeImportedData;
  /** Initial weights imported from a file instead of drawn: one (m*d) array per modality. */
  importedInit?: TypedReal[];
}

export interface NativeRemedies {
  /** Weight of the joint loss (gradient blending's w_0); 1 keeps it. */
  jointWeight: number;
  /** Weight of each encoder's own unimodal loss (auxiliary losses / blending's w_r); K entries. */
  unimodalWeights: number[];
  /** Modality dropout probability per modality; K entries. */
  dropout: number[];
  /** OGM-GE gradient modulation: alpha > 0 turns it on; it acts while startStep <= step < endStep. */
  ogm: { alpha: number; noise: boolean; startStep: number; endStep: number };
  /** Gradient blending's weights re-estimated every `everySteps` steps on a held-out fraction; absent or 0: fixed. */
  blending?: { everySteps: number; holdout: number };
}

export interface NativeImportedData {
  yTrain: Float64Array; // n, entries +1/-1
  yTest: Float64Array; // nTest
  xTrain: Float64Array[]; // per modality, n*P*d row-major (sample, patch, coordinate)
  xTest: Float64Array[]; // per modality, nTest*P*d
  v?: Float64Array[]; // per modality, d (unit feature); default e_1
}

/** A block of metric records; the layout is struct-of-arrays so it crosses threads cheaply. */
export interface NativeSeries {
  K: number;
  m: number;
  steps: Int32Array; // count
  scalarNames: string[]; // see SCALAR_NAMES in metric-names.ts
  scalars: Float64Array; // count * scalarNames.length, row-major; NaN where not applicable
  alignments: Float32Array; // count * K * m: <w_{r,j}, v_r> per record, modality, neuron
}

export interface NativeModalityFinal {
  gamma: number;
  gammaPlus: number;
  gammaMinus: number;
  phi: number;
  aloneTestErr: number;
  gradNorm: number;
  outputShare: number;
  /** This encoder's share of the gradient norms the update applies (after any OGM factor). */
  gradShare: number;
  /** Cosine between the joint loss's gradient of this encoder and its own unimodal loss's; joint modes of 2+ encoders. */
  unimodalCosine: number;
  /** Test error of the joint net with this modality's output masked; joint modes of 2+ encoders. */
  maskedTestErr: number;
  /** First step (count of GD updates) at which gamma exceeded rho, or null. */
  crossStep: number | null;
}

export interface NativeModeResult {
  mode: ModeName;
  stepsRun: number;
  cancelled: boolean;
  /** Step at which the loss stopped being finite, or null. The run stops there. */
  divergedAtStep: number | null;
  final: {
    trainLoss: number;
    trainErr: number;
    testLoss: number;
    testErr: number;
    /** One entry per modality; for `unimodal:r` only entry r is trained, the others hold NaN. */
    modalities: NativeModalityFinal[];
  };
  /**
   * Seconds spent in gradient steps and in metric records. For a GPU batch, stepSeconds is the
   * device time of the whole batch's steps, shared by every run in it.
   */
  timing: { stepSeconds: number; recordSeconds: number };
  series: NativeSeries;
  /**
   * Final weights per modality (m*d, row-major by neuron); precision of the run. Encoders a
   * unimodal mode does not train are returned as empty arrays.
   */
  weights: TypedReal[];
}

/**
 * The `error` the native engine gives a run of a batch that was cancelled before that run
 * started (native/core/run_trainer.cpp): not a failure of the run, so callers report it as cancelled.
 */
export const NATIVE_CANCELLED_BEFORE_START = 'cancelled before it started';

export interface NativeRunResult {
  index: number;
  /** Set when this run could not be trained; the other runs of the batch still are. */
  error: string | null;
  /** Heuristic: argmax_r (1-mu_r) alpha_r^q Gamma_r(0)^(q-2), from the initial weights. */
  predictedWinner: number;
  predictedScores: number[];
  initialGamma: number[];
  modes: NativeModeResult[];
}

export interface NativeProgress {
  runIndex: number;
  mode: ModeName;
  stepsDone: number;
  stepsTotal: number;
  series: NativeSeries; // only the records since the previous batch of this (run, mode)
}

export interface NativeTrainOptions {
  /** Worker threads; 0 means the hardware concurrency. Results do not depend on it. */
  threads?: number;
  /** Refuse work needing more than this many bytes of memory (default 8 GiB). */
  memoryLimitBytes?: number;
  /** Minimum milliseconds between progress batches (default 50). */
  progressIntervalMs?: number;
}

export interface NativeJob {
  cancel(): void;
}

export interface NativeDataset {
  yTrain: TypedReal;
  yTest: TypedReal;
  xTrain: TypedReal[];
  xTest: TypedReal[];
  v: TypedReal[];
  /** Signal coefficient per (sample, patch): x = s * v + noise. */
  signalTrain: TypedReal[];
  signalTest: TypedReal[];
}

export interface NativeEvaluation {
  loss: number;
  /** dLoss/dW_r per modality (m*d); zero arrays for encoders a unimodal mode does not train. */
  grads: TypedReal[];
  /** Network output f(X_i) on the training set. */
  outputs: Float64Array;
  /** The factor each encoder's gradient is multiplied by in an update (OGM-GE; 1 otherwise). */
  gradientScale: number[];
}

export interface NativeAddon {
  version(): string;
  capabilities(): {
    simd: string;
    hardwareThreads: number;
    cuda: { compiled: boolean; available: boolean; reason: string; devices: string[] };
    /** The engine's limit on every numeric setting, keyed by schema path (see engine-limits.ts). */
    limits: Record<string, EngineLimit>;
  };
  train(
    specs: NativeRunSpec[],
    options: NativeTrainOptions,
    onProgress: (batch: NativeProgress) => void,
    onDone: (error: Error | null, results: NativeRunResult[] | undefined) => void,
  ): NativeJob;
  generateData(spec: NativeRunSpec): NativeDataset;
  initialWeights(spec: NativeRunSpec): TypedReal[];
  /** At `step`: the loss training minimises at that step (its mini-batch and dropout masks). */
  evaluate(spec: NativeRunSpec, weights: TypedReal[], mode: ModeName, step?: number): NativeEvaluation;
}
