import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * The CPU product kernels (native/core/cpu_kernels.cpp) split long reductions into cache-sized
 * passes. `cpu_kernels_check` (native/tests, built by `npm run build:native-checks`) compares
 * them bit for bit with plain loops summing in the same order, on shapes that need several passes
 * each way; the engine's other tests use shapes too small to need a second pass.
 */
const CHECK = path.resolve(__dirname, '../../build/native-checks/cpu_kernels_check');

describe('the CPU product kernels', () => {
  it('equal same-order plain loops bit for bit, across passes, tails and an empty batch (f32 and f64)', () => {
    if (!existsSync(CHECK)) throw new Error(`${CHECK} is missing: run npm run build:native-checks`);
    const result = spawnSync(CHECK, [], { encoding: 'utf8', timeout: 60_000 });
    const out = `${result.stdout}${result.stderr}`;
    expect(out).not.toContain('FAIL');
    // Three forward and four backward cases, each in f32 and f64.
    expect(out.split('\n').filter((line) => line.startsWith('ok '))).toHaveLength(14);
    expect(result.status, out).toBe(0);
  });
});
