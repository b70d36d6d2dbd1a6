/**
 * Who may talk to the lab server. A browser on this machine may be pointed at it by any web page
 * (cross-site requests, DNS rebinding), so every request must carry the right Host header (only
 * the loopback names this server answers to, unless it was bound to another address on purpose),
 * no foreign Origin, and, for the API and the event socket, the token printed in the URL.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface GuardOptions {
  /** The address the server listens on. */
  host: string;
  port: number;
  token: string;
}

export type Refusal = { status: 401 | 403; message: string } | null;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(host);
}

/** host:port as a Host header spells it (IPv6 in brackets). */
export function hostWithPort(host: string, port: number): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

export class RequestGuard {
  private readonly tokenDigest: Buffer;
  private readonly allowedHosts: Set<string> | null;

  constructor(private readonly options: GuardOptions) {
    this.tokenDigest = digest(options.token);
    // On loopback only the names of this machine's loopback are accepted (DNS rebinding gives a
    // foreign name); a server bound elsewhere on purpose is reached by names we cannot list.
    this.allowedHosts = isLoopbackHost(options.host)
      ? new Set([
          hostWithPort('127.0.0.1', options.port),
          hostWithPort('localhost', options.port),
          hostWithPort(options.host, options.port),
        ])
      : null;
  }

  /** Host and Origin checks, for every request (pages, API, socket). */
  checkOrigin(req: IncomingMessage): Refusal {
    const host = (req.headers.host ?? '').toLowerCase();
    if (!host) return { status: 403, message: 'the request has no Host header' };
    if (this.allowedHosts && !this.allowedHosts.has(host)) {
      return { status: 403, message: `this lab server answers to ${[...this.allowedHosts].join(' or ')}, not ${host}` };
    }
    const origin = req.headers.origin;
    if (origin !== undefined && origin.toLowerCase() !== `http://${host}`) {
      return { status: 403, message: `requests from ${origin} are refused: only the lab's own page may call it` };
    }
    return null;
  }

  /** The token check, compared in constant time. */
  checkToken(given: string | string[] | undefined | null): Refusal {
    if (typeof given !== 'string' || given.length === 0) {
      return { status: 401, message: 'the lab token is missing: open the URL the server printed (it ends in ?token=...)' };
    }
    if (!timingSafeEqual(digest(given), this.tokenDigest)) return { status: 401, message: 'the lab token is wrong' };
    return null;
  }

  /** The page's own WebSocket origin, for the Content-Security-Policy's connect-src. */
  socketOrigin(req: IncomingMessage): string {
    return `ws://${(req.headers.host ?? hostWithPort(this.options.host, this.options.port)).toLowerCase()}`;
  }
}

// Digests make both sides the same length, which timingSafeEqual needs, without leaking the length.
function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
