import type { NativeSeries } from '../../src-main/engine/native-types';

/** A small synthetic series: `count` records starting at step `start`. */
export function fakeSeries(count: number, start = 0, K = 2, m = 4): NativeSeries {
  const names = ['trainLoss', 'testErr', 'gamma0'];
  return {
    K,
    m,
    steps: Int32Array.from({ length: count }, (_, i) => start + i * 5),
    scalarNames: names,
    scalars: Float64Array.from({ length: count * names.length }, (_, i) => Math.sin(start + i) / 3),
    alignments: Float32Array.from({ length: count * K * m }, (_, i) => (start + i) / 7),
  };
}
