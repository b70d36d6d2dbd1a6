/**
 * The lab service sends a sweep to a real Redis queue (what the sweep editor's "Send to a queue"
 * does over IPC or HTTP): the sweep's queue activity lists the worker and the batches by state,
 * the sweep ends with the local table, and a wrong or unreachable URL is refused before anything
 * is recorded.
 */
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabEvent, QueueActivityDto } from '../../src-main/api/lab-api';
import { nativeAvailable } from '../../src-main/engine/native-loader';
import { openServiceFixture, type ServiceFixture } from '../service/service-fixture';
import { freePort, REDIS_MISSING, startRedis, type RedisServer } from './redis-harness';
import { startWorker, stopWorker, waitFor, type CliProcess } from './queue-processes';
import { localTable, sweepSpec, writeSpec } from './sweep-tables';

const skipReason = REDIS_MISSING ?? (nativeAvailable() ? null : 'the native engine is not built');

let fx: ServiceFixture;
let redis: RedisServer;
let worker: CliProcess | null = null;

beforeAll(async () => {
  if (skipReason) return;
  fx = openServiceFixture();
  redis = await startRedis(fx.dir);
});
afterAll(async () => {
  if (skipReason) return;
  if (worker) await stopWorker(worker);
  await fx.cleanup();
  await redis.stop();
});

const ended =
  (sweepId: number) =>
  (e: LabEvent): e is Extract<LabEvent, { type: 'sweep-ended' }> =>
    e.type === 'sweep-ended' && e.sweepId === sweepId;

describe.skipIf(skipReason)(`the lab sends a sweep to a queue${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('shows the worker and the batches while it runs, and ends with the local table', async () => {
    const spec = sweepSpec('from-the-lab', 8, 600, 4);
    const local = await localTable(writeSpec(fx.dir, spec), path.join(fx.dir, 'lab-local.mcl'));
    const { sweepId } = await fx.service.startSweep({ spec, queue: redis.url });
    // No worker yet: every batch waits in the queue, and the view says how to start one.
    const waiting = (await fx.service.queueActivity({ sweepId })) as QueueActivityDto;
    expect(waiting.queue).toBe(`redis://127.0.0.1:${redis.port}/0`);
    expect(waiting.workers).toEqual([]);
    await waitFor('all 8 batches queued', async () => ((await fx.service.queueActivity({ sweepId }))?.batches.queued ?? 0) === 8);
    worker = await startWorker(redis.url, 'lab-worker');
    let seen: QueueActivityDto | null = null;
    await waitFor('the worker listed while it trains', async () => {
      seen = await fx.service.queueActivity({ sweepId });
      return seen !== null && seen.workers.length === 1 && seen.batches.done > 0;
    });
    const during = seen as unknown as QueueActivityDto;
    expect(during.workers[0]).toMatchObject({ name: 'lab-worker', backend: 'cpu' });
    const { queued, running, done, retried, failed } = during.batches;
    expect(queued + running + done).toBe(8);
    expect({ retried, failed }).toEqual({ retried: 0, failed: 0 });
    expect(await fx.waitFor(ended(sweepId), 300_000)).toMatchObject({ status: 'finished', error: null });
    // Ended: the sweep is no longer the queue's, so there is nothing to show.
    expect(await fx.service.queueActivity({ sweepId })).toBeNull();
    const detail = await fx.service.getSweep({ sweepId });
    expect(detail.cells.map(({ runIds: _ids, ...cell }) => cell)).toEqual(local.cells);
    await stopWorker(worker);
    worker = null;
  });

  it('refuses a bad or unreachable queue in one message and records no sweep', async () => {
    const before = (await fx.service.listSweeps()).length;
    const spec = sweepSpec('nowhere', 2, 60, 4);
    await expect(fx.service.startSweep({ spec, queue: 'amqp://rabbit:5672' })).rejects.toThrow(
      '--queue needs a redis:// or rediss:// URL, not amqp://',
    );
    const port = await freePort();
    await expect(fx.service.startSweep({ spec, queue: `redis://:pw-9x@127.0.0.1:${port}` })).rejects.toThrow(
      `cannot reach the queue at redis://:***@127.0.0.1:${port}/0: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
    expect((await fx.service.listSweeps()).length).toBe(before);
  });
});
