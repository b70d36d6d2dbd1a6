/**
 * The balancing remedies' arithmetic outside the tfjs graph, as the native engine defines it
 * (native/core's remedies.cpp): modality dropout masks, and OGM-GE's gradient factors.
 */
import type { NativeRunSpec } from '../native-types';
import { CounterRng, PURPOSE, SPLIT, streamId } from './counter-rng';
import type { ParsedMode } from './modes';

/**
 * keep[r][i] = 1 when sample i's modality r enters the fused output at `step`; null when the
 * mode is not joint, no dropout is set, or step < 0. A sample whose every modality would be
 * dropped keeps one, drawn uniformly among them.
 */
export function dropoutKeep(spec: NativeRunSpec, mode: ParsedMode, step: number): Float32Array[] | null {
  const p = spec.remedies?.dropout ?? [];
  if (mode.name !== 'joint' || !p.some((x) => x > 0) || step < 0) return null;
  const { K, n } = spec.data;
  const rng = new CounterRng(spec.seed);
  const keep = Array.from({ length: K }, () => new Float32Array(n).fill(1));
  const base = step * n;
  for (let i = 0; i < n; i++) {
    let kept = 0;
    for (let r = 0; r < K; r++) {
      const u = rng.uniform(streamId(PURPOSE.ModalityDropout, SPLIT.Train, r), base + i);
      const row = keep[r] as Float32Array;
      row[i] = u < (p[r] ?? 0) ? 0 : 1;
      kept += row[i] as number;
    }
    if (kept === 0) {
      const u = rng.uniform(streamId(PURPOSE.ModalityDropout, SPLIT.None, 0), base + i);
      (keep[Math.min(K - 1, Math.floor(u * K))] as Float32Array)[i] = 1;
    }
  }
  return keep;
}

const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/**
 * OGM's factor per modality (1 where it does not act): s_r = sum_i sigmoid(y_i f_r(X_i)); the
 * ratio of s_r to the mean of the other trained modalities' s; 1 - tanh(alpha (ratio - 1)) where
 * the ratio exceeds 1. `outputs[r]` holds f_r on the training set (any entry for untrained r);
 * `trained` marks the samples trained on (re-estimated blending's training part), null all.
 */
export function ogmFactors(
  spec: NativeRunSpec,
  mode: ParsedMode,
  outputs: ArrayLike<number>[],
  labels: ArrayLike<number>,
  step: number,
  trained: Uint8Array | null = null,
): number[] {
  const K = spec.data.K;
  const factor = new Array<number>(K).fill(1);
  const ogm = spec.remedies?.ogm;
  if (!ogm || !(ogm.alpha > 0) || mode.name !== 'joint' || mode.trained.length < 2) return factor;
  if (step < 0 || step < ogm.startStep || step >= ogm.endStep) return factor;
  const score = new Array<number>(K).fill(0);
  for (const r of mode.trained) {
    const f = outputs[r] as ArrayLike<number>;
    for (let i = 0; i < labels.length; i++) {
      if (!trained || trained[i]) (score[r] as number) += sigmoid((labels[i] as number) * (f[i] as number));
    }
  }
  const total = mode.trained.reduce((sum, r) => sum + (score[r] as number), 0);
  for (const r of mode.trained) {
    const others = (total - (score[r] as number)) / (mode.trained.length - 1);
    const ratio = others > 0 ? (score[r] as number) / others : 1;
    if (ratio > 1) factor[r] = 1 - Math.tanh(ogm.alpha * (ratio - 1));
  }
  return factor;
}
