/**
 * The `app://lab/` scheme: serves the built renderer (`dist-renderer/`) and nothing else. Every
 * response carries the CSP header and `X-Content-Type-Options: nosniff`; a path that leaves the
 * renderer folder, a foreign host or a missing file gets a plain 404 (never a directory listing,
 * never a file from elsewhere).
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { CustomScheme } from 'electron';
import { APP_HOST, APP_SCHEME } from './renderer-origin';
import { contentTypeFor } from '../common/content-types';

/** The scheme's registration options: a standard, secure origin (so `'self'` and ES modules work) with no extra powers. */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

/** The file inside `root` that `requestUrl` names, or null when it names anything else. */
export function resolveRendererFile(root: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const relative = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  const base = path.resolve(root);
  const file = path.resolve(base, relative);
  if (file !== base && !file.startsWith(base + path.sep)) return null;
  return file;
}

export { contentTypeFor };

function notFound(csp: string): Response {
  return new Response('not found', {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': csp },
  });
}

/** Answers one `app://` request (the body of `protocol.handle`). */
export async function serveRendererRequest(root: string, requestUrl: string, csp: string): Promise<Response> {
  const file = resolveRendererFile(root, requestUrl);
  if (!file) return notFound(csp);
  let body: Buffer;
  try {
    body = await fs.readFile(file);
  } catch {
    return notFound(csp);
  }
  return new Response(new Uint8Array(body), {
    status: 200,
    headers: {
      'Content-Type': contentTypeFor(file),
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    },
  });
}
