import type * as tfTypes from '@tensorflow/tfjs';
import type {
  ModeName,
  NativeDataset,
  NativeModalityFinal,
  NativeModeResult,
  NativeProgress,
  NativeRunResult,
  NativeRunSpec,
  TypedReal,
} from '../native-types';
import { headShape, type HeadShape } from './head';
import { alignmentsOf, featureAlignment, measure, type MetricRecord } from './metrics';
import { parseMode, type ParsedMode } from './modes';
import { BlendingEstimator } from './gradient-blending';
import { ogmFactors } from './remedies';
import { predictWinner } from './predicted-winner';
import { resolveReferenceInputs } from './reference-inputs';
import { SeriesBuilder } from './series-builder';
import { TfLearner, toFloat32 } from './tf-learner';
import { tfRuntime, type TfRuntime } from './tf-runtime';
import { validateReferenceSpec } from './validate-spec';

export interface ReferenceTrainOptions {
  /** Aborting stops the current mode within one step; later modes then stop at step 0. */
  signal?: AbortSignal;
  onProgress?: (progress: NativeProgress) => void;
  /** Minimum milliseconds between progress batches of one mode (default 50). */
  progressIntervalMs?: number;
}

/**
 * Trains every mode of `spec` with tfjs (float32, whatever `spec.precision` says) and returns
 * the native engine's result shape. Slow on purpose: it re-reads all weights each step so that
 * crossStep is exact, and computes every metric by a plain float64 forward.
 */
export async function trainReference(spec: NativeRunSpec, options: ReferenceTrainOptions = {}): Promise<NativeRunResult> {
  validateReferenceSpec(spec);
  const runtime = await tfRuntime();
  const { dataset, initialWeights } = resolveReferenceInputs(spec);
  const head = headShape(spec.model);
  const initialGamma = initialWeights.map(
    (w, r) => featureAlignment(alignmentsOf(w, dataset.v[r] as TypedReal, spec.model.m, spec.data.d), head).gamma,
  );
  const { winner, scores } = predictWinner(spec, initialGamma);
  const modes: NativeModeResult[] = [];
  for (const mode of spec.train.modes) {
    modes.push(await trainMode(runtime, spec, dataset, initialWeights, head, mode, options));
  }
  return { index: 0, error: null, predictedWinner: winner, predictedScores: scores, initialGamma, modes };
}

/** OGM-GE's factor per modality at step t (all 1 unless OGM acts). */
function gradientScale(
  spec: NativeRunSpec,
  mode: ParsedMode,
  learner: TfLearner,
  tensors: tfTypes.Tensor2D[],
  dataset: NativeDataset,
  t: number,
): number[] {
  if (!spec.remedies || spec.remedies.ogm.alpha <= 0 || mode.name !== 'joint') return new Array<number>(spec.data.K).fill(1);
  const parts = learner.outputs(tensors);
  const outputs: ArrayLike<number>[] = new Array<ArrayLike<number>>(spec.data.K).fill([]);
  mode.trained.forEach((r, position) => (outputs[r] = parts[position] as Float32Array));
  return ogmFactors(spec, mode, outputs, dataset.yTrain, t, learner.trainingPart);
}

/** Cosine between each encoder's plain joint-loss gradient and its own unimodal loss's (joint modes of 2+ encoders). */
function unimodalCosines(spec: NativeRunSpec, mode: ParsedMode, learner: TfLearner, tensors: tfTypes.Tensor2D[]): number[] {
  const cosines = new Array<number>(spec.data.K).fill(NaN);
  if (mode.name !== 'joint' || mode.trained.length < 2) return cosines;
  const { joint, unimodal } = learner.jointAndUnimodalGrads(tensors);
  mode.trained.forEach((r, position) => {
    const a = joint[position] as Float32Array;
    const b = unimodal[position] as Float32Array;
    let ab = 0;
    let aa = 0;
    let bb = 0;
    for (let k = 0; k < a.length; k++) {
      ab += (a[k] as number) * (b[k] as number);
      aa += (a[k] as number) ** 2;
      bb += (b[k] as number) ** 2;
    }
    cosines[r] = aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : NaN;
  });
  return cosines;
}

function frobeniusNorm(values: ArrayLike<number>): number {
  let sum = 0;
  for (let k = 0; k < values.length; k++) sum += (values[k] ?? 0) ** 2;
  return Math.sqrt(sum);
}

const nextTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function trainMode(
  { tf }: TfRuntime,
  spec: NativeRunSpec,
  dataset: NativeDataset,
  initialWeights: TypedReal[],
  head: HeadShape,
  modeName: ModeName,
  options: ReferenceTrainOptions,
): Promise<NativeModeResult> {
  const { K, d } = spec.data;
  const { m, rho } = spec.model;
  const { eta, steps, recordEvery, weightDecay } = spec.train;
  const mode = parseMode(modeName, K);
  const learner = new TfLearner(tf, spec, dataset, mode);
  const blending = new BlendingEstimator(spec, mode.trained);
  const weights: Float32Array[] = initialWeights.map((w) => Float32Array.from(toFloat32(w)));
  let tensors: tfTypes.Tensor2D[] = mode.trained.map((r) => tf.tensor2d(weights[r] as Float32Array, [m, d]));
  const series = new SeriesBuilder(K, m);
  const crossStep: (number | null)[] = new Array<number | null>(K).fill(null);
  const interval = options.progressIntervalMs ?? 50;
  let lastProgress = Date.now();
  let cancelled = false;
  let divergedAtStep: number | null = null;
  let t = 0;
  const started = Date.now();
  let recordMilliseconds = 0;

  const emitProgress = (): void => {
    if (!options.onProgress || !series.hasUnsent) return;
    options.onProgress({ runIndex: 0, mode: modeName, stepsDone: t, stepsTotal: steps, series: series.takeUnsent() });
    lastProgress = Date.now();
  };

  try {
    for (; ; t++) {
      // Weights after t updates, read back in full so every metric below sees exactly them.
      mode.trained.forEach((r, position) => weights[r]?.set((tensors[position] as tfTypes.Tensor2D).dataSync()));
      for (const r of mode.trained) {
        const gamma = featureAlignment(alignmentsOf(weights[r] as Float32Array, dataset.v[r] as TypedReal, m, d), head).gamma;
        if (crossStep[r] === null && gamma > rho) crossStep[r] = t;
      }
      // An abort that arrives after the last step changes nothing, so it does not mark the run cancelled.
      cancelled = (options.signal?.aborted ?? false) && t < steps;
      if (learner.trainingPart && blending.due(t)) {
        const parts = learner.outputs(tensors);
        const outputs: ArrayLike<number>[] = new Array<ArrayLike<number>>(K).fill([]);
        mode.trained.forEach((r, position) => (outputs[r] = parts[position] as Float32Array));
        blending.observe(outputs, dataset.yTrain, learner.trainingPart);
      }
      const { loss, grads } = learner.lossAndGrads(tensors, t, blending.weights);
      const gradScale = gradientScale(spec, mode, learner, tensors, dataset, t);
      const gradNorms = new Array<number>(K).fill(NaN);
      mode.trained.forEach((r, position) => (gradNorms[r] = frobeniusNorm((grads[position] as tfTypes.Tensor2D).dataSync())));
      // wasm kernels clamp NaN inside clip/relu, so a finite tfjs loss alone does not prove the
      // weights are finite: check both.
      const finite = Number.isFinite(loss) && mode.trained.every((r) => (weights[r] as Float32Array).every(Number.isFinite));
      if (!finite) divergedAtStep = t;
      const stopping = t === steps || cancelled || divergedAtStep !== null;
      if (t % recordEvery === 0 || stopping) {
        const before = Date.now();
        const cosines = unimodalCosines(spec, mode, learner, tensors);
        series.push(t, measure(spec, dataset, head, mode, weights, gradNorms, { gradScale, cosines }));
        recordMilliseconds += Date.now() - before;
      }
      if (stopping) {
        tf.dispose(grads);
        break;
      }
      // Plain GD step; weight decay (beyond the paper) adds lambda * W to the gradient, and OGM
      // (a remedy) scales each encoder's gradient by its factor.
      const next = tensors.map((w, position) =>
        tf.tidy(() => {
          const g = tf.mul(grads[position] as tfTypes.Tensor2D, gradScale[mode.trained[position] as number] ?? 1);
          return tf.sub(w, tf.mul(tf.add(g, tf.mul(w, weightDecay)), eta)) as tfTypes.Tensor2D;
        }),
      );
      tf.dispose([...tensors, ...grads]);
      tensors = next;
      if (Date.now() - lastProgress >= interval) emitProgress();
      await nextTick(); // lets an abort (or the UI) run between steps
    }
  } finally {
    tf.dispose(tensors);
    learner.dispose();
  }
  emitProgress();
  const last = series.lastRecord as MetricRecord;
  return {
    mode: modeName,
    stepsRun: t,
    cancelled,
    divergedAtStep,
    final: {
      trainLoss: last.trainLoss,
      trainErr: last.trainErr,
      testLoss: last.testLoss,
      testErr: last.testErr,
      modalities: last.modalities.map((metrics, r): NativeModalityFinal => ({ ...metrics, crossStep: crossStep[r] ?? null })),
    },
    timing: { stepSeconds: (Date.now() - started - recordMilliseconds) / 1000, recordSeconds: recordMilliseconds / 1000 },
    series: series.all(),
    // Like the native engine: encoders this mode does not train get an empty array.
    weights: weights.map((w, r) => (mode.trained.includes(r) ? w : new Float32Array(0))),
  };
}
