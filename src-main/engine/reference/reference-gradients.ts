import type { ModeName, NativeDataset, NativeRunSpec, TypedReal } from '../native-types';
import { parseMode } from './modes';
import { ogmFactors } from './remedies';
import { TfLearner, toFloat32 } from './tf-learner';
import { tfRuntime } from './tf-runtime';

export interface ReferenceLossAndGrads {
  /** Mean logistic loss, computed by tfjs in float32. */
  loss: number;
  /** dLoss/dW_r per modality (m*d, row-major by neuron); zeros for encoders the mode does not use. */
  grads: Float32Array[];
  /** The tfjs backend that computed them. */
  backend: string;
  /** The factor each encoder's gradient is multiplied by in an update (OGM-GE; 1 otherwise). */
  gradientScale: number[];
}

/**
 * Loss and gradients of one mode at the given weights, by tfjs autodiff (the checking oracle);
 * at a step >= 0, of the loss training minimises at that step (its dropout masks).
 */
export async function referenceLossAndGrads(
  spec: NativeRunSpec,
  dataset: NativeDataset,
  weights: TypedReal[],
  mode: ModeName,
  step = -1,
): Promise<ReferenceLossAndGrads> {
  const { tf, backend } = await tfRuntime();
  const { K, d } = spec.data;
  const { m } = spec.model;
  const parsed = parseMode(mode, K);
  const learner = new TfLearner(tf, spec, dataset, parsed);
  const weightTensors = parsed.trained.map((r) => tf.tensor2d(toFloat32(weights[r]), [m, d]));
  try {
    const { loss, grads } = learner.lossAndGrads(weightTensors, step);
    const parts = learner.outputs(weightTensors);
    const outputs: ArrayLike<number>[] = new Array<ArrayLike<number>>(K).fill([]);
    parsed.trained.forEach((r, position) => (outputs[r] = parts[position] as Float32Array));
    const gradientScale = ogmFactors(spec, parsed, outputs, dataset.yTrain, step, learner.trainingPart);
    const out = Array.from({ length: K }, () => new Float32Array(m * d));
    parsed.trained.forEach((r, position) => {
      const g = grads[position];
      // Copy: a backend may hand back a view of its own memory.
      if (g) out[r] = Float32Array.from(g.dataSync());
    });
    tf.dispose(grads);
    return { loss, grads: out, backend, gradientScale };
  } finally {
    tf.dispose(weightTensors);
    learner.dispose();
  }
}
