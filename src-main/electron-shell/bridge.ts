/**
 * The LabBridge the preload exposes, built from an ipcRenderer-like object so it can be tested
 * without Electron. The renderer gets only these two functions: it never sees ipcRenderer,
 * the IPC event objects, or any channel but the lab's two.
 */
import type { CallReply, LabBridge, LabEvent, LabMethod } from '../api/lab-api';
import { CALL_CHANNEL, EVENT_CHANNEL } from './ipc-channels';

export interface BridgeIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

function isCallReply(value: unknown): value is CallReply {
  if (typeof value !== 'object' || value === null) return false;
  const reply = value as { ok?: unknown; error?: { message?: unknown } };
  if (reply.ok === true) return 'result' in reply;
  return reply.ok === false && typeof reply.error?.message === 'string';
}

export function createLabBridge(ipc: BridgeIpc): LabBridge {
  return {
    async call(method: LabMethod, args?: unknown): Promise<unknown> {
      const reply = await ipc.invoke(CALL_CHANNEL, method, args);
      if (!isCallReply(reply)) throw new Error(`the lab sent a malformed reply to ${String(method)}`);
      if (!reply.ok) throw new Error(reply.error.message);
      return reply.result;
    },
    onEvent(listener: (event: LabEvent) => void): () => void {
      if (typeof listener !== 'function') throw new TypeError('onEvent needs a listener function');
      // The IPC event object stays here: passing it on would hand the page the sender port.
      const relay = (_event: unknown, labEvent: unknown): void => listener(labEvent as LabEvent);
      ipc.on(EVENT_CHANNEL, relay);
      return () => void ipc.removeListener(EVENT_CHANNEL, relay);
    },
  };
}
