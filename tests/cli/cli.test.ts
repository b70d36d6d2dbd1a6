import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src-main/cli/main';
import { writeNpzFile } from '../../src-main/io/npz';
import { captureIo } from './capture-io';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'npz');

async function run(argv: string[]) {
  const io = captureIo();
  const code = await main(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'modcomp-cli-'));
}

describe('informational commands', () => {
  it('prints help with examples for each command', async () => {
    for (const command of ['run', 'config', 'presets', 'bench']) {
      const { code, stdout } = await run([command, '--help']);
      expect(code).toBe(0);
      expect(stdout).toContain(`Usage: modcomp ${command}`);
      expect(stdout).toContain('Examples:');
    }
    expect((await run([])).stdout).toContain('Commands:');
  });

  it('lists the presets', async () => {
    const { code, stdout } = await run(['presets']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^competition\s+Competition \(claims C1, C2, C4\)/m);
    expect(stdout).toMatch(/^starting-point\s+The reconstructed starting point/m);
    const json = JSON.parse((await run(['presets', '--json'])).stdout);
    expect(json.map((p: { name: string }) => p.name)).toContain('large-n');
  });

  it('prints the settings table and resolved configs', async () => {
    expect((await run(['config'])).stdout).toMatch(/^data\.alpha\s+number\[\]\s+\[1,0\.6\]/m);
    expect((await run(['config', '--markdown'])).stdout).toContain('| model.rho | number | `0.1` |');
    const table = JSON.parse((await run(['config', '--json'])).stdout);
    expect(table.find((f: { path: string }) => f.path === 'train.batchSize').help).toMatch(/beyond the paper/i);
    const resolved = await run(['config', '--preset', 'quick', '--set', 'data.n=60', '--json']);
    const parsed = JSON.parse(resolved.stdout);
    expect(parsed.config.data.n).toBe(60);
    expect(parsed.configHash).toMatch(/^[0-9a-f]{64}$/);
    // The plain form is itself a config file that resolves to the same hash.
    const dir = tempDir();
    const file = path.join(dir, 'c.json');
    fs.writeFileSync(file, (await run(['config', '--preset', 'quick', '--set', 'data.n=60'])).stdout);
    expect(JSON.parse((await run(['config', file, '--json'])).stdout).configHash).toBe(parsed.configHash);
  });
});

describe('bad input: exit code 2 and one line on stderr', () => {
  const dir = tempDir();
  const badJson = path.join(dir, 'bad.json');
  fs.writeFileSync(badJson, '{"data": {"n": }');
  const cases: [string, string[], RegExp][] = [
    ['unknown option', ['run', '--bogus'], /^modcomp: unknown option '--bogus'$/],
    ['unknown command', ['frob'], /^modcomp: unknown command 'frob'$/],
    ['unknown setting', ['run', '--set', 'data.foo=1'], /^modcomp: unknown setting data\.foo/],
    ['misplaced setting', ['run', '--set', 'data.m=4'], /^modcomp: unknown setting data\.m; did you mean model\.m\?$/],
    ['odd m', ['run', '--set', 'model.m=21'], /^modcomp: model\.m must be even when model\.head is "twoClass"/],
    ['NaN', ['run', '--set', 'model.rho=NaN'], /^modcomp: model\.rho must be a finite number > 0 .*got "NaN"$/],
    ['negative size', ['run', '--set', 'data.n=-3'], /^modcomp: data\.n must be an integer between 1 and/],
    ['alpha length', ['run', '--set', 'data.K=3'], /^modcomp: data\.alpha has 2 values but data\.K is 3/],
    ['bad --set', ['run', '--set', 'data.n'], /^modcomp: --set needs key=value/],
    ['unknown preset', ['run', '--preset', 'nope'], /^modcomp: unknown preset "nope"; choose one of/],
    ['bad backend', ['run', '--backend', 'gpu'], /^modcomp: option '--backend <engine>' argument 'gpu' is invalid/],
    ['bad threads', ['run', '--threads', 'x'], /^modcomp: option '--threads <n>' argument 'x' is invalid/],
    [
      'missing config',
      ['run', '/nonexistent/c.json'],
      /^modcomp: cannot read config file \/nonexistent\/c\.json: no such file or folder \(ENOENT\)$/,
    ],
    ['bad config JSON', ['run', badJson], /^modcomp: config file .*bad\.json is not valid JSON/],
    [
      'missing data',
      ['run', '--data', '/nonexistent/d.npz'],
      /^modcomp: cannot read \/nonexistent\/d\.npz: no such file or folder \(ENOENT\)$/,
    ],
    ['object array', ['run', '--data', path.join(FIXTURES, 'object.npz')], /^modcomp: .*object\.npz: a: object arrays are not supported/],
    ['not a dataset', ['run', '--data', path.join(FIXTURES, 'stored.npz')], /^modcomp: .*stored\.npz: missing array "y_train"/],
    [
      'init shape',
      ['run', '--data', path.join(FIXTURES, 'dataset.npz'), '--init', path.join(FIXTURES, 'dataset.npz')],
      /missing array "W0"/,
    ],
    [
      'output folder',
      ['run', '--trace', '/nonexistent/dir/t.csv'],
      /^modcomp: --trace \/nonexistent\/dir\/t\.csv: the folder \/nonexistent\/dir does not exist$/,
    ],
    ['bad config key', ['config', '--set', 'train.sed=1'], /^modcomp: unknown setting train\.sed; did you mean seed\?$/],
  ];
  it.each(cases)('%s', async (_name, argv, pattern) => {
    const { code, stdout, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('modcomp: note:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe('the reference engine through the CLI (no native addon needed)', () => {
  it('trains on an imported dataset and initial weights', async () => {
    const dir = tempDir();
    const init = path.join(dir, 'w0.npz');
    const w = (x: number) => ({ dtype: 'f8' as const, shape: [2, 5], data: new Float64Array(10).fill(x) });
    writeNpzFile(init, { W0: w(1e-3), W1: w(-1e-3) });
    const trace = path.join(dir, 'trace.csv');
    const weights = path.join(dir, 'final.npz');
    const { code, stdout, stderr } = await run([
      'run',
      '--backend',
      'reference',
      '--data',
      path.join(FIXTURES, 'dataset.npz'),
      '--init',
      init,
      '--set',
      'model.m=2',
      '--set',
      'train.steps=4',
      '--set',
      'train.recordEvery=2',
      '--json',
      '--trace',
      trace,
      '--save-weights',
      weights,
    ]);
    expect(stderr).toMatch(/note: --data .*dataset\.npz sets data\.\{K=2 n=4 nTest=3 P=2 d=5\}, overriding the config/);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout);
    expect(summary.backend).toEqual({ requested: 'reference', used: 'reference' });
    expect(summary.config.data).toMatchObject({ K: 2, n: 4, nTest: 3, P: 2, d: 5 });
    expect(summary.inputs.data.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(summary.inputs.init.file).toBe(init);
    expect(Object.keys(summary.modes)).toEqual(['joint', 'unimodal:0', 'unimodal:1']);
    expect(summary.modes.joint.stepsRun).toBe(4);
    const csv = fs.readFileSync(trace, 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^mode,step,/);
    expect(csv.filter((l) => l.startsWith('joint,'))).toHaveLength(3); // steps 0, 2, 4
    expect(fs.statSync(weights).size).toBeGreaterThan(0);
  });
});
