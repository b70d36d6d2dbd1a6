/**
 * The lab server's call wire format (see the bottom of src-main/api/lab-api.ts):
 * POST /api/call/<method> with the token header and {"args": ...}; the reply is a CallReply.
 * Every failure becomes an Error whose message is the server's own, or says plainly what went
 * wrong on the way (no server, not JSON).
 */
import type { CallReply, LabMethod } from '../../../src-main/api/lab-api';
import type { CallFn } from './lab-api-from-call';

/** The part of `fetch` the client uses, so tests can pass a fake without DOM types. */
export type FetchLike = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string },
) => Promise<{ status: number; text(): Promise<string> }>;

/** Header name as in the contract (TOKEN_HEADER); repeated because the renderer imports types only. */
export const TOKEN_HEADER_NAME = 'X-Modcomp-Token';

function isCallReply(value: unknown): value is CallReply {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const reply = value as { ok: unknown; error?: unknown };
  if (reply.ok === true) return 'result' in value;
  if (reply.ok !== false) return false;
  const error = reply.error as { message?: unknown } | undefined;
  return typeof error === 'object' && error !== null && typeof error.message === 'string';
}

export function httpCall(fetchFn: FetchLike, baseUrl: string, token: string | null): CallFn {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return async (method: LabMethod, args?: unknown) => {
    if (!token) {
      throw new Error('This page has no access token: open the address printed by `modcomp serve` (it ends in ?token=...).');
    }
    let response: { status: number; text(): Promise<string> };
    try {
      response = await fetchFn(`${base}api/call/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', [TOKEN_HEADER_NAME]: token },
        // undefined is dropped by JSON.stringify, so a call without arguments sends {}.
        body: JSON.stringify({ args }),
      });
    } catch (err) {
      throw new Error(`Cannot reach the lab server (${err instanceof Error ? err.message : String(err)}).`);
    }
    const text = await response.text();
    let reply: unknown;
    try {
      reply = JSON.parse(text);
    } catch {
      throw new Error(`The lab server answered ${method} with HTTP ${response.status} and no JSON: ${text.slice(0, 200)}`);
    }
    if (!isCallReply(reply)) {
      throw new Error(`The lab server answered ${method} with HTTP ${response.status} in an unknown shape.`);
    }
    if (!reply.ok) throw new Error(reply.error.message);
    return reply.result;
  };
}

/** The token from the page address (`?token=...`), or null. */
export function tokenFromUrl(href: string): string | null {
  try {
    const token = new URL(href).searchParams.get('token');
    return token && token.length > 0 ? token : null;
  } catch {
    return null;
  }
}

/** ws:// or wss:// URL of the event stream for a page served from `pageHref`. */
export function eventsUrl(pageHref: string, token: string): string {
  const page = new URL(pageHref);
  const scheme = page.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${page.host}/api/events?token=${encodeURIComponent(token)}`;
}

/**
 * The link that downloads an exported pack: the server's relative `downloadUrl` resolved against
 * the page, with the token in its query (a plain link cannot send the header). Null without a
 * token, or for a URL that would leave the lab server's origin.
 */
export function downloadHref(pageHref: string, downloadUrl: string, token: string | null): string | null {
  if (!token) return null;
  let page: URL;
  let target: URL;
  try {
    page = new URL(pageHref);
    target = new URL(downloadUrl, new URL('./', page));
  } catch {
    return null;
  }
  if (target.origin !== page.origin) return null;
  target.searchParams.set('token', token);
  target.hash = '';
  return target.href;
}
