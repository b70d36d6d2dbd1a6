import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * The CUDA backend's own source, compiled with g++ against the CPU emulation of CUDA
 * (native/cuda/emulation), run on a machine without a GPU: the backend must train the same runs
 * as the CPU engine, fail cleanly when the device memory is too small or no device answers, and
 * every kernel version must match its CPU reference. `npm run build` builds the two programs
 * (`build:native-checks`). Speed is not measured here: the emulation runs the GPU's threads as
 * fibers on one CPU core.
 */
const BUILD = path.resolve(__dirname, '../../build/native-checks');
const PARITY = path.join(BUILD, 'cuda_emulated_parity');
const PRODUCTS = path.join(BUILD, 'product_check_emulated');

// The emulation's fibers need POSIX ucontext; where the build found none (Windows, macOS) the
// programs are not built and these tests skip. On Linux a missing program is a failure.
const built = existsSync(PARITY) && existsSync(PRODUCTS);
const skipReason = !built && process.platform !== 'linux' ? 'no ucontext on this platform, so no CUDA emulation' : '';

function run(program: string, args: string[] = [], env: Record<string, string> = {}) {
  if (!existsSync(program)) throw new Error(`${program} is missing: run npm run build:native-checks`);
  const result = spawnSync(program, args, { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

function okLines(out: string): number {
  return out.split('\n').filter((line) => line.startsWith('ok ')).length;
}

describe.skipIf(skipReason !== '')(`the CUDA backend under CPU emulation${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('trains every parity case like the CPU engine (f64 within 1e-9 and the same crossing steps, f32 within 1e-4, tf32 within 1e-3)', () => {
    const { status, out } = run(PARITY);
    expect(out).toContain('CPU emulation of a CUDA device');
    expect(out).not.toContain('FAIL');
    // Six cases each in f64 and f32 (both heads, q in {1, 2, 2.5, 3}, the three tile widths,
    // K = 3, weight decay, a batch of runs with differing settings, a batch mixing runs with and
    // without pure signal rows); four TF32 cases (the three tensor-core tile widths and a batch),
    // which must stay within 1e-3 of the CPU in f32 yet differ from it by more than f32 rounding;
    // the check that some run crossed rho, so crossing steps were compared; and progress and
    // cancel through the CUDA path (every run of a batch reports, a cancel stops within a step).
    expect(okLines(out)).toBe(19);
    expect(status).toBe(0);
  }, 240_000);

  it('turns a device too small for the batch into a clear error naming the size', () => {
    const { status, out } = run(PARITY, ['oom'], { MODCOMP_CUDA_EMULATION_MEMORY: '1000000' });
    expect(out).toMatch(/CUDA out of memory: this batch needs about [\d.]+ MiB on the device, 977 KiB is free/);
    expect(status).toBe(0);
  });

  it('says why CUDA is unavailable when no device answers', () => {
    const { status, out } = run(PARITY, [], { MODCOMP_CUDA_EMULATION_DEVICES: '0' });
    expect(out).toContain('CUDA backend: no CUDA-capable device is detected');
    expect(status).toBe(2);
  });

  it('refuses a GPU older than sm_80 with the reason, before any launch', () => {
    const { status, out } = run(PARITY, [], { MODCOMP_CUDA_EMULATION_SM: '75' });
    expect(out).toContain(
      'CUDA backend: device 0 (CPU emulation of a CUDA device (sm_75, 4.00 GiB)) is older than sm_80, which this build needs',
    );
    expect(status).toBe(2);
  });

  it('checks every kernel version (f32 and tensor-core TF32 tiles) against the CPU reference, with one, four and the planned number of reduction splits', () => {
    // rows, d, m not multiples of the tiles, so every edge guard is exercised.
    const { status, out } = run(PRODUCTS, ['200', '72', '40', '2']);
    expect(out).toContain('kernels: all ok');
    // Per product and split count (three): three f32 and three TF32 tile shapes with one
    // shared-memory stage, three candidates with two, and two held to two blocks per SM.
    expect(out.match(/max rel err \S+ ok/g)).toHaveLength(66);
    expect(out.match(/ stages 2 /g)).toHaveLength(18);
    expect(out.match(/ min2 /g)).toHaveLength(12);
    // TF32 rounding must show (a product that matched f32 exactly would mean no tensor-core path).
    for (const line of out.split('\n').filter((l) => l.includes(' tf32 '))) {
      expect(Number(/max rel err (\S+)/.exec(line)?.[1])).toBeGreaterThan(1e-5);
    }
    expect(status).toBe(0);
  }, 60_000);
});
