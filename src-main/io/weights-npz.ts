/**
 * `--save-weights`: the final weights of every mode as an .npz, in the layout `--init` reads
 * (`joint_W{r}`, and `unimodal{r}_W{r}` for the one encoder a unimodal mode trains).
 */
import type { NativeModeResult } from '../engine/native-types';
import type { NpyArray } from './npy';
import { writeNpzFile } from './npz';

function weightsArray(values: Float32Array | Float64Array, m: number, d: number): NpyArray {
  return { dtype: values instanceof Float32Array ? 'f4' : 'f8', shape: [m, d], data: values };
}

export function weightArrays(modes: readonly NativeModeResult[], m: number, d: number): Record<string, NpyArray> {
  const out: Record<string, NpyArray> = {};
  for (const mode of modes) {
    if (mode.mode === 'joint') {
      mode.weights.forEach((w, r) => {
        out[`joint_W${r}`] = weightsArray(w, m, d);
      });
    } else {
      const r = Number(mode.mode.slice('unimodal:'.length));
      const w = mode.weights[r];
      if (w) out[`unimodal${r}_W${r}`] = weightsArray(w, m, d);
    }
  }
  return out;
}

export function saveWeights(file: string, modes: readonly NativeModeResult[], m: number, d: number): void {
  writeNpzFile(file, weightArrays(modes, m, d));
}
