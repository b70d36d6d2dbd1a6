/**
 * Gradient blending with re-estimated weights, as the native engine defines it (native/core's
 * gradient_blending.h, where the estimate is explained): the held-out split of the training set,
 * and the weights re-estimated from each loss term's overfitting-to-generalisation ratio.
 */
import type { NativeRunSpec } from '../native-types';
import { CounterRng, PURPOSE, SPLIT, streamId } from './counter-rng';

/** Samples held out of n: the fraction of n, rounded to the nearest. */
export function blendingHoldoutCount(n: number, holdout: number): number {
  return Math.floor(holdout * n + 0.5);
}

export function reestimatesWeights(spec: NativeRunSpec): boolean {
  return (spec.remedies?.blending?.everySteps ?? 0) > 0;
}

/** 1 for the samples the joint mode trains on, 0 for the held-out ones (partial Fisher-Yates); null when off. */
export function blendingTrainingPart(spec: NativeRunSpec): Uint8Array | null {
  const blending = spec.remedies?.blending;
  if (!blending || blending.everySteps <= 0) return null;
  const { n } = spec.data;
  const held = blendingHoldoutCount(n, blending.holdout);
  const trained = new Uint8Array(n).fill(1);
  const order = Array.from({ length: n }, (_, i) => i);
  const rng = new CounterRng(spec.seed);
  const stream = streamId(PURPOSE.BlendingHoldout, SPLIT.Train, 0);
  for (let k = 0; k < held; k++) {
    const u = rng.uniform(stream, k);
    const pick = k + Math.min(n - k - 1, Math.floor(u * (n - k)));
    [order[k], order[pick]] = [order[pick] as number, order[k] as number];
    trained[order[k] as number] = 0;
  }
  return trained;
}

/** The weights of the joint loss and of each encoder's own loss (K entries). */
export interface LossWeights {
  joint: number;
  unimodal: number[];
}

const softplus = (x: number): number => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

interface TermLosses {
  /** Per term: 0 the joint output, 1 + k the k-th trained encoder. */
  trained: number[];
  heldOut: number[];
}

export class BlendingEstimator {
  private readonly current: LossWeights;
  private readonly total: number;
  private before: TermLosses | null = null;

  constructor(
    private readonly spec: NativeRunSpec,
    private readonly trainedModalities: readonly number[],
  ) {
    const K = spec.data.K;
    const unimodal = Array.from({ length: K }, (_, r) => spec.remedies?.unimodalWeights[r] ?? 0);
    this.current = { joint: spec.remedies?.jointWeight ?? 1, unimodal };
    this.total = this.current.joint + trainedModalities.reduce((sum, r) => sum + (unimodal[r] as number), 0);
  }

  get weights(): LossWeights {
    return { joint: this.current.joint, unimodal: [...this.current.unimodal] };
  }

  /** Whether a measurement is due at `step`. */
  due(step: number): boolean {
    const every = this.spec.remedies?.blending?.everySteps ?? 0;
    return every > 0 && this.trainedModalities.length > 1 && step >= 0 && step % every === 0;
  }

  /** Measures each term at the outputs f_r (indexed by modality) and, from the second measurement on, re-estimates the weights. */
  observe(outputs: ArrayLike<number>[], labels: ArrayLike<number>, trained: Uint8Array): void {
    const now = this.measure(outputs, labels, trained);
    const before = this.before;
    if (before) {
      const scores = now.trained.map((_, j) => {
        const generalisation = (before.heldOut[j] as number) - (now.heldOut[j] as number);
        const overfitting =
          (now.heldOut[j] as number) - (now.trained[j] as number) - ((before.heldOut[j] as number) - (before.trained[j] as number));
        return generalisation > 0 ? generalisation / Math.max(overfitting * overfitting, 1e-12) : 0;
      });
      const sum = scores.reduce((a, b) => a + b, 0);
      if (sum > 0 && Number.isFinite(sum)) {
        this.current.joint = (this.total * (scores[0] as number)) / sum;
        this.trainedModalities.forEach((r, k) => (this.current.unimodal[r] = (this.total * (scores[1 + k] as number)) / sum));
      }
    }
    this.before = now;
  }

  private measure(outputs: ArrayLike<number>[], labels: ArrayLike<number>, trained: Uint8Array): TermLosses {
    const terms = 1 + this.trainedModalities.length;
    const sums: TermLosses = { trained: new Array<number>(terms).fill(0), heldOut: new Array<number>(terms).fill(0) };
    let countTrained = 0;
    let countHeld = 0;
    for (let i = 0; i < labels.length; i++) {
      const y = labels[i] as number;
      const part = trained[i] ? sums.trained : sums.heldOut;
      if (trained[i]) countTrained++;
      else countHeld++;
      let fused = 0;
      this.trainedModalities.forEach((r, k) => {
        const own = (outputs[r] as ArrayLike<number>)[i] as number;
        fused += own;
        part[1 + k] = (part[1 + k] as number) + softplus(-y * own);
      });
      part[0] = (part[0] as number) + softplus(-y * fused);
    }
    return {
      trained: sums.trained.map((s) => s / countTrained),
      heldOut: sums.heldOut.map((s) => s / countHeld),
    };
  }
}
