/**
 * No remote content anywhere: the session cancels every request that is not for the
 * renderer's own origin (or, during `electron-forge start`, the dev server's WebSocket),
 * whatever the page or a dependency tries to load.
 */
import { isOwnUrl, type RendererOrigin } from './renderer-origin';

export function isAllowedRequest(url: string, origin: RendererOrigin): boolean {
  if (isOwnUrl(url, origin)) return true;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // DevTools (unpackaged app only: its menu item does not exist otherwise) loads from devtools://.
  if (parsed.protocol === 'devtools:') return true;
  if (origin.devServer && parsed.protocol === 'ws:') return `http://${parsed.host}` === origin.origin;
  return false;
}
