import type { ModeName } from '../native-types';

/** A mode with the modality it trains spelled out: `joint` trains all K encoders, `unimodal:r` only r. */
export interface ParsedMode {
  name: ModeName;
  /** Modalities whose encoders are trained and whose outputs enter f. */
  trained: number[];
}

export function parseMode(name: ModeName, K: number): ParsedMode {
  if (name === 'joint') return { name, trained: Array.from({ length: K }, (_, r) => r) };
  const match = /^unimodal:(\d+)$/.exec(name);
  const r = match ? Number(match[1]) : NaN;
  if (!Number.isInteger(r) || r < 0 || r >= K) {
    throw new Error(`train.modes: "${String(name)}" is not a mode; use "joint" or "unimodal:r" with r in 0..${K - 1}`);
  }
  return { name, trained: [r] };
}
