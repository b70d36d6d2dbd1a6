import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src-main/cli/main';
import { sweepBackend } from '../../src-main/cli/sweep-command';
import { loadNativeAddon, nativeAvailable } from '../../src-main/engine/native-loader';
import { captureIo } from '../cli/capture-io';
import { tempDir } from '../workspace/temp-dir';
import { TINY_SETTINGS } from './tiny-config';

const noGpu = { available: false, reason: 'CUDA not available (no CUDA device found)' };
const gpu = { available: true, reason: '' };

describe('the backend of a sweep', () => {
  it('follows the base configuration: cuda when asked or found by auto, else cpu', () => {
    expect(sweepBackend('cpu', gpu)).toBe('cpu');
    expect(sweepBackend('cuda', gpu)).toBe('cuda');
    expect(sweepBackend('auto', gpu)).toBe('cuda');
    expect(sweepBackend('auto', noGpu)).toBe('cpu');
    expect(sweepBackend(undefined, noGpu)).toBe('cpu');
  });

  it('refuses cuda without a GPU, with the reason, and the slow reference engine', () => {
    expect(() => sweepBackend('cuda', noGpu)).toThrow(/^CUDA not available \(no CUDA device found\); set backend to cpu or auto/);
    expect(() => sweepBackend('reference', gpu)).toThrow(/sweeps run on the native engine/);
  });
});

const cudaAvailable = nativeAvailable() && loadNativeAddon().capabilities().cuda.available;

describe.skipIf(!nativeAvailable() || cudaAvailable)('a sweep that demands CUDA on a machine without a GPU', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir('mcl-sweep-backend-');
  });
  afterEach(() => tmp.cleanup());

  it('exits 2 with the reason before creating anything', async () => {
    const spec = path.join(tmp.dir, 'spec.json');
    const ws = path.join(tmp.dir, 'lab.mcl');
    fs.writeFileSync(
      spec,
      JSON.stringify({ base: { config: { ...TINY_SETTINGS, backend: 'cuda' } }, grid: [{ path: 'data.n', values: [6, 8] }], seeds: 1 }),
    );
    const io = captureIo();
    const code = await main(['sweep', spec, '--workspace', ws], io);
    expect(code).toBe(2);
    expect(io.stderr).toMatch(/^modcomp: CUDA not available \(.*\); set backend to cpu or auto/);
    expect(fs.existsSync(ws)).toBe(false);
  });
});
