/**
 * Who holds a run or a sweep of a workspace. A holder is a process: its pid, its host and the
 * time it started (so a pid the system has since given to another program is not mistaken for
 * the holder), with a lease that the holder renews while it lives (a heartbeat). On the holder's
 * own host the process table decides whether it lives; from another host (a shared folder) only
 * the lease can tell, so there a holder whose lease ran out counts as gone.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';

export interface Holder {
  pid: number;
  host: string;
  /** Milliseconds since the epoch at which the process started. */
  started: number;
}

/** A holder as a row stores it: any field may be missing (rows written before holders existed). */
export interface StoredHolder {
  pid: number | null;
  host: string | null;
  started: number | null;
  leaseUntil: number | null;
}

/** How long a lease lasts without a heartbeat, and how often a holder renews it. */
export const LEASE_MS = 60_000;
export const HEARTBEAT_MS = 15_000;
/** Start times read back from the process table may differ from our own clock by this much. */
const START_TOLERANCE_MS = 5_000;

let self: Holder | undefined;

/** This process as a holder. */
export function selfHolder(): Holder {
  self ??= { pid: process.pid, host: os.hostname(), started: Math.floor(performance.timeOrigin) };
  return self;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

let bootMs: number | null | undefined;
/** When this machine booted (Linux: /proc/stat), or null where the process table cannot say. */
function bootTime(): number | null {
  if (bootMs !== undefined) return bootMs;
  try {
    const line = /^btime (\d+)$/m.exec(fs.readFileSync('/proc/stat', 'utf8'));
    bootMs = line ? Number(line[1]) * 1000 : null;
  } catch {
    bootMs = null;
  }
  return bootMs;
}

/** When process `pid` started, from /proc (clock ticks after boot; 100 a second on Linux), or null. */
function processStart(pid: number): number | null {
  const boot = bootTime();
  if (boot === null) return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    return Number.isFinite(ticks) ? boot + ticks * 10 : null;
  } catch {
    return null;
  }
}

export function isSelf(holder: StoredHolder): boolean {
  const me = selfHolder();
  return holder.pid === me.pid && holder.host === me.host && holder.started === me.started;
}

/** Whether the stored holder is a process that still runs (this process included). */
export function holderAlive(holder: StoredHolder, now = Date.now()): boolean {
  if (holder.pid === null || holder.host === null) return false;
  const me = selfHolder();
  if (holder.host !== me.host) return holder.leaseUntil !== null && holder.leaseUntil > now;
  if (holder.pid === me.pid) return holder.started === me.started;
  if (!pidAlive(holder.pid)) return false;
  if (holder.started === null) return true;
  const started = processStart(holder.pid);
  return started === null || Math.abs(started - holder.started) <= START_TOLERANCE_MS;
}

/** "process 123 on lab-1 (started 2026-01-02T03:04:05.000Z)", for messages. */
export function describeHolder(holder: StoredHolder): string {
  const since = holder.started === null ? '' : ` (started ${new Date(holder.started).toISOString()})`;
  return `process ${holder.pid ?? '?'} on ${holder.host ?? 'an unknown host'}${since}`;
}
