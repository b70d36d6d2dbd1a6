import type { ModeName, NativeRunSpec } from '../../src-main/engine/native-types';
import { SeededRandom } from './seeded-random';
import { smallSpec } from './small-spec';

export const HEADS: NativeRunSpec['model']['head'][] = ['twoClass', 'odd'];
export const HEAD_SCALES: NativeRunSpec['model']['headScale'][] = ['one', 'inverseM'];
export const POWERS = [1, 2, 3, 4];

export interface GradientCase {
  label: string;
  spec: NativeRunSpec;
  modes: ModeName[];
  /** Standard deviation of the test weights: well above the default init so activations reach past rho. */
  weightScale: number;
  seed: number;
}

/**
 * Every head x headScale x q combination once, with K and P cycling through 1..3 (so each K and
 * each P meets several heads and powers) and d, n, m, rho drawn per case. Every case checks joint
 * and each unimodal mode.
 */
export function gradientCases(baseSeed: number): GradientCase[] {
  const cases: GradientCase[] = [];
  let index = 0;
  for (const head of HEADS) {
    for (const headScale of HEAD_SCALES) {
      for (const q of POWERS) {
        const seed = baseSeed * 1000 + index;
        const random = new SeededRandom(seed);
        const K = 1 + (index % 3);
        const P = 1 + (Math.floor(index / 3) % 3);
        const m = 2 * random.integer(1, 3);
        const spec = smallSpec({
          seed,
          data: { K, P, d: random.integer(4, 9), n: random.integer(4, 8), nTest: 5, sigmaXi: 0.5 },
          model: { m, q, rho: random.pick([0.05, 0.1, 0.2]), head, headScale },
        });
        const modes = spec.train.modes;
        cases.push({
          label: `${head}/${headScale} q=${q} K=${K} P=${P} m=${m} d=${spec.data.d} n=${spec.data.n} rho=${spec.model.rho}`,
          spec,
          modes,
          weightScale: 0.05 + 0.1 * random.uniform(),
          seed,
        });
        index++;
      }
    }
  }
  return cases;
}
