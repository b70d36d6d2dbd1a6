import type * as tfTypes from '@tensorflow/tfjs';
import type { NativeDataset, NativeRunSpec, TypedReal } from '../native-types';
import { headShape, type HeadShape } from './head';
import type { ParsedMode } from './modes';

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

  /** Mean logistic loss of the mode's output (sum of the trained encoders' outputs). */
  loss(weights: tfTypes.Tensor2D[]): tfTypes.Scalar {
    const { tf } = this;
    const parts = weights.map((w, position) => this.encoderOutput(position, w));
    const f = parts.length === 1 ? (parts[0] as tfTypes.Tensor1D) : tf.addN(parts);
    // softplus(-y f) = log(1 + exp(-y f)); tfjs's softplus is overflow-safe and its gradient is smooth at 0.
    return tf.mean(tf.softplus(tf.neg(tf.mul(this.yTrain, f))));
  }

  /** Loss and dLoss/dW for the trained modalities (in `mode.trained` order). Caller disposes grads. */
  lossAndGrads(weights: tfTypes.Tensor2D[]): { loss: number; grads: tfTypes.Tensor2D[] } {
    const { tf } = this;
    const { value, grads } = tf.valueAndGrads((...ws: tfTypes.Tensor[]) => this.loss(ws as tfTypes.Tensor2D[]))(weights);
    const loss = value.dataSync()[0] ?? NaN;
    value.dispose();
    return { loss, grads: grads as tfTypes.Tensor2D[] };
  }

  dispose(): void {
    this.tf.dispose([...this.xTrain, this.yTrain, this.signs]);
  }
}

export function toFloat32(array: TypedReal | undefined): Float32Array {
  if (!array) throw new Error('missing array');
  return array instanceof Float32Array ? array : Float32Array.from(array);
}
