/**
 * The renderer's content security policy, sent as a response header on every page the window
 * loads. It is a header and not a <meta> tag in the page, because the same built page is also
 * served by the lab server (whose policy must allow its WebSocket) and by the dev server (which
 * needs inline styles): each host sends the policy that fits it. Nothing is fetched from the network: scripts, styles, fonts and images come from the
 * app's own origin only, and the page talks to the lab through the preload bridge.
 *
 * No inline script or style at all (the renderer's build emits files only; styles set from
 * script through the CSSOM, as Chart.js and Svelte's style: directive do, are not inline
 * styles). The one exception is the dev server (unpackaged app only), which injects its styles
 * as <style> elements and talks to its page over a WebSocket. Same policy as the lab server's,
 * tightened further (default-src 'none', no workers, frames or media).
 */
import type { RendererOrigin } from './renderer-origin';

export function contentSecurityPolicy(origin: RendererOrigin): string {
  const self = `'self' ${origin.origin}`;
  const directives: [string, string][] = [
    ['default-src', "'none'"],
    ['script-src', self],
    ['style-src', origin.devServer ? `${self} 'unsafe-inline'` : self],
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
