/**
 * The one LabApi of the renderer: the Electron preload bridge when the page runs inside the
 * app, otherwise the lab server's HTTP + WebSocket wire format, with the token from the page
 * address. Views import this and nothing else to reach the lab.
 */
import type { LabApi } from '../../../src-main/api/lab-api';
import { bridgeCall, isLabBridge } from './bridge-call';
import { createEventStream, type ConnectionState, type SocketLike } from './event-stream';
import { downloadHref, eventsUrl, httpCall, tokenFromUrl } from './http-call';
import { labApiFromCall } from './lab-api-from-call';

/** Global name of the preload bridge (BRIDGE_GLOBAL in the contract). */
const BRIDGE_GLOBAL_NAME = 'modcompBridge';

export interface LabClient {
  api: LabApi;
  /** Connection changes of the event stream (the bridge is always 'open'). */
  onConnection(listener: (state: ConnectionState) => void): () => void;
  /**
   * The link for an exported pack's `downloadUrl` (lab server only), token included, or null
   * when the page cannot download it (the Electron app, a page without a token).
   */
  downloadHref(downloadUrl: string): string | null;
}

/** A browser WebSocket behind the small SocketLike surface the event stream is written against. */
function browserSocket(url: string): SocketLike {
  const ws = new WebSocket(url);
  const socket: SocketLike = { onopen: null, onmessage: null, onclose: null, onerror: null, close: () => ws.close() };
  ws.onopen = (ev) => socket.onopen?.(ev);
  ws.onmessage = (ev) => socket.onmessage?.({ data: ev.data });
  ws.onclose = (ev) => socket.onclose?.(ev);
  ws.onerror = (ev) => socket.onerror?.(ev);
  return socket;
}

export function createLabClient(): LabClient {
  const bridge: unknown = (window as unknown as Record<string, unknown>)[BRIDGE_GLOBAL_NAME];
  if (isLabBridge(bridge)) {
    return {
      api: labApiFromCall(bridgeCall(bridge), (listener) => bridge.onEvent(listener)),
      onConnection: (listener) => {
        listener('open');
        return () => undefined;
      },
      downloadHref: () => null,
    };
  }
  const href = window.location.href;
  const token = tokenFromUrl(href);
  const base = new URL('./', href).href;
  const call = httpCall((url, init) => fetch(url, init), base, token);
  const packLink = (downloadUrl: string): string | null => downloadHref(href, downloadUrl, token);
  if (!token) {
    return { api: labApiFromCall(call, () => () => undefined), onConnection: () => () => undefined, downloadHref: packLink };
  }
  const stream = createEventStream({
    openSocket: browserSocket,
    url: eventsUrl(href, token),
    timers: { setTimeout: (fn, ms) => window.setTimeout(fn, ms), clearTimeout: (h) => window.clearTimeout(h as number) },
  });
  return { api: labApiFromCall(call, (listener) => stream.subscribe(listener)), onConnection: stream.onConnection, downloadHref: packLink };
}
