/**
 * The queue's faults and boundaries with real processes and a real redis-server: a batch that
 * keeps failing, a coordinator of another version, a run spec the schema refuses, Redis out of
 * reach, bad URLs, and a password that must never be printed or stored.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Job, Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeAvailable } from '../../src-main/engine/native-loader';
import { WIRE_VERSION, type BatchJobData } from '../../src-main/sweeps/queue/batch-wire';
import { localVersions, QUEUE_NAME } from '../../src-main/sweeps/queue/queue-identity';
import { tinyConfig } from '../lab/tiny-config';
import { tempDir } from '../workspace/temp-dir';
import { freePort, REDIS_MISSING, startRedis, type RedisServer } from './redis-harness';
import { startCli, startWorker, stopWorker, waitFor } from './queue-processes';
import { localTable, runCounts, runErrors, sweepSpec, writeSpec, type SweepJson } from './sweep-tables';

const skipReason = REDIS_MISSING ?? (nativeAvailable() ? null : 'the native engine is not built');

let tmp: ReturnType<typeof tempDir>;
let redis: RedisServer;

beforeAll(async () => {
  if (skipReason) return;
  tmp = tempDir('mcl-queue-faults-');
  redis = await startRedis(tmp.dir);
});
afterAll(async () => {
  if (skipReason) return;
  await redis.stop();
  tmp.cleanup();
});

function batchData(items: { key: string; config: unknown }[], versions = localVersions()): BatchJobData {
  return {
    wire: WIRE_VERSION,
    sweep: { specHash: 'f'.repeat(64), name: 'hand-made' },
    engine: versions.engine,
    schema: versions.schema,
    backend: 'cpu',
    maxResultBytes: 1 << 26,
    items,
  };
}

/** Adds one batch the way a coordinator does and waits until a worker has settled it. */
async function settledJob(data: BatchJobData, id: string): Promise<{ job: Job; state: string }> {
  const queue = new Queue(QUEUE_NAME, { connection: { host: '127.0.0.1', port: redis.port } });
  try {
    await queue.add('batch', data, { jobId: id, attempts: 3, removeOnComplete: false, removeOnFail: false });
    let job: Job | undefined;
    let state = 'missing';
    await waitFor(`job ${id} settled`, async () => {
      job = await Job.fromId(queue, id);
      state = job ? await job.getState() : 'missing';
      return state === 'completed' || state === 'failed';
    });
    return { job: job as Job, state };
  } finally {
    await queue.close();
  }
}

describe.skipIf(skipReason)(`queue faults${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it("a batch that keeps failing is failed after 3 attempts with the engine's message; the rest of the sweep goes on", async () => {
    // 10^8 steps recorded at every step: the engine refuses the run at once (memory), and every try of its batch.
    const spec = writeSpec(tmp.dir, sweepSpec('poisoned', 8, 300, 8, { path: 'train.steps', values: [300, 100_000_000] }, 1));
    const local = await localTable(spec, path.join(tmp.dir, 'poisoned-local.mcl'));
    expect(local).toMatchObject({ total: 32, done: 16, failed: 16 });
    const worker = await startWorker(redis.url, 'poisoned-worker');
    const queued = path.join(tmp.dir, 'poisoned-queued.mcl');
    const coordinator = startCli(['sweep', spec, '--workspace', queued, '--queue', redis.url, '--json']);
    expect(await coordinator.exited, coordinator.output()).toBe(1);
    await stopWorker(worker);
    const report = JSON.parse(coordinator.stdout()) as SweepJson;
    expect(report).toMatchObject({ total: 32, done: 16, failed: 16, cancelled: 0 });
    expect(report.cells).toEqual(local.cells);
    expect(runCounts(queued)).toEqual({ finished: 16, failed: 16 });
    const errors = runErrors(queued);
    expect(errors).toHaveLength(16);
    // The engine's own words, as the local sweep recorded them, and how many tries the batch had.
    const localErrors = runErrors(path.join(tmp.dir, 'poisoned-local.mcl'));
    expect(localErrors[0]).toMatch(/this run needs about .* of memory/);
    expect(errors).toEqual(localErrors.map((e) => `${e} (batch failed after 3 of 3 attempts)`));
    expect(coordinator.output()).toMatch(/modcomp: a batch of 8 runs failed: specs\[0\]: this run needs about/);
    expect(worker.output()).toContain('a batch failed (attempt 1)');
  });

  it('a worker refuses a batch from a coordinator of another engine or schema, naming both versions', async () => {
    const worker = await startWorker(redis.url, 'skewed-worker');
    const mine = localVersions();
    const { job, state } = await settledJob(
      batchData([{ key: 'k:1', config: tinyConfig(1) }], { engine: '0.0.0-other', schema: '0123456789abcdef' }),
      'skew-1',
    );
    await stopWorker(worker);
    expect(state).toBe('failed');
    expect(job.failedReason).toBe(
      `skewed-worker refused the batch: version skew: this worker has engine ${mine.engine} and schema ${mine.schema}, ` +
        'the coordinator has engine 0.0.0-other and schema 0123456789abcdef; run the same build of the lab on both',
    );
    // Refused, not retried: another try on the same worker cannot agree.
    expect(job.attemptsMade).toBe(1);
    expect(worker.output()).toContain('refused a batch: version skew');
  });

  it('a worker trains nothing the schema refuses: the batch fails naming the run and the setting', async () => {
    const worker = await startWorker(redis.url, 'strict-worker');
    const bad = { ...tinyConfig(2), model: { ...tinyConfig(2).model, m: -3 } };
    const { job, state } = await settledJob(
      batchData([
        { key: 'good:1', config: tinyConfig(1) },
        { key: 'bad:2', config: bad },
      ]),
      'schema-1',
    );
    await stopWorker(worker);
    expect(state).toBe('failed');
    expect(job.failedReason).toMatch(/^strict-worker refused the batch: run bad:2: .*model\.m/);
    expect(job.attemptsMade).toBe(1);
  });

  it('a second coordinator of a queued sweep is refused, naming the first; the first then ends with every run', async () => {
    const spec = writeSpec(tmp.dir, sweepSpec('two-coordinators', 4, 60, 4));
    const workspace = path.join(tmp.dir, 'two-coordinators.mcl');
    // No worker yet: the first coordinator has queued its batches and waits, holding the sweep.
    const first = startCli(['sweep', spec, '--workspace', workspace, '--queue', redis.url]);
    await waitFor(
      'the first coordinator to record its runs',
      () => Object.keys(runCounts(workspace)).length > 0 || first.proc.exitCode !== null,
    );
    expect(first.proc.exitCode, first.output()).toBeNull();
    for (const args of [['--resume'], []]) {
      const second = startCli(['sweep', spec, '--workspace', workspace, '--queue', redis.url, ...args]);
      expect(await second.exited).toBe(2);
      expect(second.output()).toMatch(
        new RegExp(
          `^modcomp: sweep 1 \\("two-coordinators"\\) is being trained by process ${first.proc.pid} on .+; nothing was changed\\n$`,
        ),
      );
      expect(first.output()).toMatch(
        new RegExp(`^modcomp: sweep "two-coordinators" goes to the queue at redis://127\\.0\\.0\\.1:${redis.port}/0; start workers`),
      );
    }
    const worker = await startWorker(redis.url, 'after-refusal');
    expect(await first.exited, first.output()).toBe(0);
    await stopWorker(worker);
    expect(runCounts(workspace)).toEqual({ finished: 16 });
  });

  it('Redis out of reach: coordinator and worker stop with one line naming the URL, and no workspace is made', async () => {
    const port = await freePort();
    const spec = writeSpec(tmp.dir, sweepSpec('unreachable', 2, 60, 8));
    const workspace = path.join(tmp.dir, 'unreachable.mcl');
    const coordinator = startCli(['sweep', spec, '--workspace', workspace, '--queue', `redis://:hunter2@127.0.0.1:${port}/3`]);
    expect(await coordinator.exited).toBe(2);
    expect(coordinator.output()).toBe(
      `modcomp: cannot reach the queue at redis://:***@127.0.0.1:${port}/3: connect ECONNREFUSED 127.0.0.1:${port}\n`,
    );
    expect(fs.existsSync(workspace)).toBe(false);
    const worker = startCli(['worker', '--queue', `redis://127.0.0.1:${port}`]);
    expect(await worker.exited).toBe(2);
    expect(worker.output()).toBe(
      `modcomp: cannot reach the queue at redis://127.0.0.1:${port}/0: connect ECONNREFUSED 127.0.0.1:${port}\n`,
    );
  });

  it('a URL that is not redis:// or rediss:// is refused in one line', async () => {
    const worker = startCli(['worker', '--queue', 'http://user:pw@example.org/']);
    expect(await worker.exited).toBe(2);
    expect(worker.output()).toBe('modcomp: --queue needs a redis:// or rediss:// URL, not http://\n');
    const sweep = startCli(['sweep', writeSpec(tmp.dir, sweepSpec('bad-url', 2, 60, 8)), '--queue', 'redis://127.0.0.1:6379/db']);
    expect(await sweep.exited).toBe(2);
    expect(sweep.output()).toBe('modcomp: --queue URL: database "db" is not a number from 0 to 99\n');
  });

  it('with a password: the sweep runs, and the password is in no output and not in the workspace', async () => {
    const password = 'pw-Zq81-secret';
    const dir = path.join(tmp.dir, 'locked');
    fs.mkdirSync(dir);
    const locked = await startRedis(dir, { password });
    try {
      const spec = writeSpec(tmp.dir, sweepSpec('locked', 4, 100, 8));
      const worker = await startWorker(locked.url, 'locked-worker');
      const workspace = path.join(tmp.dir, 'locked.mcl');
      const coordinator = startCli(['sweep', spec, '--workspace', workspace, '--queue', locked.url]);
      expect(await coordinator.exited, coordinator.output()).toBe(0);
      await stopWorker(worker);
      expect(runCounts(workspace)).toEqual({ finished: 16 });
      expect(coordinator.output()).toContain(`at redis://:***@127.0.0.1:${locked.port}/0`);
      expect(worker.output()).toContain(`at redis://:***@127.0.0.1:${locked.port}/0`);
      for (const text of [coordinator.output(), worker.output()]) expect(text).not.toContain(password);
      for (const file of fs.readdirSync(tmp.dir).filter((f) => f.startsWith('locked.mcl'))) {
        expect(fs.readFileSync(path.join(tmp.dir, file)).includes(password)).toBe(false);
      }
      const wrong = startCli(['worker', '--queue', `redis://:not-${password}@127.0.0.1:${locked.port}`]);
      expect(await wrong.exited).toBe(2);
      expect(wrong.output()).toMatch(
        new RegExp(`^modcomp: cannot reach the queue at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${locked.port}/0: WRONGPASS`),
      );
      expect(wrong.output()).not.toContain(password);
    } finally {
      await locked.stop();
    }
  });
});
