/** The sweeps view's words for a sweep sent to a queue: its batches by state and its workers. */
import type { QueueActivityDto, QueueWorkerDto } from '../../../src-main/api/lab-api';

export function batchCounts(activity: QueueActivityDto): string {
  const { queued, running, done, retried, failed } = activity.batches;
  return `batches: ${queued} queued, ${running} running, ${done} done, ${retried} retried, ${failed} failed`;
}

export function workerLine(worker: QueueWorkerDto): string {
  const runs = `${worker.runsDone} run${worker.runsDone === 1 ? '' : 's'} done`;
  return `${worker.name} on ${worker.host} (${worker.backend}, ${worker.state}): ${runs}`;
}

export function workersHeading(activity: QueueActivityDto): string {
  const n = activity.workers.length;
  return n === 0
    ? `No workers on ${activity.queue} yet: start one with modcomp worker --queue URL`
    : `${n} worker${n === 1 ? '' : 's'} on ${activity.queue}`;
}
