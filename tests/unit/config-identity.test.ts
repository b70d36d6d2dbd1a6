import { describe, expect, it } from 'vitest';
import { configHash } from '../../src-main/config/hash';
import { presetNames } from '../../src-main/config/presets';
import { resolveConfig } from '../../src-main/config/resolve';

/*
 * A run's identity in every workspace is (config hash, seed): sweeps resume by it, and figure
 * packs carry it. A new setting with a default enters every resolved config and so would change
 * the hash of every run ever recorded: resumed sweeps would retrain everything. These pinned
 * hashes fail when that happens. A setting added later (balancing remedies, say) must keep them:
 * leave it out of the resolved config while it holds the value that reproduces the old behaviour
 * (an optional setting), or drop it before hashing. Extending a choice (precision "tf32") keeps
 * them, since no existing config holds the new value.
 */
const PINNED: Record<string, string> = {
  defaults: 'c584a5478b19a3063183301815a120a9a9eaa8a16641c260fa2172c603776476',
  competition: '35a5cf4424465b6ff6fcc15c7dd271a3e3ee01d773709026dd263ce5c7418bb1',
  quick: '9d6fe1104b9c5613a4d0a765a888164032bc840332c4826a934b5031be988a38',
  balanced: 'b063989c90d16baa8c63ebcfc6043748217b0af15cd7a98d86b7ef6b388a2ed0',
  'plain-vector': '3cdc32689661623ccf464e7cb81aa0aa6cdbd52e48d31b478fdf7df783396e4c',
  relu: 'aa458da222342b459c971ea763f53be3683efaee0c08ae725376143e7fc96603',
  'large-n': '9ab39164e84706262181303e5dd0cf4100aa7d25ddcae8df6e81238220290b63',
};

function hashOf(preset?: string): string {
  return configHash(resolveConfig(preset === undefined ? {} : { preset }).config);
}

describe('the identity of existing configurations', () => {
  it('keeps the hash of the default configuration', () => {
    expect(hashOf()).toBe(PINNED.defaults);
  });

  it.each(presetNames())('keeps the hash of preset %s', (name) => {
    expect(hashOf(name)).toBe(PINNED[name]);
  });
});
