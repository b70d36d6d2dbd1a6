#!/usr/bin/env node
'use strict';
/**
 * Lab scale benchmark (not a test): a 64 x 64 x 4-seed sweep of small runs (K=2, n=128, P=1,
 * d=128, m=16, 500 steps) through the real CLI, then the workspace size and the time to list the
 * sweep and load its phase-diagram table. Needs `npm run build` first.
 *
 *   node bench/lab-scale.js [--side 64] [--seeds 4] [--steps 500] [--workspace FILE] [--resume]
 *
 * Targets from issue 3: workspace < 200 MB, list + table load < 1 s.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist', 'src-main');
if (!fs.existsSync(path.join(dist, 'cli', 'main.js'))) {
  process.stderr.write('lab-scale: build first (npm run build)\n');
  process.exit(2);
}

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const side = Number(arg('side', 64));
const seeds = Number(arg('seeds', 4));
const steps = Number(arg('steps', 500));
const resume = process.argv.includes('--resume');
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcl-scale-'));
const workspace = arg('workspace', path.join(outDir, 'scale.mcl'));

const spec = {
  name: `lab-scale ${side}x${side}x${seeds}`,
  base: {
    config: {
      data: { K: 2, n: 128, P: 1, d: 128, nTest: 256 },
      model: { m: 16 },
      train: { steps },
      backend: 'cpu',
    },
  },
  grid: [
    { path: 'data.sigmaXi', from: 0.01, to: 1, count: side, spacing: 'log' },
    { path: 'model.sigma0', from: 1e-4, to: 1e-1, count: side, spacing: 'log' },
  ],
  seeds,
  runsPerBatch: 64,
  seriesPoints: 16,
};
const specFile = path.join(outDir, 'spec.json');
fs.writeFileSync(specFile, JSON.stringify(spec, null, 2));

const runs = side * side * seeds;
process.stdout.write(
  `lab-scale: ${side} x ${side} cells x ${seeds} seeds = ${runs} runs (K=2 n=128 P=1 d=128 m=16, ${steps} steps, nTest 256), ${os.cpus().length} cores\n`,
);
const started = process.hrtime.bigint();
const args = [path.join(root, 'bin', 'modcomp.js'), 'sweep', specFile, '--workspace', workspace, '--json'];
if (resume) args.push('--resume');
const child = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 30 });
const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
if (child.status !== 0) {
  process.stderr.write(`lab-scale: the sweep exited with ${child.status ?? child.signal}\n`);
  process.exit(1);
}
const report = JSON.parse(child.stdout);

const { Workspace } = require(path.join(dist, 'workspace', 'workspace.js'));
const size = ['', '-wal', '-shm'].reduce(
  (n, suffix) => n + (fs.existsSync(workspace + suffix) ? fs.statSync(workspace + suffix).size : 0),
  0,
);

const t0 = process.hrtime.bigint();
const ws = Workspace.open(workspace);
const sweeps = ws.listSweeps();
const counts = ws.countRuns({ sweepId: report.sweepId });
const table = ws.cellTable(report.sweepId);
const loadSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
ws.close();

const lines = [
  `runs trained:            ${report.done} (+${report.skipped} already done, ${report.failed} failed)`,
  `sweep wall time:         ${wallSeconds.toFixed(1)} s (${((wallSeconds * 1000) / Math.max(1, report.done)).toFixed(1)} ms per run)`,
  `workspace size:          ${(size / 1e6).toFixed(1)} MB (target < 200 MB)`,
  `open + list + table:     ${(loadSeconds * 1000).toFixed(0)} ms for ${sweeps.length} sweep(s), ${table.length} cells, ${JSON.stringify(counts)} (target < 1 s)`,
  `workspace file:          ${workspace}`,
];
process.stdout.write(lines.join('\n') + '\n');
