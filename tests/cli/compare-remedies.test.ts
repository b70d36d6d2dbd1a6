import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src-main/cli/main';
import { nativeAvailable } from '../../src-main/engine/native-loader';
import { REMEDIES } from '../../src-main/science/remedy-comparison';
import { Workspace } from '../../src-main/workspace/workspace';
import { tempDir } from '../workspace/temp-dir';
import { captureIo } from './capture-io';

async function run(argv: string[]) {
  const io = captureIo();
  const code = await main(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

/** Every arm of the comparison: one per remedy and knob value, the baseline first. */
const ARMS = REMEDIES.flatMap((remedy) => remedy.values.map(() => remedy.key));

describe('modcomp compare-remedies at its input', () => {
  it('prints help with examples', async () => {
    const { code, stdout } = await run(['compare-remedies', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: modcomp compare-remedies');
    expect(stdout).toContain('Examples:');
    // Each default is printed once.
    expect(stdout).toMatch(/--seeds <n>\s+seeds per arm \(default: 50\)\n/);
  });

  it('refuses bad options in one line, exit 2, before any workspace is made', async () => {
    const tmp = tempDir('mcl-compare-bad-');
    try {
      const file = path.join(tmp.dir, 'never.mcl');
      for (const [args, message] of [
        [['--seeds', '0'], /--seeds needs a positive integer/],
        [['--seed-start', '-3'], /--seed-start needs a non-negative integer/],
        [['--preset', 'nope'], /unknown preset "nope"; choose one of competition,/],
        [['--backend', 'reference'], /--backend/],
        [['--precision', 'tf32'], /--precision/],
        [['--backend', 'cuda'], /^modcomp: --backend cuda: the CUDA backend does not train balancing remedies yet; use --backend cpu/],
        [['--set', 'model.q=99'], /model\.q/],
        [['--dpi', '3', '--out', 'x'], /--dpi needs a whole number/],
      ] as const) {
        const { code, stderr } = await run(['compare-remedies', ...args, '--workspace', file]);
        expect(code, args.join(' ')).toBe(2);
        expect(stderr).toMatch(message);
        expect(stderr.trim().split('\n')).toHaveLength(1);
      }
      expect(require('node:fs').existsSync(file)).toBe(false);
    } finally {
      tmp.cleanup();
    }
  });
});

describe.skipIf(!nativeAvailable())('modcomp compare-remedies on one seed', () => {
  const tmp = tempDir('mcl-compare-');
  afterAll(() => tmp.cleanup());
  const file = path.join(tmp.dir, 'lab.mcl');

  it('trains every arm as a sweep and prints one table row per arm, then reuses the runs', async () => {
    const first = await run([
      'compare-remedies',
      '--preset',
      'quick',
      '--seeds',
      '1',
      '--seed-start',
      '9001',
      '--threads',
      '2',
      '--workspace',
      file,
    ]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const lines = first.stdout.split('\n');
    expect(lines[0]).toBe('remedy comparison on preset quick: 1 seeds from seed 9001, f32, backend cpu');
    expect(lines[1]).toMatch(/^the plain joint run lost a modality that its unimodal run learns in [01] of 1 seeds; rescue is/);
    // The headline table: a header, then one row per arm, each with its one run.
    const header = lines.findIndex((line) => line.startsWith('arm  '));
    const rows = lines.slice(header + 1, lines.indexOf('', header));
    expect(rows.map((row) => row.split(' ')[0])).toEqual(ARMS);
    for (const row of rows) expect(row).toMatch(/^\S+( \S+)?\s+1\s/);

    // One sweep per remedy, named after it, each with its knob values as cells.
    const workspace = Workspace.open(file);
    try {
      const sweeps = workspace
        .listSweeps()
        .map((s) => s.name)
        .sort();
      expect(sweeps).toEqual(REMEDIES.map((r) => `remedy comparison: ${r.key} on quick`).sort());
    } finally {
      workspace.close();
    }

    // Run again: the recorded runs are reused (one per arm still, none trained twice).
    const again = await run([
      'compare-remedies',
      '--preset',
      'quick',
      '--seeds',
      '1',
      '--seed-start',
      '9001',
      '--workspace',
      file,
      '--json',
    ]);
    expect(again.code).toBe(0);
    const report = JSON.parse(again.stdout) as { arms: { remedy: string; runs: number }[] };
    expect(report.arms.map((arm) => arm.remedy)).toEqual(ARMS);
    expect(report.arms.every((arm) => arm.runs === 1)).toBe(true);
  }, 300_000);
});
