/**
 * The renderer's content security policy, sent as a response header on every page the window
 * loads (the renderer's own <meta> tag repeats it; the browser enforces both, so the stricter
 * wins). Nothing is fetched from the network: scripts, styles, fonts and images come from the
 * app's own origin only, and the page talks to the lab through the preload bridge.
 *
 * Inline style *attributes* are allowed (style-src-attr): Svelte writes `style="..."` for
 * sizes and colours and Chart.js sizes its canvas that way; they cannot run code. Inline
 * <style> and <script> elements are not allowed, except that the dev server (unpackaged app
 * only) injects its styles as <style> elements and talks to its page over a WebSocket.
 */
import type { RendererOrigin } from './renderer-origin';

export function contentSecurityPolicy(origin: RendererOrigin): string {
  const self = `'self' ${origin.origin}`;
  const directives: [string, string][] = [
    ['default-src', "'none'"],
    ['script-src', self],
    ['style-src', origin.devServer ? `${self} 'unsafe-inline'` : self],
    ['style-src-attr', "'unsafe-inline'"],
    ['img-src', `${self} data: blob:`],
    ['font-src', self],
    ['connect-src', origin.devServer ? `${self} ${origin.origin.replace(/^http:/, 'ws:')}` : self],
    ['worker-src', "'none'"],
    ['manifest-src', "'none'"],
    ['media-src', "'none'"],
    ['object-src', "'none'"],
    ['frame-src', "'none'"],
    ['child-src', "'none'"],
    ['frame-ancestors', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
  ];
  return directives.map(([name, value]) => `${name} ${value}`).join('; ');
}

/**
 * Response headers with the CSP set (replacing any policy the server sent, whatever its
 * casing), for `session.webRequest.onHeadersReceived`.
 */
export function withCspHeader(headers: Record<string, string[]> | undefined, csp: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') out[name] = value;
  }
  out['Content-Security-Policy'] = [csp];
  return out;
}
