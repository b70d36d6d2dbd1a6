import { describe, expect, it } from 'vitest';
import { loadNativeAddon, nativeAvailable } from '../../src-main/engine/native-loader';
import type { NativeRunResult, NativeRunSpec } from '../../src-main/engine/native-types';
import { selectEngine } from '../../src-main/engine/select-engine';
import { smallSpec } from '../support/small-spec';

/*
 * The CUDA backend from the test suite's side. Where no GPU answers (this project's CI), the
 * fallback rules are tested for real: `cuda` is a clear error, `auto` trains on the CPU. Where a
 * GPU answers, a small CPU/CUDA parity check runs; the full GPU checks (speed beside PyTorch,
 * out-of-memory, kernel versions) are bench/gpu/gpu-check.js.
 */

const cuda = nativeAvailable() ? loadNativeAddon().capabilities().cuda : null;
const gpuReason = cuda === null ? 'the native addon is not built' : cuda.available ? '' : cuda.reason;

function train(spec: NativeRunSpec): Promise<NativeRunResult> {
  return new Promise((resolve, reject) => {
    loadNativeAddon().train(
      [spec],
      { threads: 2 },
      () => {},
      (error, results) => {
        if (error || !results?.[0]) reject(error ?? new Error('no result'));
        else resolve(results[0]);
      },
    );
  });
}

describe.skipIf(cuda === null || cuda.available)('without a GPU', () => {
  it('reports why CUDA is unavailable, in words', () => {
    expect(cuda?.available).toBe(false);
    expect(cuda?.reason).toMatch(/^CUDA not available \(.+\)$/);
  });

  it('fails a run that demands CUDA with that reason, and trains the others', async () => {
    const spec = smallSpec({ train: { steps: 5 } });
    const results = await new Promise<NativeRunResult[]>((resolve, reject) => {
      loadNativeAddon().train(
        [
          { ...spec, backend: 'cuda' },
          { ...spec, backend: 'cpu' },
        ],
        {},
        () => {},
        (error, res) => (error || !res ? reject(error) : resolve(res)),
      );
    });
    expect(results[0]?.error).toMatch(/^CUDA not available \(/);
    expect(results[0]?.modes).toHaveLength(0);
    expect(results[1]?.error).toBeNull();
    expect(results[1]?.modes.length).toBeGreaterThan(0);
  });

  it('refuses a tf32 run on the CPU with the reason, since only CUDA has tensor cores', async () => {
    const spec = smallSpec({ train: { steps: 5 }, precision: 'tf32' });
    const results = await new Promise<NativeRunResult[]>((resolve, reject) => {
      loadNativeAddon().train(
        [{ ...spec, backend: 'cpu' }],
        {},
        () => {},
        (error, res) => (error || !res ? reject(error) : resolve(res)),
      );
    });
    expect(results[0]?.error).toBe(
      "precision 'tf32' runs the products on CUDA tensor cores, so it needs backend 'cuda' (use precision 'f32' on the CPU)",
    );
    expect(results[0]?.modes).toHaveLength(0);
  });

  it('lets auto train on the CPU and refuses an explicit cuda backend', () => {
    expect(selectEngine('auto').name).toBe('cpu');
    expect(() => selectEngine('cuda')).toThrow(/CUDA not available .*use --backend cpu/);
  });
});

describe.skipIf(!cuda?.available)(`with a GPU (skipped here: ${gpuReason || 'none'})`, () => {
  for (const precision of ['f64', 'f32'] as const) {
    it(`matches the CPU engine (${precision})`, async () => {
      const spec = smallSpec({ precision, data: { d: 40, n: 30, P: 3 }, model: { m: 10 }, train: { steps: 200, recordEvery: 20 } });
      const cpu = await train({ ...spec, backend: 'cpu' });
      const gpu = await train({ ...spec, backend: 'cuda' });
      expect(gpu.error).toBeNull();
      // Same data bits and initial weights; only the order of float sums differs.
      const tolerance = precision === 'f64' ? 1e-9 : 5e-3;
      cpu.modes.forEach((mode, k) => {
        mode.weights.forEach((w, r) => {
          const other = gpu.modes[k]?.weights[r] ?? new Float64Array();
          let num = 0;
          let den = 0;
          w.forEach((x, i) => {
            num += (x - (other[i] ?? NaN)) ** 2;
            den += x * x;
          });
          if (w.length > 0) expect(Math.sqrt(num / den)).toBeLessThan(tolerance);
        });
      });
    });
  }

  it('trains tf32 (tensor cores) close to the CPU in f32, and not identical to it', async () => {
    const spec = smallSpec({ precision: 'f32', data: { d: 40, n: 30, P: 3 }, model: { m: 10 }, train: { steps: 200, recordEvery: 20 } });
    const cpu = await train({ ...spec, backend: 'cpu' });
    const gpu = await train({ ...spec, precision: 'tf32', backend: 'cuda' });
    expect(gpu.error).toBeNull();
    const w = cpu.modes[0]?.weights[0] ?? new Float64Array();
    const other = gpu.modes[0]?.weights[0] ?? new Float64Array();
    let num = 0;
    let den = 0;
    w.forEach((x, i) => {
      num += (x - (other[i] ?? NaN)) ** 2;
      den += x * x;
    });
    const relative = Math.sqrt(num / den);
    // TF32 rounds each product input to a 10-bit mantissa (relative 5e-4).
    expect(relative).toBeLessThan(5e-2);
    expect(relative).toBeGreaterThan(1e-6);
  });
});

describe.skipIf(cuda === null)('balancing remedies on the CUDA backend', () => {
  const off = { jointWeight: 1, unimodalWeights: [0, 0], dropout: [0, 0], ogm: { alpha: 0, noise: false, startStep: 0, endStep: 1e9 } };
  const cases: { remedies: NonNullable<NativeRunSpec['remedies']>; named: RegExp }[] = [
    {
      remedies: { ...off, unimodalWeights: [1, 1] },
      named: /^remedies\.unimodalWeights .*unimodal auxiliary losses.*not supported by the CUDA backend yet; use backend 'cpu'$/,
    },
    { remedies: { ...off, jointWeight: 0.5 }, named: /gradient blending.*not supported by the CUDA backend/ },
    { remedies: { ...off, dropout: [0.2, 0] }, named: /^remedies\.dropout \(modality dropout\) is not supported by the CUDA backend yet/ },
    {
      remedies: { ...off, ogm: { ...off.ogm, alpha: 1 } },
      named: /^remedies\.ogm \(OGM-GE gradient modulation\) is not supported by the CUDA backend yet/,
    },
    { remedies: { ...off, ogm: { ...off.ogm, noise: true } }, named: /^remedies\.ogm \(OGM-GE/ },
    {
      remedies: { ...off, blending: { everySteps: 2, holdout: 0.5 } },
      named: /^remedies\.blending \(gradient blending with re-estimated weights\) is not supported by the CUDA backend yet/,
    },
  ];
  it('refuses each remedy by name, with or without a GPU, and trains it on the CPU', async () => {
    const spec = smallSpec({ train: { steps: 3 } });
    for (const { remedies, named } of cases) {
      const refused = await train({ ...spec, remedies, backend: 'cuda' });
      expect(refused.error).toMatch(named);
      expect(refused.modes).toHaveLength(0);
      expect((await train({ ...spec, remedies, backend: 'cpu' })).error).toBeNull();
    }
    // Every remedy off, spelled out, is the plain run, which CUDA takes (or refuses only for want of a device).
    const plain = await train({ ...spec, remedies: off, backend: 'cuda' });
    if (!cuda?.available) expect(plain.error).toMatch(/^CUDA not available \(/);
    else expect(plain.error).toBeNull();
  });
});
