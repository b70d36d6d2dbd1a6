/**
 * Sweeps through a real Redis queue with real worker and coordinator processes: the table a
 * queued sweep ends with equals the local sweep's, with 3 workers, with a worker killed in the
 * middle of a batch (2,048 runs), with the coordinator killed and resumed, and across a Redis
 * restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeAvailable } from '../../src-main/engine/native-loader';
import { tempDir } from '../workspace/temp-dir';
import { REDIS_MISSING, startRedis, type RedisServer } from './redis-harness';
import { startCli, startWorker, stopWorker, waitFor, type CliProcess } from './queue-processes';
import { localTable, runCounts, storedRuns, storedTable, sweepSpec, writeSpec, type SweepJson } from './sweep-tables';
import * as path from 'node:path';

const skipReason = REDIS_MISSING ?? (nativeAvailable() ? null : 'the native engine is not built');

let tmp: ReturnType<typeof tempDir>;
let redis: RedisServer;
const workers: CliProcess[] = [];

beforeAll(async () => {
  if (skipReason) return;
  tmp = tempDir('mcl-queue-');
  redis = await startRedis(tmp.dir);
});
afterAll(async () => {
  if (skipReason) return;
  await Promise.all(workers.map(stopWorker));
  await redis.stop();
  tmp.cleanup();
});

async function workerState(name: string): Promise<string | null> {
  const client = redis.client();
  try {
    const text = await client.get(`modcomp:workers:${name}`);
    return text ? (JSON.parse(text) as { state: string }).state : null;
  } finally {
    client.disconnect();
  }
}

async function queueEmpty(): Promise<boolean> {
  const client = redis.client();
  try {
    const jobs = await client.keys('bull:modcomp-sweeps:sweep-*');
    const finished = (await client.zcard('bull:modcomp-sweeps:completed')) + (await client.zcard('bull:modcomp-sweeps:failed'));
    return jobs.length === 0 && finished === 0;
  } finally {
    client.disconnect();
  }
}

describe.skipIf(skipReason)(`sweeps through a Redis queue${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('3 workers train a sweep to the local table, and every batch leaves Redis once recorded', async () => {
    const spec = writeSpec(tmp.dir, sweepSpec('three-workers', 12, 300, 8));
    const local = await localTable(spec, path.join(tmp.dir, 'three-local.mcl'));
    for (const name of ['w1', 'w2', 'w3']) workers.push(await startWorker(redis.url, name));
    const queued = path.join(tmp.dir, 'three-queued.mcl');
    const coordinator = startCli(['sweep', spec, '--workspace', queued, '--queue', redis.url, '--json']);
    expect(await coordinator.exited, coordinator.output()).toBe(0);
    const report = JSON.parse(coordinator.stdout()) as SweepJson;
    expect(report).toMatchObject({ total: 48, done: 48, failed: 0, cancelled: 0 });
    expect(report.cells).toEqual(local.cells);
    expect(await storedTable(queued)).toEqual(local.cells);
    // Run by run, the stored summaries and series are the local sweep's, byte for byte.
    const localRuns = storedRuns(path.join(tmp.dir, 'three-local.mcl'));
    expect(localRuns.size).toBe(48);
    expect(storedRuns(queued)).toEqual(localRuns);
    expect(await queueEmpty()).toBe(true);
    // The work was shared: each worker's heartbeat counts the runs it trained.
    const client = redis.client();
    const done = await Promise.all(
      ['w1', 'w2', 'w3'].map(
        async (n) => (JSON.parse((await client.get(`modcomp:workers:${n}`)) as string) as { runsDone: number }).runsDone,
      ),
    );
    client.disconnect();
    expect(done.reduce((a, b) => a + b, 0)).toBe(48);
    await Promise.all(workers.splice(0).map(stopWorker));
  });

  it('2,048 runs with 2 workers, one SIGKILLed in the middle of a batch, end with the local table', async () => {
    const spec = writeSpec(tmp.dir, sweepSpec('killed-worker', 256, 300, 64, { path: 'data.n', values: [6, 8, 10, 12] }));
    const local = await localTable(spec, path.join(tmp.dir, 'killed-local.mcl'));
    expect(local.total).toBe(2048);
    const victim = await startWorker(redis.url, 'victim');
    const survivor = await startWorker(redis.url, 'survivor');
    workers.push(victim, survivor);
    const queued = path.join(tmp.dir, 'killed-queued.mcl');
    const coordinator = startCli(['sweep', spec, '--workspace', queued, '--queue', redis.url, '--json']);
    await waitFor(
      'a quarter of the runs and the victim in a batch',
      async () => (runCounts(queued).finished ?? 0) >= 512 && (await workerState('victim')) === 'training',
    );
    victim.proc.kill('SIGKILL');
    expect(await victim.exited).toBe('SIGKILL');
    expect(await coordinator.exited, coordinator.output()).toBe(0);
    // The victim's batch was found stalled and went back to the queue for the survivor.
    expect(coordinator.output()).toContain('a worker stopped answering; its batch goes back to the queue');
    const report = JSON.parse(coordinator.stdout()) as SweepJson;
    expect(report).toMatchObject({ total: 2048, done: 2048, failed: 0, cancelled: 0 });
    expect(report.cells).toEqual(local.cells);
    expect(runCounts(queued)).toEqual({ finished: 2048 });
    expect(storedRuns(queued)).toEqual(storedRuns(path.join(tmp.dir, 'killed-local.mcl')));
    await stopWorker(survivor);
  });

  it('a coordinator SIGKILLed mid-sweep resumes with --resume, collecting the batches finished meanwhile', async () => {
    const spec = writeSpec(tmp.dir, sweepSpec('killed-coordinator', 24, 600, 8));
    const local = await localTable(spec, path.join(tmp.dir, 'coord-local.mcl'));
    const worker = await startWorker(redis.url, 'steady');
    workers.push(worker);
    const queued = path.join(tmp.dir, 'coord-queued.mcl');
    const first = startCli(['sweep', spec, '--workspace', queued, '--queue', redis.url, '--json']);
    await waitFor('some batches recorded', () => (runCounts(queued).finished ?? 0) >= 16);
    first.proc.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    // The worker goes on without a coordinator; its answers wait in Redis.
    const client = redis.client();
    await waitFor('a batch answered while no coordinator records', async () => (await client.zcard('bull:modcomp-sweeps:completed')) > 0);
    client.disconnect();
    const second = startCli(['sweep', spec, '--workspace', queued, '--queue', redis.url, '--resume']);
    expect(await second.exited, second.output()).toBe(0);
    expect(second.stdout()).toMatch(/\d+ already done/);
    expect(second.stdout()).toMatch(/[1-9]\d* batch(es)? had finished in the queue while no coordinator was recording/);
    expect(await storedTable(queued)).toEqual(local.cells);
    expect(runCounts(queued)).toEqual({ finished: 96 });
    expect(await queueEmpty()).toBe(true);
    await stopWorker(worker);
  });

  it('a Redis restart in the middle of a sweep is reported, survived, and the table is the local one', async () => {
    const spec = writeSpec(tmp.dir, sweepSpec('redis-restart', 24, 600, 8));
    const local = await localTable(spec, path.join(tmp.dir, 'restart-local.mcl'));
    const worker = await startWorker(redis.url, 'resilient');
    workers.push(worker);
    const queued = path.join(tmp.dir, 'restart-queued.mcl');
    const coordinator = startCli(['sweep', spec, '--workspace', queued, '--queue', redis.url, '--json']);
    await waitFor('some batches recorded', () => (runCounts(queued).finished ?? 0) >= 16);
    await redis.restart();
    expect(await coordinator.exited, coordinator.output()).toBe(0);
    const lost = `lost the queue at redis://127.0.0.1:${redis.port}/0`;
    expect(coordinator.output()).toContain(lost);
    expect(coordinator.output()).toContain(`reconnected to the queue at redis://127.0.0.1:${redis.port}/0`);
    expect(worker.output()).toContain(lost);
    const report = JSON.parse(coordinator.stdout()) as SweepJson;
    expect(report).toMatchObject({ total: 96, done: 96, failed: 0 });
    expect(report.cells).toEqual(local.cells);
    await stopWorker(worker);
  });

  it('a worker stopped with SIGTERM finishes its batch; stopped twice it hands the batch back; nothing is lost', async () => {
    const spec = writeSpec(tmp.dir, sweepSpec('drained', 8, 3000, 8));
    const local = await localTable(spec, path.join(tmp.dir, 'drained-local.mcl'));
    const queued = path.join(tmp.dir, 'drained-queued.mcl');
    const first = await startWorker(redis.url, 'first');
    workers.push(first);
    const coordinator = startCli(['sweep', spec, '--workspace', queued, '--queue', redis.url, '--json']);
    await waitFor('the first worker in a batch', async () => (await workerState('first')) === 'training');
    first.proc.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('modcomp worker first: stopping after the batch in hand (stop again to hand it back now)');
    // Its batch was finished and sent back, not abandoned.
    await waitFor('the drained batch recorded', () => (runCounts(queued).finished ?? 0) >= 8);

    const second = await startWorker(redis.url, 'second');
    workers.push(second);
    await waitFor('the second worker in a batch', async () => (await workerState('second')) === 'training');
    second.proc.kill('SIGTERM');
    await waitFor('the first notice', () => second.output().includes('stopping after'));
    second.proc.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(second.output()).toContain('modcomp worker second: handing the batches in hand back to the queue');

    const third = await startWorker(redis.url, 'third');
    workers.push(third);
    expect(await coordinator.exited, coordinator.output()).toBe(0);
    // Handed back, not stalled: no batch had to wait for a lock to expire.
    expect(coordinator.output()).not.toContain('stopped answering');
    const report = JSON.parse(coordinator.stdout()) as SweepJson;
    expect(report).toMatchObject({ total: 32, done: 32, failed: 0, cancelled: 0 });
    expect(report.cells).toEqual(local.cells);
    await stopWorker(third);
  });
});
