/**
 * Where the renderer page comes from, and the one test of "is this URL ours" that the sender
 * check, the navigation guard and the CSP all share.
 *
 * The packaged app (and `npm start` without a dev server) serves `dist-renderer/` through the
 * privileged `app://lab/` scheme rather than `file://`: a file:// page shares one origin with
 * every file on the disk, so a bug in the page could read or navigate to any of them; the
 * custom scheme serves only files inside `dist-renderer/`, refuses everything else, and lets
 * the handler attach the CSP header to every response. Only an unpackaged app may use the
 * forge/vite dev server instead, and only on the loopback interface.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'lab';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

export interface RendererOrigin {
  /** The URL the window loads. */
  entryUrl: string;
  /** `scheme://host[:port]`, compared literally (WHATWG gives custom schemes an opaque "null" origin). */
  origin: string;
  /** True for the vite dev server during `electron-forge start`. */
  devServer: boolean;
}

function originOf(url: URL): string {
  return `${url.protocol}//${url.host}`;
}

/** The dev server URL, accepted only for an unpackaged app and only on loopback http. */
export function chooseRendererOrigin(options: { isPackaged: boolean; devServerUrl?: string | undefined }): RendererOrigin {
  const dev = options.devServerUrl;
  if (!options.isPackaged && dev) {
    let url: URL;
    try {
      url = new URL(dev);
    } catch {
      throw new Error(`the renderer dev server URL is not a URL: ${JSON.stringify(dev)}`);
    }
    if (url.protocol !== 'http:' || !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) {
      throw new Error(`the renderer dev server must be on http://localhost, not ${originOf(url)}`);
    }
    return { entryUrl: url.href, origin: originOf(url), devServer: true };
  }
  return { entryUrl: APP_ENTRY_URL, origin: `${APP_SCHEME}://${APP_HOST}`, devServer: false };
}

/** True when `url` parses and belongs to the renderer's origin (scheme, host and port). */
export function isOwnUrl(url: string, origin: RendererOrigin): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.username || parsed.password) return false;
  return originOf(parsed) === origin.origin;
}
