import type { NativeRunSpec } from '../native-types';

/**
 * The fixed second layer of one encoder, shared by the tfjs model and the float64 forward so both
 * read the head from one place.
 */
export interface HeadShape {
  /** a_j per neuron: +1 / -1 for 'twoClass' (first m/2 positive), all +1 for 'odd'. */
  signs: Float64Array;
  /** Multiplies the encoder output: 1, or 1/m for headScale 'inverseM'. */
  scale: number;
  /** 'odd' uses smoothrelu(z) - smoothrelu(-z) per neuron instead of smoothrelu(z). */
  odd: boolean;
}

export function headShape(model: NativeRunSpec['model']): HeadShape {
  const { m } = model;
  const signs = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    signs[j] = model.head === 'odd' || j < m / 2 ? 1 : -1;
  }
  return { signs, scale: model.headScale === 'inverseM' ? 1 / m : 1, odd: model.head === 'odd' };
}
