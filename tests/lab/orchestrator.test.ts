import { afterEach, describe, expect, it } from 'vitest';
import { nativeAvailable } from '../../src-main/engine/native-loader';
import { forkTransport } from '../../src-main/engine-host/engine-transport';
import { Orchestrator, type ProgressEvent } from '../../src-main/engine-host/orchestrator';
import { tinySpec } from './tiny-config';

let orchestrator: Orchestrator | null = null;
afterEach(() => {
  orchestrator?.close();
  orchestrator = null;
});

describe.skipIf(!nativeAvailable())('orchestrator (engine in a child process)', () => {
  it('trains a batch in the engine host and streams throttled progress', async () => {
    orchestrator = new Orchestrator({ transport: forkTransport(), progressThrottleMs: 20, progressIntervalMs: 0 });
    const events: ProgressEvent[] = [];
    orchestrator.on('progress', (e: ProgressEvent) => events.push(e));
    let batches = 0;
    const job = orchestrator.submit([tinySpec(1, 400), tinySpec(2, 400)], { onProgress: () => batches++ });
    const outcome = await job.done;
    expect(outcome.status).toBe('finished');
    if (outcome.status !== 'finished') return;
    expect(outcome.results).toHaveLength(2);
    expect(outcome.results[0]?.modes.map((m) => m.mode)).toEqual(['joint', 'unimodal:0', 'unimodal:1']);
    expect(batches).toBeGreaterThan(0);
    expect(events.length).toBeGreaterThan(0);
    expect(events.length).toBeLessThanOrEqual(batches);
  });

  it('records an engine process crash as a failed job and runs the next job', async () => {
    orchestrator = new Orchestrator({
      transport: forkTransport({ env: { ...process.env, MODCOMP_TEST_ENGINE_ABORT_SEED: '666' } }),
    });
    const crashing = orchestrator.submit([tinySpec(666)]);
    const healthy = orchestrator.submit([tinySpec(3)]);
    const crashed = await crashing.done;
    expect(crashed.status).toBe('failed');
    if (crashed.status === 'failed') expect(crashed.error).toMatch(/engine process was killed by SIGABRT/);
    expect((await healthy.done).status).toBe('finished');
  });

  it('runs higher priority first, holds the queue while paused, and cancels queued and running jobs', async () => {
    orchestrator = new Orchestrator({ transport: forkTransport() });
    const order: number[] = [];
    orchestrator.on('job', (e: { jobId: number; status: string }) => {
      if (e.status === 'running') order.push(e.jobId);
    });
    orchestrator.pause();
    const low = orchestrator.submit([tinySpec(4)], { priority: 0 });
    const high = orchestrator.submit([tinySpec(5)], { priority: 5 });
    const doomed = orchestrator.submit([tinySpec(6)], { priority: 1 });
    expect(orchestrator.counts).toMatchObject({ queued: 3, running: 0, paused: true });
    doomed.cancel();
    expect(await doomed.done).toEqual({ status: 'cancelled', results: null });
    orchestrator.resume();
    await Promise.all([low.done, high.done]);
    expect(order).toEqual([high.id, low.id]);

    const long = orchestrator.submit([tinySpec(7, 2_000_000)]);
    setTimeout(() => long.cancel(), 300);
    const outcome = await long.done;
    expect(outcome.status).toBe('cancelled');
  });
});
