/**
 * The Electron preload bridge (`window.modcompBridge`, a LabBridge). Electron wraps an error
 * thrown in the main process as "Error invoking remote method 'channel': Error: message";
 * the user should read only the message.
 */
import type { LabBridge, LabMethod } from '../../../src-main/api/lab-api';
import type { CallFn } from './lab-api-from-call';

const ELECTRON_PREFIX = /^Error invoking remote method '[^']*':\s*(?:[A-Za-z]*Error:\s*)?/;

export function userMessage(err: unknown): string {
  const raw = err instanceof Error ? err.message : typeof err === 'string' ? err : JSON.stringify(err);
  return (raw ?? 'unknown error').replace(ELECTRON_PREFIX, '');
}

export function bridgeCall(bridge: LabBridge): CallFn {
  return async (method: LabMethod, args?: unknown) => {
    try {
      return await bridge.call(method, args);
    } catch (err) {
      throw new Error(userMessage(err));
    }
  };
}

/** True when `value` has the bridge's two functions (the preload may be missing or stale). */
export function isLabBridge(value: unknown): value is LabBridge {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<LabBridge>;
  return typeof candidate.call === 'function' && typeof candidate.onEvent === 'function';
}
