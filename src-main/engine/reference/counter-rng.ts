/**
 * The native engine's counter-based generator (Philox4x32-10 of (seed, stream, index)) in
 * TypeScript, so the reference engine draws the very masks the native engine draws (modality
 * dropout, re-estimated blending's held-out split) and can check its gradients at any training step.
 */

const MUL0 = 0xd2511f53n;
const MUL1 = 0xcd9e8d57n;
const WEYL0 = 0x9e3779b9;
const WEYL1 = 0xbb67ae85;
const TWO32 = 2 ** 32;

/** What a stream is used for: the native engine's Purpose values (native/core's philox.h). */
export const PURPOSE = { ModalityDropout: 9, BlendingHoldout: 11 } as const;
export const SPLIT = { Train: 0, Test: 1, None: 2 } as const;

export function streamId(purpose: number, split: number, modality: number): number {
  return ((purpose << 24) | (split << 20) | (modality & 0xfffff)) >>> 0;
}

function philox(c0: number, c1: number, c2: number, c3: number, k0: number, k1: number): [number, number, number, number] {
  for (let round = 0; round < 10; round++) {
    const p0 = MUL0 * BigInt(c0);
    const p1 = MUL1 * BigInt(c2);
    const hi0 = Number(p0 >> 32n);
    const lo0 = Number(p0 & 0xffffffffn);
    const hi1 = Number(p1 >> 32n);
    const lo1 = Number(p1 & 0xffffffffn);
    const n0 = (hi1 ^ c1 ^ k0) >>> 0;
    const n2 = (hi0 ^ c3 ^ k1) >>> 0;
    c0 = n0;
    c1 = lo1;
    c2 = n2;
    c3 = lo0;
    k0 = (k0 + WEYL0) >>> 0;
    k1 = (k1 + WEYL1) >>> 0;
  }
  return [c0, c1, c2, c3];
}

export class CounterRng {
  private readonly k0: number;
  private readonly k1: number;

  /** `seed` is an integer below 2^53, as the schema allows. */
  constructor(seed: number) {
    this.k0 = (seed % TWO32) >>> 0;
    this.k1 = Math.floor(seed / TWO32) >>> 0;
  }

  /** Uniform in [0, 1) with 53 random bits, as the native engine forms it. */
  uniform(stream: number, index: number): number {
    const [a, b] = philox((index % TWO32) >>> 0, Math.floor(index / TWO32) >>> 0, stream, 0, this.k0, this.k1);
    return ((a >>> 5) * 67108864 + (b >>> 6)) * (1 / 9007199254740992);
  }
}
