#!/usr/bin/env node
// Runs every GPU check of the CUDA backend in one go on a GPU machine and prints one table per
// part: parity with the CPU engine, bad input and out-of-memory on the CUDA path, determinism,
// and the speed of the CUDA engine beside PyTorch on the same GPU (bench/gpu/torch_peer.py).
//
// Plain JavaScript with no dependencies, so it runs with a bare `node` binary next to the built
// addon: node bench/gpu/gpu-check.js [--addon PATH] [--skip-torch] [--quick]
'use strict';
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const addonPath = path.resolve(option('--addon', path.join(__dirname, '..', '..', 'build/native/Release/modcomp_native.node')));
const quick = args.includes('--quick');
// Rehearsal on a machine without a GPU: every 'cuda' run goes to the CPU, so the script's own
// logic is tested before GPU time is spent on it.
const rehearsal = args.includes('--rehearse-on-cpu');
const addon = require(addonPath);
let failures = 0;

function train(specs, options = {}) {
  if (rehearsal) {
    specs = specs.map((s) =>
      s.backend === 'cuda' ? { ...s, backend: 'cpu', precision: s.precision === 'tf32' ? 'f32' : s.precision } : s,
    );
  }
  return new Promise((resolve, reject) => {
    addon.train(
      specs,
      { threads: 0, memoryLimitBytes: 64 * 2 ** 30, ...options },
      () => {},
      (err, res) => (err ? reject(err) : resolve(res)),
    );
  });
}

function relativeError(a, b) {
  let num = 0,
    den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += a[i] ** 2;
  }
  return Math.sqrt(num) / Math.max(Math.sqrt(den), 1e-300);
}

function seriesColumn(series, name) {
  const w = series.scalarNames.length,
    c = series.scalarNames.indexOf(name);
  return Array.from({ length: series.steps.length }, (_, i) => series.scalars[i * w + c]);
}

function line(cells, widths) {
  return cells.map((c, i) => String(c).padEnd(widths[i])).join(' ');
}

function check(label, ok, detail) {
  if (!ok) failures++;
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${label}${detail ? `  (${detail})` : ''}`);
}

const science = {
  seed: 3,
  data: { K: 2, d: 500, P: 2, n: 50, nTest: 500, alpha: [1, 0.6], mu: [0.3, 0.05] },
  model: { m: 20, q: 3, rho: 0.1, sigma0: 5e-4 },
  train: { eta: 0.25, steps: 1000, recordEvery: 50, modes: ['joint', 'unimodal:0', 'unimodal:1'] },
};
const odd = {
  seed: 11,
  data: { K: 3, d: 37, P: 3, n: 24, nTest: 40, alpha: [1, 0.8, 0.5], mu: [0.2, 0.1, 0.0], cleanSignal: false, noiseOrthogonal: false },
  model: { m: 10, q: 2, rho: 0.5, sigma0: 0.05, head: 'odd', headScale: 'inverseM' },
  train: { eta: 0.5, steps: 300, recordEvery: 20, weightDecay: 1e-3, modes: ['joint', 'unimodal:2'] },
};

async function parity() {
  console.log('\n== Parity: CPU vs CUDA, same seed (tolerances: f64 1e-9, f32 5e-3, tf32 vs CPU f32 5e-2 relative) ==');
  const widths = [22, 12, 14, 14, 14, 10];
  console.log(line(['case/mode', 'precision', 'weights rel', 'gamma rel', 'testErr diff', 'cross'], widths));
  for (const [name, base] of [
    ['science', science],
    ['odd-K3-P3', odd],
  ]) {
    for (const precision of ['f64', 'f32', 'tf32']) {
      const spec = { ...base, precision };
      // The CPU has no TF32: the tensor-core run is compared with the CPU in f32.
      const [cpu] = await train([{ ...spec, backend: 'cpu', precision: precision === 'tf32' ? 'f32' : precision }]);
      const [gpu] = await train([{ ...spec, backend: 'cuda' }]);
      if (gpu.error) {
        check(`${name} ${precision}`, false, gpu.error);
        continue;
      }
      const tol = { f64: 1e-9, f32: 5e-3, tf32: 5e-2 }[precision];
      cpu.modes.forEach((cm, k) => {
        const gm = gpu.modes[k];
        let wErr = 0,
          gErr = 0;
        cm.weights.forEach((w, r) => {
          if (w.length) wErr = Math.max(wErr, relativeError(w, gm.weights[r]));
        });
        for (let r = 0; r < base.data.K; r++) {
          const a = seriesColumn(cm.series, `gamma${r}`),
            b = seriesColumn(gm.series, `gamma${r}`);
          if (a.every(Number.isFinite)) gErr = Math.max(gErr, relativeError(a, b));
        }
        const errDiff = Math.abs(cm.final.testErr - gm.final.testErr);
        const crossSame = cm.final.modalities.every((m, r) => m.crossStep === gm.final.modalities[r].crossStep);
        console.log(
          line(
            [
              `${name}/${cm.mode}`,
              precision,
              wErr.toExponential(2),
              gErr.toExponential(2),
              errDiff.toFixed(4),
              crossSame ? 'same' : 'differs',
            ],
            widths,
          ),
        );
        check(
          `${name} ${cm.mode} ${precision} parity`,
          wErr <= tol && gErr <= tol,
          `weights ${wErr.toExponential(2)}, gamma ${gErr.toExponential(2)}`,
        );
      });
    }
  }
  const specs = [1, 2, 3].map((seed) => ({ ...science, seed, backend: 'cuda', train: { ...science.train, steps: 200 } }));
  const [a, b] = [await train(specs), await train(specs)];
  const same = a.every((r, i) =>
    r.modes.every((m, k) => m.weights.every((w, j) => w.length === 0 || relativeError(w, b[i].modes[k].weights[j]) === 0)),
  );
  check('CUDA batch of 3 runs is bit-identical across two calls', same);
  const single = await train([specs[1]]);
  const batchVsSingle = relativeError(a[1].modes[0].weights[0], single[0].modes[0].weights[0]);
  check('a run trained inside a batch equals the same run alone', batchVsSingle <= 1e-6, batchVsSingle.toExponential(2));
}

async function badInput() {
  console.log('\n== Bad input on the CUDA path ==');
  const malformed = [
    { ...science, backend: 'cuda', data: { ...science.data, K: 0 } },
    { ...science, backend: 'cuda', model: { ...science.model, m: 3 } },
    { ...science, backend: 'cuda', data: { ...science.data, alpha: [1] } },
    { ...science, backend: 'gpu' },
    { ...science, backend: 'cuda', train: { ...science.train, modes: ['unimodal:5'] } },
  ];
  let thrown = 0;
  for (const spec of malformed) {
    try {
      addon.train(
        [spec],
        {},
        () => {},
        () => {},
      );
    } catch (e) {
      thrown++;
    }
  }
  check('malformed CUDA specs throw clear errors', thrown === malformed.length, `${thrown}/${malformed.length}`);
  // Far more device memory than any GPU has: 2^26 rows x 512 neurons of activations.
  const huge = {
    seed: 1,
    backend: 'cuda',
    data: { K: 1, d: 1, P: 64, n: 1 << 20, nTest: 1, alpha: [1], mu: [0] },
    model: { m: 512 },
    train: { steps: 1, recordEvery: 1, modes: ['joint'] },
  };
  const [oom] = await train([huge], { memoryLimitBytes: 1e15 });
  check('device out-of-memory is a clear error naming the size', /CUDA out of memory.*needs about/.test(oom.error || ''), oom.error);
  const long = { ...science, backend: 'cuda', train: { ...science.train, steps: 2_000_000, recordEvery: 1_000_000, modes: ['joint'] } };
  const started = Date.now();
  const result = await new Promise((resolve, reject) => {
    const job = addon.train(
      [long],
      {},
      () => {},
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    setTimeout(() => job.cancel(), 500);
  });
  const mode = result[0].modes[0];
  check(
    'cancel stops a CUDA run',
    Boolean(mode && mode.cancelled && mode.stepsRun < 2_000_000),
    mode ? `${mode.stepsRun} steps, ${Date.now() - started} ms` : result[0].error,
  );
}

// Seconds per step from the engine's own timing (device time of the steps, excluding the data
// generation, upload and the CPU-side metric records at the first and last step).
async function timePerStep(makeSpecs, steps) {
  const results = await train(makeSpecs(steps));
  const bad = results.find((r) => r.error);
  if (bad) throw new Error(bad.error);
  const mode = results[0].modes[0];
  return mode.timing.stepSeconds / mode.stepsRun;
}

const cases = {
  'paper-single': { runs: 1, K: 2, n: 512, P: 4, d: 512, m: 64, steps: quick ? 1000 : 5000 },
  sweep: { runs: 1024, K: 2, n: 256, P: 4, d: 256, m: 32, steps: quick ? 50 : 200 },
  large: { runs: 1, K: 2, n: 16384, P: 8, d: 2048, m: 512, steps: quick ? 5 : 20 },
};

async function speed() {
  console.log('\n== Speed: CUDA engine vs PyTorch on the same GPU (fp32) ==');
  const ours = {};
  const chosen = option('--cases', Object.keys(cases).join(',')).split(',');
  // The large case also runs in TF32, beside PyTorch's TF32 row.
  const variants = Object.entries(cases)
    .filter(([key]) => chosen.includes(key))
    .flatMap(([key, c]) =>
      key === 'large'
        ? [
            [key, c, 'f32'],
            [`${key}:tf32`, c, 'tf32'],
          ]
        : [[key, c, 'f32']],
    );
  for (const [name, c, precision] of variants) {
    const make = (steps) =>
      Array.from({ length: c.runs }, (_, i) => ({
        seed: i + 1,
        backend: 'cuda',
        precision,
        data: { K: c.K, n: c.n, P: c.P, d: c.d, nTest: 8, alpha: [1, 0.6], mu: [0.3, 0.05] },
        model: { m: c.m },
        train: { steps, recordEvery: steps, modes: ['joint'] },
      }));
    try {
      const s = await timePerStep(make, c.steps);
      const flops = 4 * c.runs * c.K * c.n * c.P * c.d * c.m;
      ours[name] = { s, runSteps: c.runs / s, gflops: flops / s / 1e9 };
      console.log(
        `modcomp ${name}: ${(s * 1e3).toFixed(4)} ms/step, ${(c.runs / s).toFixed(0)} run-steps/s, ${(flops / s / 1e9).toFixed(0)} GFLOP/s`,
      );
    } catch (e) {
      console.log(`modcomp ${name}: error ${e.message}`);
    }
  }
  if (args.includes('--skip-torch')) return;
  const torch = spawnSync(
    'python3',
    [path.join(__dirname, 'torch_peer.py'), '--cases', 'paper-single,sweep,large', '--sweep-runs', '1024'],
    { encoding: 'utf8', timeout: 300_000 },
  );
  const peers = (torch.stdout || '')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
  if (torch.status !== 0) console.log('torch peer stderr:', (torch.stderr || '').slice(-2000));
  const widths = [14, 18, 16, 16, 12, 14];
  console.log('\n' + line(['case', 'torch variant', 'torch ms/step', 'modcomp ms/step', 'ratio', 'target'], widths));
  const targets = { 'paper-single': 4, sweep: 4, large: 0.9 };
  for (const peer of peers) {
    const mine = ours[peer.tf32 ? `${peer.case}:tf32` : peer.case];
    if (!mine || peer.error) {
      console.log(line([peer.case, peer.variant, peer.error || '-', '-', '-', '-'], widths));
      continue;
    }
    const ratio = peer.seconds_per_step / mine.s;
    const note = peer.tf32 ? ' (tf32)' : '';
    console.log(
      line(
        [
          peer.case,
          peer.variant,
          (peer.seconds_per_step * 1e3).toFixed(4),
          (mine.s * 1e3).toFixed(4) + note,
          ratio.toFixed(2) + 'x',
          '>= ' + targets[peer.case] + 'x',
        ],
        widths,
      ),
    );
  }
  console.log('\nJSON ' + JSON.stringify({ modcomp: ours, torch: peers }));
}

(async () => {
  const caps = addon.capabilities();
  console.log('addon', addon.version(), JSON.stringify(caps.cuda));
  if (!caps.cuda.available && !rehearsal) {
    console.log(`SKIP  every GPU check: ${caps.cuda.reason}`);
    return;
  }
  const parts = option('--parts', 'parity,badInput,speed').split(',');
  for (const part of [parity, badInput, speed].filter((f) => parts.includes(f.name))) {
    try {
      await part();
    } catch (e) {
      failures++;
      console.log(`FAIL  ${part.name}: ${e.stack || e.message}`);
    }
  }
  console.log(`\n${failures === 0 ? 'all GPU checks passed' : `${failures} GPU check(s) failed`}`);
  process.exitCode = failures === 0 ? 0 : 1;
})();
