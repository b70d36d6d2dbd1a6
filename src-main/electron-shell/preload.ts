/**
 * The preload script (sandboxed: it may use only contextBridge and ipcRenderer). It exposes
 * exactly the LabBridge on `window[BRIDGE_GLOBAL]` and nothing else.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_GLOBAL } from '../api/lab-api';
import { createLabBridge } from './bridge';

const bridge = createLabBridge({
  invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args),
  on: (channel, listener) => ipcRenderer.on(channel, listener),
  removeListener: (channel, listener) => ipcRenderer.removeListener(channel, listener),
});

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, {
  call: (method: Parameters<typeof bridge.call>[0], args?: unknown) => bridge.call(method, args),
  onEvent: (listener: Parameters<typeof bridge.onEvent>[0]) => bridge.onEvent(listener),
});
