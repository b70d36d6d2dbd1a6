/**
 * Connections to the queue's Redis. Before anything else a process probes the server once, so a
 * wrong host, port or password ends in one line naming the URL (never its password) instead of
 * a client that retries in silence. After that, BullMQ's clients reconnect on their own; this
 * module reports the outage and the recovery once each.
 */
import IORedis, { type RedisOptions } from 'ioredis';
import type { QueueTarget } from './queue-url';

export class QueueUnreachableError extends Error {
  override name = 'QueueUnreachableError';
}

const PROBE_TIMEOUT_MS = 5000;

function reason(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const text = (e.message ?? String(err)).replace(/\s*\n\s*/g, ' ');
  return e.code && !text.includes(e.code) ? `${e.code} ${text}` : text;
}

/** Connects once without retrying; throws QueueUnreachableError with the URL and the reason. */
export async function probeQueue(target: QueueTarget): Promise<void> {
  const client = new IORedis({
    ...target.connection,
    lazyConnect: true,
    connectTimeout: PROBE_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  // The first error event says why (refused, wrong password); the rejected promise often only
  // says that the connection closed.
  let first: unknown = null;
  client.on('error', (err: unknown) => void (first ??= err));
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    throw new QueueUnreachableError(`cannot reach the queue at ${target.display}: ${reason(first ?? err)}`);
  } finally {
    client.disconnect();
  }
}

/**
 * Options for long-lived clients: commands wait for a reconnection instead of failing (BullMQ's
 * blocking connections need `maxRetriesPerRequest: null`), retrying every second at most.
 */
export function lastingConnection(target: QueueTarget): RedisOptions {
  return { ...target.connection, maxRetriesPerRequest: null, retryStrategy: (times) => Math.min(250 * times, 1000) };
}

/** Reports a lost connection once, and its return once, through `say` (one line each). */
export function watchConnection(
  client: { on(event: string, listener: (...args: unknown[]) => void): unknown },
  target: QueueTarget,
  say: (line: string) => void,
): void {
  let down = false;
  client.on('error', (err: unknown) => {
    if (down) return;
    down = true;
    say(`lost the queue at ${target.display} (${reason(err)}); reconnecting`);
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    say(`reconnected to the queue at ${target.display}`);
  });
}

export function errorReason(err: unknown): string {
  return reason(err);
}
