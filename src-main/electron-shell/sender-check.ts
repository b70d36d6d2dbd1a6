/**
 * Only our window's top frame, showing our own page, may call the lab. A message from any
 * other frame (an iframe, a page the window was somehow navigated to, another window) is
 * refused before its payload is even parsed.
 */
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { isOwnUrl, type RendererOrigin } from './renderer-origin';

export type SenderEvent = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>;

/** Null when the sender is trusted, else the reason it is not. */
export function untrustedSenderReason(event: SenderEvent, window: WebContents | null, origin: RendererOrigin): string | null {
  if (!window || window.isDestroyed()) return 'the lab window is gone';
  if (event.sender !== window) return 'the call came from another window';
  const frame = event.senderFrame;
  if (!frame) return 'the calling frame is gone';
  if (frame.parent !== null || frame !== window.mainFrame) return 'the call came from a sub-frame';
  if (!isOwnUrl(frame.url, origin)) return 'the calling page is not the lab page';
  return null;
}
