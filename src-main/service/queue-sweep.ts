/**
 * The lab's side of a sweep sent to a queue: the URL is checked and the queue reached before
 * the sweep is recorded (so a wrong URL is one message in the editor and nothing in the
 * workspace), and a running sweep's queue activity is turned into what the sweeps view shows.
 */
import type { QueueActivityDto } from '../api/lab-api';
import { planBackend } from '../sweeps/sweep-backend';
import { planSweep } from '../sweeps/sweep-spec';
import { openQueueExecutor, type QueueExecutor } from '../sweeps/queue/queue-executor';
import { localVersions } from '../sweeps/queue/queue-identity';
import { parseQueueUrl } from '../sweeps/queue/queue-url';
import { probeQueue } from '../sweeps/queue/redis-connection';

export async function openSweepQueue(rawSpec: unknown, url: string): Promise<QueueExecutor> {
  const target = parseQueueUrl(url);
  const plan = planSweep(rawSpec, 'sweep spec');
  const backend = planBackend(plan);
  await probeQueue(target);
  // Notices reach the sweeps view through queueActivity; the lab has no terminal to print them on.
  return openQueueExecutor({
    target,
    sweep: { specHash: plan.specHash, name: plan.name },
    backend,
    versions: localVersions(),
    say: () => {},
  });
}

export async function queueActivityDto(queue: QueueExecutor): Promise<QueueActivityDto> {
  const activity = await queue.activity();
  return {
    queue: activity.queue,
    batches: activity.batches,
    workers: activity.workers.map((w) => ({
      name: w.name,
      host: w.host,
      backend: w.backend,
      state: w.state,
      runsDone: w.runsDone,
      batchesDone: w.batchesDone,
      engine: w.engine,
    })),
    notices: activity.notices,
  };
}
