#!/usr/bin/env node
'use strict';
/**
 * Queue benchmark (not a test): what the Redis queue costs and where its coordinator saturates,
 * all measured in one invocation on this machine with a redis-server of its own (free loopback
 * port, temporary folder). Needs `npm run build` and redis-server.
 *
 *   node bench/queue-bench.js [--part throughput|batch|store]... [--batches 4] [--steps 100]
 *                             [--repeats 2] [--store-runs 4096] [--json]
 *
 * Without --part it measures all three parts below, in this order.
 *
 * 1. Throughput of the sweep bench case (64 runs per batch, K=2 n=256 P=4 d=256 m=32) as a sweep
 *    of `--batches` batches: the local executor, the queue with 1 worker (every core, as local),
 *    and the queue with 2 workers (cores shared between them), alternating, best round of each.
 * 2. The queue's cost per batch: many one-step batches of tiny runs, queue (1 worker) against
 *    local, the difference divided by the batches.
 * 3. The coordinator's sustained stored results per second: `--store-runs` runs (tiny shapes,
 *    but the sweep case's K, steps and records, so each answer is as large) are enqueued, the
 *    coordinator is killed, workers answer every batch, and a `--resume` collects and stores them
 *    all; its time less that of a `--resume` with nothing left to do.
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const cli = path.join(root, 'bin', 'modcomp.js');
if (!fs.existsSync(path.join(root, 'dist', 'src-main', 'cli', 'main.js'))) {
  process.stderr.write('queue-bench: build first (npm run build)\n');
  process.exit(2);
}
if (spawnSync('redis-server', ['--version']).status !== 0) {
  process.stderr.write('queue-bench: redis-server is not installed (`npm run setup` installs it)\n');
  process.exit(2);
}
const IORedis = require('ioredis');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 1) {
    process.stderr.write(`queue-bench: --${name} needs a whole number of at least 1\n`);
    process.exit(2);
  }
  return value;
}
const batches = arg('batches', 4);
const steps = arg('steps', 100);
const repeats = arg('repeats', 2);
const storeRuns = arg('store-runs', 4096);
const json = process.argv.includes('--json');
const PARTS = ['throughput', 'batch', 'store'];
const parts = process.argv.flatMap((a, i) => (process.argv[i - 1] === '--part' ? [a] : []));
for (const part of parts) {
  if (!PARTS.includes(part)) {
    process.stderr.write(`queue-bench: unknown --part ${part} (known: ${PARTS.join(', ')})\n`);
    process.exit(2);
  }
}
const wanted = (part) => parts.length === 0 || parts.includes(part);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcl-queue-bench-'));
const say = (text) => process.stderr.write(`queue-bench: ${text}\n`);

// The sweep bench case's shape (see `npm run bench`), one batch of it per 64 runs.
const SWEEP_CASE = { data: { K: 2, n: 256, P: 4, d: 256, nTest: 32 }, model: { m: 32 } };
const TINY = { data: { K: 2, n: 8, P: 2, d: 16, nTest: 32 }, model: { m: 4 } };
const RECORD_EVERY = 10;

let specCount = 0;
function writeSpec(shape, runs, trainSteps) {
  const seeds = 4;
  // 16 noise levels by as many initial scales as the runs need (an axis holds at most 1,000 values).
  const rows = Math.ceil(runs / seeds / 16);
  // Each spec gets a name of its own, so no two measurements share job ids in Redis.
  const spec = {
    name: `queue-bench-${++specCount}`,
    base: { config: { ...shape, train: { steps: trainSteps, recordEvery: Math.min(RECORD_EVERY, trainSteps) }, backend: 'cpu' } },
    grid: [
      { path: 'data.sigmaXi', from: 0.05, to: 0.5, count: 16, spacing: 'log' },
      rows === 1 ? { path: 'model.sigma0', values: [0.01] } : { path: 'model.sigma0', from: 1e-3, to: 1e-1, count: rows, spacing: 'log' },
    ],
    seeds,
    runsPerBatch: 64,
  };
  const file = path.join(dir, `${spec.name}.json`);
  fs.writeFileSync(file, JSON.stringify(spec));
  return { file, runs: 16 * rows * seeds, workspace: path.join(dir, `${spec.name}.mcl`) };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitUntil(what, test, ms = 600_000) {
  const deadline = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

function start(args) {
  const proc = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout.on('data', (d) => (output += d));
  proc.stderr.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve(signal ?? code)));
  return { proc, exited, output: () => output };
}

/**
 * CPU seconds of this process's ended children (Linux's cutime + cstime, 100 ticks a second),
 * or null elsewhere. Other users' load slows a command's wall time, much less its CPU time.
 */
function childrenCpuSeconds() {
  try {
    const fields = fs
      .readFileSync('/proc/self/stat', 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return null;
  }
}

/** Wall and CPU seconds of one CLI command, from spawn to exit; it must succeed. */
async function timedCpu(args) {
  const cpu0 = childrenCpuSeconds();
  const t0 = process.hrtime.bigint();
  const child = start(args);
  const code = await child.exited;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (code !== 0) throw new Error(`modcomp ${args.join(' ')} exited with ${code}:\n${child.output()}`);
  const cpu1 = childrenCpuSeconds();
  return { seconds, cpu: cpu0 === null || cpu1 === null ? null : cpu1 - cpu0 };
}

async function timed(args) {
  return (await timedCpu(args)).seconds;
}

async function startWorkers(url, count, threads) {
  const workers = [];
  for (let i = 0; i < count; i++) {
    const w = start(['worker', '--queue', url, '--name', `bench-${process.pid}-${i}`, '--threads', String(threads)]);
    workers.push(w);
    await waitUntil(
      `worker ${i} to start`,
      () => {
        if (w.proc.exitCode !== null) throw new Error(`a worker did not start:\n${w.output()}`);
        return w.output().includes('waiting for batches');
      },
      60_000,
    );
  }
  return workers;
}

async function stopWorkers(workers) {
  for (const w of workers) if (w.proc.exitCode === null && w.proc.signalCode === null) w.proc.kill('SIGTERM');
  await Promise.all(workers.map((w) => w.exited));
}

const f = (x, d = 2) => x.toFixed(d);

/** 1. Throughput of the sweep case: local, 1 worker, 2 workers; alternating, best of `repeats`. */
async function measureThroughput(url, cores) {
  const best = { local: Infinity, queue1: Infinity, queue2: Infinity };
  for (let round = 1; round <= repeats; round++) {
    for (const mode of ['local', 'queue1', 'queue2']) {
      const sweep = writeSpec(SWEEP_CASE, batches * 64, steps);
      const args = ['sweep', sweep.file, '--workspace', sweep.workspace, '--json'];
      let seconds;
      if (mode === 'local') {
        seconds = await timed(args);
      } else {
        const count = mode === 'queue1' ? 1 : 2;
        // One worker uses every core, as the local sweep does; two share them.
        const workers = await startWorkers(url, count, count === 1 ? 0 : Math.max(1, Math.floor(cores / 2)));
        try {
          seconds = await timed([...args, '--queue', url]);
        } finally {
          await stopWorkers(workers);
        }
      }
      best[mode] = Math.min(best[mode], seconds);
      say(`round ${round}/${repeats}, ${mode}: ${sweep.runs} runs in ${seconds.toFixed(2)} s`);
    }
  }
  const runs = batches * 64;
  const rate = (x) => runs / x;
  const overhead = (100 * (best.queue1 - best.local)) / best.local;
  return {
    result: {
      runs,
      batches,
      steps,
      repeats,
      seconds: best,
      runsPerSecond: { local: rate(best.local), queue1: rate(best.queue1), queue2: rate(best.queue2) },
      queue1OverheadPercent: overhead,
      localBatchMs: (best.local * 1000) / batches,
    },
    lines: [
      `sweep case (${runs} runs = ${batches} batches of 64, K=2 n=256 P=4 d=256 m=32, ${steps} steps), best of ${repeats}, ${cores} cores:`,
      `  local executor        ${f(best.local)} s  ${f(rate(best.local))} runs/s`,
      `  queue, 1 worker       ${f(best.queue1)} s  ${f(rate(best.queue1))} runs/s  (${f(Math.abs(overhead), 1)}% ${overhead >= 0 ? 'slower' : 'faster'} than local)`,
      `  queue, 2 workers      ${f(best.queue2)} s  ${f(rate(best.queue2))} runs/s  (${f(best.local / best.queue2)}x local)`,
    ],
  };
}

/** 2. Cost per batch: 1-step batches of tiny runs, where training takes next to nothing. */
async function measurePerBatch(url, localBatchMs) {
  const tinyBatches = 32;
  let local = Infinity;
  let queued = Infinity;
  for (let round = 1; round <= repeats; round++) {
    const a = writeSpec(TINY, tinyBatches * 64, 1);
    local = Math.min(local, await timed(['sweep', a.file, '--workspace', a.workspace, '--json']));
    const b = writeSpec(TINY, tinyBatches * 64, 1);
    const workers = await startWorkers(url, 1, 0);
    try {
      queued = Math.min(queued, await timed(['sweep', b.file, '--workspace', b.workspace, '--json', '--queue', url]));
    } finally {
      await stopWorkers(workers);
    }
  }
  const overheadMs = ((queued - local) * 1000) / tinyBatches;
  say(`${tinyBatches} one-step batches: local ${local.toFixed(2)} s, queue ${queued.toFixed(2)} s`);
  const lines = [
    `per batch through the queue: ${f(overheadMs, 1)} ms (${tinyBatches} one-step batches of 64 tiny runs: local ${f(local)} s, queue ${f(queued)} s)`,
  ];
  // The overhead question answered by the per-batch cost, which the machine's noise moves less
  // than it moves two wall times of a minute each.
  const ofBatch = localBatchMs === undefined ? null : (100 * overheadMs) / localBatchMs;
  if (ofBatch !== null) lines.push(`  = ${f(ofBatch, 2)}% of a sweep-case batch trained locally (${f(localBatchMs, 0)} ms)`);
  return {
    result: { batches: tinyBatches, localSeconds: local, queueSeconds: queued, overheadMs, percentOfSweepCaseBatch: ofBatch },
    lines,
  };
}

/** 3. The coordinator's stored results per second, with every answer already waiting in Redis. */
async function measureStore(url, client, cores) {
  const store = writeSpec(TINY, storeRuns, steps);
  const storeBatches = Math.ceil(store.runs / 64);
  const args = ['sweep', store.file, '--workspace', store.workspace, '--queue', url, '--json'];
  const first = start(args);
  await waitUntil('every batch enqueued', async () => {
    if (first.proc.exitCode !== null) throw new Error(`the coordinator stopped before enqueueing every batch:\n${first.output()}`);
    return (await client.llen('bull:modcomp-sweeps:wait')) >= storeBatches;
  });
  first.proc.kill('SIGKILL');
  await first.exited;
  const workers = await startWorkers(url, 2, Math.max(1, Math.floor(cores / 2)));
  try {
    await waitUntil('every batch answered', async () => (await client.zcard('bull:modcomp-sweeps:completed')) >= storeBatches);
  } finally {
    await stopWorkers(workers);
  }
  const collect = await timedCpu([...args, '--resume']);
  const idle = await timedCpu([...args, '--resume']);
  const perSecond = store.runs / Math.max(1e-9, collect.seconds - idle.seconds);
  // Per CPU second of the coordinator: what it sustains with a core to itself.
  const perCpuSecond = collect.cpu === null || idle.cpu === null ? null : store.runs / Math.max(1e-9, collect.cpu - idle.cpu);
  say(
    `--resume stored ${store.runs} waiting results in ${collect.seconds.toFixed(2)} s (${collect.cpu} s CPU); a --resume with nothing to do took ${idle.seconds.toFixed(2)} s (${idle.cpu} s CPU)`,
  );
  const lines = [
    `coordinator: ${f(perSecond, 0)} stored results/s (${store.runs} results waiting in Redis, ${steps} steps each, stored by --resume in ${f(collect.seconds)} s less ${f(idle.seconds)} s of start-up)`,
  ];
  if (perCpuSecond !== null)
    lines.push(`  ${f(perCpuSecond, 0)} stored results per CPU second (${f(collect.cpu)} s less ${f(idle.cpu)} s of CPU)`);
  return {
    result: { runs: store.runs, steps, collect, idleResume: idle, storedPerSecond: perSecond, storedPerCpuSecond: perCpuSecond },
    lines,
  };
}

async function main() {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const redis = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--save',
      '',
      '--logfile',
      path.join(dir, 'redis.log'),
    ],
    { stdio: 'ignore' },
  );
  const client = new IORedis({ port, host: '127.0.0.1', maxRetriesPerRequest: null });
  client.on('error', () => {});
  try {
    await waitUntil('redis-server to answer', async () => (await client.ping().catch(() => '')) === 'PONG', 20_000);
    const cores = os.cpus().length;
    const machine = {
      cores,
      cpu: os.cpus()[0].model,
      loadBefore: os.loadavg()[0],
      redis: spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).stdout.trim(),
    };
    say(`${cores} cores, ${machine.cpu}, load ${f(machine.loadBefore)}; ${machine.redis}`);
    const result = { machine };
    const lines = [];
    if (wanted('throughput')) {
      const t = await measureThroughput(url, cores);
      result.sweepCase = t.result;
      lines.push(...t.lines);
    }
    if (wanted('batch')) {
      const b = await measurePerBatch(url, result.sweepCase?.localBatchMs);
      result.perBatch = b.result;
      lines.push(...b.lines);
    }
    if (wanted('store')) {
      const c = await measureStore(url, client, cores);
      result.coordinator = c.result;
      lines.push(...c.lines);
    }
    result.machine.loadAfter = os.loadavg()[0];
    lines.push(`load average (1 min) of this machine: ${f(machine.loadBefore)} before, ${f(result.machine.loadAfter)} after`);
    process.stdout.write(json ? `${JSON.stringify(result)}\n` : `${lines.join('\n')}\n`);
  } finally {
    client.disconnect();
    if (redis.exitCode === null && redis.signalCode === null) {
      const exited = new Promise((r) => redis.once('exit', r));
      redis.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`queue-bench: ${err && err.stack ? err.stack : String(err)}\n`);
  process.exit(1);
});
