/** The sweeps view's lines for a sweep sent to a queue. */
import { describe, expect, it } from 'vitest';
import type { QueueActivityDto } from '../../src-main/api/lab-api';
import { batchCounts, workerLine, workersHeading } from '../../src-renderer/lib/sweeps/queue-activity';

const activity: QueueActivityDto = {
  queue: 'redis://:***@queue-host:6379/0',
  batches: { queued: 5, running: 2, done: 9, retried: 1, failed: 0 },
  workers: [
    { name: 'gpu-1', host: 'node17', backend: 'cuda', state: 'training', runsDone: 576, batchesDone: 9, engine: '0.1.0' },
    { name: 'cpu-a', host: 'ws3', backend: 'cpu', state: 'idle', runsDone: 1, batchesDone: 1, engine: '0.1.0' },
  ],
  notices: [],
};

describe('queue activity in the sweeps view', () => {
  it('counts the batches by state and names each worker with its host, backend and runs', () => {
    expect(batchCounts(activity)).toBe('batches: 5 queued, 2 running, 9 done, 1 retried, 0 failed');
    expect(workersHeading(activity)).toBe('2 workers on redis://:***@queue-host:6379/0');
    expect(activity.workers.map(workerLine)).toEqual([
      'gpu-1 on node17 (cuda, training): 576 runs done',
      'cpu-a on ws3 (cpu, idle): 1 run done',
    ]);
  });

  it('says how to start a worker while none listens', () => {
    expect(workersHeading({ ...activity, workers: [] })).toBe(
      'No workers on redis://:***@queue-host:6379/0 yet: start one with modcomp worker --queue URL',
    );
  });
});
