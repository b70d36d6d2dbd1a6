import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../../src-main/api/lab-api';
import { createEventStream, parseEventMessage, type ConnectionState, type SocketLike } from '../../src-renderer/lib/api/event-stream';

class FakeSocket implements SocketLike {
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  closed = false;
  constructor(readonly url: string) {}
  close(): void {
    this.closed = true;
    this.onclose?.({});
  }
}

function harness() {
  const sockets: FakeSocket[] = [];
  const pending: { fn: () => void; ms: number; handle: number }[] = [];
  let next = 1;
  const states: ConnectionState[] = [];
  const stream = createEventStream({
    url: 'ws://h/api/events?token=t',
    openSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    timers: {
      setTimeout: (fn, ms) => {
        pending.push({ fn, ms, handle: next });
        return next++;
      },
      clearTimeout: (handle) => {
        const i = pending.findIndex((p) => p.handle === handle);
        if (i >= 0) pending.splice(i, 1);
      },
    },
    minDelayMs: 100,
    maxDelayMs: 500,
  });
  stream.onConnection((s) => states.push(s));
  const fire = (): number => {
    const timer = pending.shift();
    if (!timer) throw new Error('no timer pending');
    timer.fn();
    return timer.ms;
  };
  return { stream, sockets, pending, states, fire };
}

const EVENT: LabEvent = { type: 'run-ended', runId: 3, status: 'finished', error: null };

describe('event stream', () => {
  it('connects on the first subscription and delivers parsed events to every listener', () => {
    const { stream, sockets } = harness();
    expect(sockets).toHaveLength(0);
    const a: LabEvent[] = [];
    const b: LabEvent[] = [];
    stream.subscribe((e) => a.push(e));
    const unsubscribe = stream.subscribe((e) => b.push(e));
    expect(sockets).toHaveLength(1);
    sockets[0]?.onopen?.({});
    sockets[0]?.onmessage?.({ data: JSON.stringify(EVENT) });
    unsubscribe();
    sockets[0]?.onmessage?.({ data: JSON.stringify(EVENT) });
    expect(a).toEqual([EVENT, EVENT]);
    expect(b).toEqual([EVENT]);
  });

  it('reconnects with doubling delays up to the cap, and resets the delay after an open', () => {
    const { stream, sockets, states, fire } = harness();
    stream.subscribe(() => undefined);
    sockets[0]?.onclose?.({});
    expect(fire()).toBe(100);
    sockets[1]?.onclose?.({});
    expect(fire()).toBe(200);
    sockets[2]?.onclose?.({});
    expect(fire()).toBe(400);
    sockets[3]?.onclose?.({});
    expect(fire()).toBe(500);
    expect(sockets).toHaveLength(5);
    sockets[4]?.onopen?.({});
    expect(stream.nextDelayMs()).toBe(100);
    expect(states).toEqual(['connecting', 'reconnecting', 'open']);
  });

  it('stops reconnecting once closed', () => {
    const { stream, sockets, pending } = harness();
    stream.subscribe(() => undefined);
    sockets[0]?.onopen?.({});
    stream.close();
    expect(sockets[0]?.closed).toBe(true);
    expect(pending).toHaveLength(0);
  });

  it('drops messages that are not LabEvents', () => {
    expect(parseEventMessage('{"type":"run-ended","runId":1}')).not.toBeNull();
    expect(parseEventMessage('{"type":"unknown"}')).toBeNull();
    expect(parseEventMessage('not json')).toBeNull();
    expect(parseEventMessage(new Uint8Array(2))).toBeNull();
  });
});
