/**
 * The lab server's event stream: one WebSocket, opened on the first subscription, one LabEvent
 * per JSON text message. When the socket drops it reconnects with exponential backoff (reset
 * after a successful open), so a restarted server or a sleeping laptop heals by itself.
 * Connection changes are reported separately, so the UI can show "reconnecting" and reload its
 * lists once it is back (events sent while it was away are lost).
 */
import type { LabEvent } from '../../../src-main/api/lab-api';

/** The part of a browser WebSocket the stream uses. */
export interface SocketLike {
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  close(): void;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface EventStreamOptions {
  openSocket: (url: string) => SocketLike;
  url: string;
  timers: Timers;
  minDelayMs?: number;
  maxDelayMs?: number;
}

export interface EventStream {
  subscribe(listener: (event: LabEvent) => void): () => void;
  onConnection(listener: (state: ConnectionState) => void): () => void;
  /** Delay before the next reconnection attempt (for the UI and the tests). */
  nextDelayMs(): number;
  close(): void;
}

const EVENT_TYPES = new Set([
  'run-started',
  'run-progress',
  'run-ended',
  'sweep-progress',
  'sweep-ended',
  'check-progress',
  'check-ended',
  'comparison-progress',
  'comparison-ended',
  'workspace-changed',
  'menu-command',
]);

/** Parses one message; anything that is not a known LabEvent is dropped (returns null). */
export function parseEventMessage(data: unknown): LabEvent | null {
  if (typeof data !== 'string') return null;
  try {
    const value = JSON.parse(data) as { type?: unknown };
    return typeof value === 'object' && value !== null && EVENT_TYPES.has(String(value.type)) ? (value as LabEvent) : null;
  } catch {
    return null;
  }
}

export function createEventStream(options: EventStreamOptions): EventStream {
  const minDelay = options.minDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 10_000;
  const listeners = new Set<(event: LabEvent) => void>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let socket: SocketLike | null = null;
  let timer: unknown = null;
  let delay = minDelay;
  let state: ConnectionState = 'idle';

  const setState = (next: ConnectionState): void => {
    if (next === state) return;
    state = next;
    for (const listener of connectionListeners) listener(next);
  };

  const scheduleReconnect = (): void => {
    setState('reconnecting');
    timer = options.timers.setTimeout(() => {
      timer = null;
      connect();
    }, delay);
    delay = Math.min(maxDelay, delay * 2);
  };

  function connect(): void {
    if (state === 'closed') return;
    if (state !== 'reconnecting') setState('connecting');
    let current: SocketLike;
    try {
      current = options.openSocket(options.url);
    } catch {
      scheduleReconnect();
      return;
    }
    socket = current;
    current.onopen = () => {
      delay = minDelay;
      setState('open');
    };
    current.onmessage = (message) => {
      const event = parseEventMessage(message.data);
      if (event) for (const listener of [...listeners]) listener(event);
    };
    current.onerror = () => {
      // A close always follows an error; reconnecting is decided there.
    };
    current.onclose = () => {
      if (socket !== current) return;
      socket = null;
      if (state !== 'closed') scheduleReconnect();
    };
  }

  return {
    subscribe(listener) {
      listeners.add(listener);
      if (state === 'idle') connect();
      return () => listeners.delete(listener);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    nextDelayMs: () => delay,
    close() {
      setState('closed');
      if (timer !== null) options.timers.clearTimeout(timer);
      timer = null;
      const current = socket;
      socket = null;
      current?.close();
    },
  };
}
