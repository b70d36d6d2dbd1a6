/**
 * Workers announce themselves in Redis: one key per worker holding its name, host, backend,
 * versions and counts, rewritten every few seconds with a short expiry. A worker that stops
 * heartbeating (killed, host gone) drops out of the list on its own; the coordinator and the
 * lab read the list, they never talk to workers directly.
 */
import type IORedis from 'ioredis';
import { WORKER_KEY_PREFIX } from './queue-identity';

export const HEARTBEAT_MS = 3000;
const EXPIRY_SECONDS = 15;

export interface WorkerAnnouncement {
  name: string;
  host: string;
  pid: number;
  backend: 'cpu' | 'cuda';
  threads: number;
  concurrency: number;
  engine: string;
  schema: string;
  startedAt: string;
  /** What it is doing now. */
  state: 'idle' | 'training' | 'draining';
  runsDone: number;
  batchesDone: number;
  batchesRefused: number;
  lastBeat: string;
}

export async function announceWorker(client: IORedis, worker: WorkerAnnouncement): Promise<void> {
  await client.set(`${WORKER_KEY_PREFIX}${worker.name}`, JSON.stringify(worker), 'EX', EXPIRY_SECONDS);
}

export async function withdrawWorker(client: IORedis, name: string): Promise<void> {
  await client.del(`${WORKER_KEY_PREFIX}${name}`);
}

/** Whether a live worker already uses this name (two workers may not share one). */
export async function workerNameTaken(client: IORedis, name: string): Promise<WorkerAnnouncement | null> {
  const text = await client.get(`${WORKER_KEY_PREFIX}${name}`);
  return text ? (JSON.parse(text) as WorkerAnnouncement) : null;
}

/** The workers heard from in the last few seconds, by name. */
export async function listWorkers(client: IORedis): Promise<WorkerAnnouncement[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await client.scan(cursor, 'MATCH', `${WORKER_KEY_PREFIX}*`, 'COUNT', 200);
    cursor = next;
    keys.push(...found);
  } while (cursor !== '0');
  if (keys.length === 0) return [];
  const values = await client.mget(...keys);
  const workers: WorkerAnnouncement[] = [];
  for (const value of values) {
    if (!value) continue;
    try {
      workers.push(JSON.parse(value) as WorkerAnnouncement);
    } catch {
      // A key someone else wrote under our prefix: not a worker of ours.
    }
  }
  return workers.sort((a, b) => a.name.localeCompare(b.name));
}
