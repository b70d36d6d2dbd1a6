import type * as tfTypes from '@tensorflow/tfjs';
import type { NativeDataset, NativeRunSpec, TypedReal } from '../native-types';
import { headShape, type HeadShape } from './head';
import type { ParsedMode } from './modes';
import { blendingTrainingPart, type LossWeights } from './gradient-blending';
import { dropoutKeep } from './remedies';

type Tf = typeof tfTypes;

/**
 * The learner of the science page as a tfjs graph, differentiated by tfjs autodiff. It holds the train
 * inputs of the trained modalities as tensors ([n*P, d], one row per patch) for the life of a run.
 */
export class TfLearner {
  private readonly head: HeadShape;
  private readonly xTrain: tfTypes.Tensor2D[];
  private readonly yTrain: tfTypes.Tensor1D;
  private readonly signs: tfTypes.Tensor2D;
  /** Re-estimated blending's training part (1 trained on, 0 held out) in a joint mode; else null. */
  readonly trainingPart: Uint8Array | null;
  private readonly trainingMask: tfTypes.Tensor1D | null;

  constructor(
    private readonly tf: Tf,
    private readonly spec: NativeRunSpec,
    dataset: NativeDataset,
    private readonly mode: ParsedMode,
  ) {
    const { n, P, d } = spec.data;
    this.head = headShape(spec.model);
    this.xTrain = mode.trained.map((r) => tf.tensor2d(toFloat32(dataset.xTrain[r]), [n * P, d]));
    this.yTrain = tf.tensor1d(toFloat32(dataset.yTrain));
    this.signs = tf.tensor2d(Float32Array.from(this.head.signs), [spec.model.m, 1]);
    this.trainingPart = mode.name === 'joint' ? blendingTrainingPart(spec) : null;
    this.trainingMask = this.trainingPart ? tf.tensor1d(Float32Array.from(this.trainingPart)) : null;
  }

  /** Smoothed ReLU as clip(z,0,rho)^q/(q rho^(q-1)) + relu(z-rho): see smooth-relu.ts for why. */
  private smoothRelu(z: tfTypes.Tensor): tfTypes.Tensor {
    const { tf } = this;
    const { q, rho } = this.spec.model;
    const polynomial = tf.mul(tf.pow(tf.clipByValue(z, 0, rho), q), 1 / (q * Math.pow(rho, q - 1)));
    return tf.add(polynomial, tf.relu(tf.sub(z, rho)));
  }

  /** f_r on the train set, shape [n]; `position` indexes `mode.trained`. */
  encoderOutput(position: number, w: tfTypes.Tensor2D): tfTypes.Tensor1D {
    const { tf } = this;
    const { n, P } = this.spec.data;
    const x = this.xTrain[position];
    if (!x) throw new Error(`no train inputs for trained modality #${position}`);
    const z = tf.matMul(x, w, false, true); // [n*P, m]: <w_j, x_ip>
    const activation = this.head.odd ? tf.sub(this.smoothRelu(z), this.smoothRelu(tf.neg(z))) : this.smoothRelu(z);
    const perNeuron = tf.sum(tf.reshape(activation, [n, P, this.spec.model.m]), 1); // sum over patches
    return tf.reshape(tf.mul(tf.matMul(perNeuron as tfTypes.Tensor2D, this.signs), this.head.scale), [n]);
  }

  /**
   * Mean logistic loss of an output: softplus(-y f) is overflow-safe with a smooth gradient at 0.
   * `trainedOnly` averages over re-estimated blending's training part alone, where there is one.
   */
  private logistic(f: tfTypes.Tensor, trainedOnly = false): tfTypes.Scalar {
    const { tf } = this;
    const perSample = tf.softplus(tf.neg(tf.mul(this.yTrain, f)));
    if (!trainedOnly || !this.trainingMask || !this.trainingPart) return tf.mean(perSample);
    const count = this.trainingPart.reduce((sum, x) => sum + x, 0);
    return tf.div(tf.sum(tf.mul(perSample, this.trainingMask)), count);
  }

  /**
   * The loss training minimises: the mean logistic loss of the mode's output (sum of the trained
   * encoders' outputs); in a joint mode with remedies, the joint weight times that loss over the
   * outputs that `keep` leaves in (modality dropout), plus each encoder's own loss times its
   * unimodal weight, all over blending's training part where it holds samples out. The weights
   * are `lossWeights` (re-estimated blending's current ones), else the remedies' as set. `plain`
   * asks for the plain joint loss whatever the remedies.
   */
  loss(weights: tfTypes.Tensor2D[], keep: tfTypes.Tensor1D[] | null = null, plain = false, lossWeights?: LossWeights): tfTypes.Scalar {
    const { tf } = this;
    const parts = weights.map((w, position) => this.encoderOutput(position, w));
    const remedies = this.mode.name === 'joint' && !plain ? this.spec.remedies : undefined;
    const kept = keep ? parts.map((f, position) => tf.mul(f, keep[position] as tfTypes.Tensor1D)) : parts;
    const f = kept.length === 1 ? (kept[0] as tfTypes.Tensor) : tf.addN(kept);
    if (!remedies) return this.logistic(f);
    const w = lossWeights ?? { joint: remedies.jointWeight, unimodal: remedies.unimodalWeights };
    let total: tfTypes.Tensor = tf.mul(this.logistic(f, true), w.joint);
    parts.forEach((part, position) => {
      const lambda = w.unimodal[this.mode.trained[position] as number] ?? 0;
      if (lambda !== 0) total = tf.add(total, tf.mul(this.logistic(part, true), lambda));
    });
    return total as tfTypes.Scalar;
  }

  /**
   * Loss and dLoss/dW for the trained modalities (in `mode.trained` order) of the loss training
   * minimises at `step` (its dropout masks; a negative step draws none), with `lossWeights` as
   * loss() takes them. Caller disposes grads.
   */
  lossAndGrads(weights: tfTypes.Tensor2D[], step = -1, lossWeights?: LossWeights): { loss: number; grads: tfTypes.Tensor2D[] } {
    const { tf } = this;
    const masks = dropoutKeep(this.spec, this.mode, step);
    const keep = masks ? this.mode.trained.map((r) => tf.tensor1d(masks[r] as Float32Array)) : null;
    try {
      const { value, grads } = tf.valueAndGrads((...ws: tfTypes.Tensor[]) => this.loss(ws as tfTypes.Tensor2D[], keep, false, lossWeights))(
        weights,
      );
      const loss = value.dataSync()[0] ?? NaN;
      value.dispose();
      return { loss, grads: grads as tfTypes.Tensor2D[] };
    } finally {
      if (keep) tf.dispose(keep);
    }
  }

  /** Each trained encoder's output f_r on the train set (in `mode.trained` order). */
  outputs(weights: tfTypes.Tensor2D[]): Float32Array[] {
    return weights.map((w, position) => {
      const f = this.encoderOutput(position, w);
      const values = Float32Array.from(f.dataSync());
      f.dispose();
      return values;
    });
  }

  /**
   * Per trained encoder, the gradient of the plain joint loss and of the encoder's own unimodal
   * loss, as flat arrays (for the cosine between them).
   */
  jointAndUnimodalGrads(weights: tfTypes.Tensor2D[]): { joint: Float32Array[]; unimodal: Float32Array[] } {
    const { tf } = this;
    const jointGrads = tf.grads((...ws: tfTypes.Tensor[]) => this.loss(ws as tfTypes.Tensor2D[], null, true))(weights);
    const joint = jointGrads.map((g) => Float32Array.from(g.dataSync()));
    tf.dispose(jointGrads);
    const unimodal = weights.map((w, position) => {
      const g = tf.grad((x: tfTypes.Tensor) => this.logistic(this.encoderOutput(position, x as tfTypes.Tensor2D)))(w);
      const values = Float32Array.from(g.dataSync());
      g.dispose();
      return values;
    });
    return { joint, unimodal };
  }

  dispose(): void {
    this.tf.dispose([...this.xTrain, this.yTrain, this.signs, ...(this.trainingMask ? [this.trainingMask] : [])]);
  }
}

export function toFloat32(array: TypedReal | undefined): Float32Array {
  if (!array) throw new Error('missing array');
  return array instanceof Float32Array ? array : Float32Array.from(array);
}
