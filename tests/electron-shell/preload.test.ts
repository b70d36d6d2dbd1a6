import { EventEmitter } from 'node:events';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { BRIDGE_GLOBAL, type LabBridge, type LabEvent } from '../../src-main/api/lab-api';

// What the sandboxed preload sees of Electron: contextBridge and ipcRenderer, nothing else.
const electron = vi.hoisted(() => {
  const { EventEmitter: Emitter } = require('node:events') as typeof import('node:events');
  return {
    exposed: new Map<string, unknown>(),
    ipc: new Emitter(),
    invoke: null as unknown as import('vitest').Mock<(...args: unknown[]) => Promise<unknown>>,
  };
});

vi.mock('electron', () => {
  electron.invoke = vi.fn<(...args: unknown[]) => Promise<unknown>>();
  return {
    contextBridge: {
      exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api),
    },
    ipcRenderer: {
      invoke: (...args: unknown[]) => electron.invoke(...args),
      on: (channel: string, listener: (...args: unknown[]) => void) => electron.ipc.on(channel, listener),
      removeListener: (channel: string, listener: (...args: unknown[]) => void) => electron.ipc.removeListener(channel, listener),
    },
  };
});

describe('the preload bridge', () => {
  let bridge: LabBridge;

  beforeAll(async () => {
    await import('../../src-main/electron-shell/preload');
    bridge = electron.exposed.get(BRIDGE_GLOBAL) as LabBridge;
  });

  it('exposes exactly call and onEvent, under the contract name, and nothing else', () => {
    expect([...electron.exposed.keys()]).toEqual([BRIDGE_GLOBAL]);
    expect(Object.keys(bridge).sort()).toEqual(['call', 'onEvent']);
    expect(typeof bridge.call).toBe('function');
    expect(typeof bridge.onEvent).toBe('function');
  });

  it('invokes lab:call with the method and argument, and unwraps a good reply', async () => {
    electron.invoke.mockResolvedValueOnce({ ok: true, result: [{ id: 1 }] });
    await expect(bridge.call('listRuns', { limit: 5 })).resolves.toEqual([{ id: 1 }]);
    expect(electron.invoke).toHaveBeenLastCalledWith('lab:call', 'listRuns', { limit: 5 });
  });

  it('rejects with an Error carrying the message of an error reply', async () => {
    electron.invoke.mockResolvedValueOnce({ ok: false, error: { message: 'bad argument to getRun at runId: too small' } });
    const failure = bridge.call('getRun', { runId: 0 });
    await expect(failure).rejects.toBeInstanceOf(Error);
    await expect(failure).rejects.toThrow('bad argument to getRun at runId: too small');
  });

  it('rejects a malformed reply instead of passing it on', async () => {
    for (const reply of [undefined, 'ok', { ok: true }, { ok: false }, { ok: false, error: {} }]) {
      electron.invoke.mockResolvedValueOnce(reply);
      await expect(bridge.call('info'), JSON.stringify(reply)).rejects.toThrow(/malformed reply to info/);
    }
  });

  it('delivers lab:event payloads to listeners (never the IPC event) until unsubscribed', () => {
    const seen: unknown[][] = [];
    const stop = bridge.onEvent((...args: unknown[]) => seen.push(args));
    const event: LabEvent = { type: 'menu-command', command: 'export-figure-pack' };
    const ipcEvent = { sender: { send: () => undefined }, ports: [] };
    electron.ipc.emit('lab:event', ipcEvent, event);
    expect(seen).toEqual([[event]]);
    stop();
    electron.ipc.emit('lab:event', ipcEvent, event);
    expect(seen).toHaveLength(1);
    expect(electron.ipc.listenerCount('lab:event')).toBe(0);
    expect(() => bridge.onEvent('not a function' as unknown as (e: LabEvent) => void)).toThrow(/listener function/);
  });

  it('listens on no other channel', () => {
    bridge.onEvent(() => undefined);
    expect(electron.ipc.eventNames()).toEqual(['lab:event']);
    expect(EventEmitter.listenerCount(electron.ipc, 'lab:event')).toBe(1);
  });
});
