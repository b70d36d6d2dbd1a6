/**
 * End-to-end `modcomp run` on the native engine: the science smoke test (the quick preset shows
 * the competition), determinism across thread counts, Ctrl-C, output files, and the real launcher
 * spawned without a TTY and with a reader that closes the pipe early.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src-main/cli/main';
import { nativeAvailable } from '../../src-main/engine/native-loader';
import { readNpzFile } from '../../src-main/io/npz';
import { captureIo } from './capture-io';

const ROOT = path.join(__dirname, '..', '..');

async function runJson(argv: string[]) {
  const io = captureIo();
  const code = await main(['run', ...argv, '--json'], io);
  return { code, summary: code === 0 || code === 130 ? JSON.parse(io.stdout) : null, stderr: io.stderr };
}

describe.skipIf(!nativeAvailable())('modcomp run on the native engine', () => {
  it('quick preset: joint learns only modality 0, each unimodal run learns its own (science smoke)', async () => {
    const { code, summary, stderr } = await runJson(['--preset', 'quick']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(summary.backend).toEqual({ requested: 'auto', used: 'cpu' });
    const rho = summary.config.model.rho;
    expect(summary.observedWinners).toEqual([0]);
    // Modality 1 stays near its initial scale for both classes in the joint run.
    expect(summary.observedClassWinners).toEqual({ plus: [0], minus: [0] });
    expect(summary.modes.joint.modalities[1].gammaPlus).toBeLessThan(rho / 10);
    expect(summary.modes.joint.modalities[1].gammaMinus).toBeLessThan(rho / 10);
    expect(summary.modes['unimodal:0'].modalities[0].crossStep).not.toBeNull();
    expect(summary.modes['unimodal:1'].modalities[1].crossStep).not.toBeNull();
    // The best unimodal net (modality 1) beats joint training.
    expect(summary.bestUnimodal).toBe('unimodal:1');
    expect(summary.gap).toBeGreaterThan(0.03);
    expect(summary.predictedWinner).toMatchObject({ modality: 0, heuristic: true });
  });

  it('gives bit-identical summaries for 1 and 2 threads, and a different one for another seed', async () => {
    const args = ['--preset', 'quick', '--set', 'train.steps=300'];
    const one = await runJson([...args, '--threads', '1']);
    const two = await runJson([...args, '--threads', '2']);
    expect(JSON.stringify(two.summary)).toBe(JSON.stringify(one.summary));
    const other = await runJson([...args, '--set', 'seed=10']);
    expect(other.summary.modes.joint.trainLoss).not.toBe(one.summary.modes.joint.trainLoss);
    expect(other.summary.configHash).not.toBe(one.summary.configHash);
  });

  it('writes the trace and the weights, and the weights load back as --init', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'modcomp-run-'));
    const trace = path.join(dir, 't.csv');
    const weights = path.join(dir, 'w.npz');
    const args = ['--preset', 'quick', '--set', 'train.steps=40', '--set', 'train.recordEvery=5', '--set', 'data.nTest=50'];
    const { code, summary } = await runJson([...args, '--trace', trace, '--save-weights', weights]);
    expect(code).toBe(0);
    const lines = fs.readFileSync(trace, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^mode,step,/);
    expect(lines.filter((l) => l.startsWith('unimodal:1,')).length).toBeGreaterThanOrEqual(5);
    const saved = readNpzFile(weights);
    expect([...saved.keys()].sort()).toEqual(['joint_W0', 'joint_W1', 'unimodal0_W0', 'unimodal1_W1']);
    expect(saved.get('joint_W0')).toMatchObject({ dtype: 'f4', shape: [80, 500] });

    // Re-import the joint weights as the initial weights of a new run.
    const { writeNpzFile } = await import('../../src-main/io/npz');
    const init = path.join(dir, 'init.npz');
    writeNpzFile(init, { W0: saved.get('joint_W0')!, W1: saved.get('joint_W1')! });
    const resumed = await runJson([...args, '--init', init, '--set', 'train.modes=joint']);
    expect(resumed.code).toBe(0);
    expect(resumed.summary.inputs.init.sha256).toMatch(/^[0-9a-f]{64}$/);
    // Starting where the first run ended, the loss only goes further down.
    expect(resumed.summary.modes.joint.trainLoss).toBeLessThan(summary.modes.joint.trainLoss);
  });

  it('Ctrl-C cancels the run and still prints a partial summary marked cancelled', async () => {
    const io = captureIo();
    const running = main(['run', '--preset', 'quick', '--set', 'train.steps=5000000', '--json'], io);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(io.interrupt()).toBe(true);
    const code = await running;
    expect(code).toBe(130);
    const summary = JSON.parse(io.stdout);
    expect(summary.cancelled).toBe(true);
    expect(summary.modes.joint.stepsRun).toBeLessThan(5000000);
    expect(io.stderr).toContain('cancelling');
  });

  it('reports an engine refusal as bad input (exit 2)', async () => {
    const io = captureIo();
    // Far beyond the engine's memory limit: the addon refuses it and says how much it needs.
    const code = await main(['run', '--set', 'data.n=10000000', '--set', 'data.d=1000000'], io);
    expect(code).toBe(2);
    expect(io.stderr.trim().split('\n')).toHaveLength(1);
    expect(io.stderr).toMatch(/^modcomp: this run needs about [0-9.]+ GiB of memory/);
  });

  it('trains every patch count the settings allow (data.P above 256), and names a refused one by its setting', async () => {
    const small = ['--set', 'train.steps=3', '--set', 'data.d=16', '--set', 'data.nTest=20', '--set', 'data.n=10'];
    const { code, summary, stderr } = await runJson([...small, '--set', 'data.P=300', '--backend', 'cpu']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(summary.config.data.P).toBe(300);
    expect(summary.modes.joint.stepsRun).toBe(3);
    const io = captureIo();
    expect(await main(['run', ...small, '--set', 'data.P=1025'], io)).toBe(2);
    expect(io.stderr).toBe('modcomp: data.P must be an integer between 1 and 1024, got 1025\n');
  });
});

describe.skipIf(!nativeAvailable())('the installed launcher (bin/modcomp.js, spawned)', () => {
  beforeAll(() => {
    const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, encoding: 'utf8' });
    expect(build.status, build.stdout + build.stderr).toBe(0);
  });

  it('runs the quick preset without a TTY: JSON on stdout, no progress on stderr', () => {
    const child = spawnSync(process.execPath, ['bin/modcomp.js', 'run', '--preset', 'quick', '--json'], { cwd: ROOT, encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout).observedWinners).toEqual([0]);
  });

  /** Spawns the launcher with its stdout closed before it starts, as `modcomp ... | head -0` would. */
  async function runWithClosedStdout(args: string[]) {
    const child = spawn(process.execPath, ['bin/modcomp.js', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return { code, stderr };
  }

  it('a reader that closes the pipe early gets no EPIPE stack trace and exit code 0', async () => {
    // Help is written in pieces before main returns: the case that crashed on an unhandled EPIPE.
    expect(await runWithClosedStdout(['run', '--help'])).toEqual({ code: 0, stderr: '' });
  });

  it('a run whose reader closed the pipe still finishes and is recorded', async () => {
    const workspace = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'modcomp-epipe-')), 'lab.mcl');
    const { code, stderr } = await runWithClosedStdout(['run', '--preset', 'quick', '--workspace', workspace]);
    expect(stderr).toMatch(/^modcomp: note: recorded as run 1 in .*\n$/);
    expect(code).toBe(0);
    const listed = spawnSync(process.execPath, ['bin/modcomp.js', 'list', '--workspace', workspace, '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(listed.status, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout).map((run: { status: string }) => run.status)).toEqual(['finished']);
  });

  it('exits 2 with one line for bad input', () => {
    const child = spawnSync(process.execPath, ['bin/modcomp.js', 'run', '--set', 'model.m=21'], { cwd: ROOT, encoding: 'utf8' });
    expect(child.status).toBe(2);
    expect(child.stdout).toBe('');
    expect(child.stderr).toMatch(/^modcomp: model\.m must be even when model\.head is "twoClass".*\n$/);
  });
});
