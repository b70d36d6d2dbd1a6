/** Headers every response carries: a strict Content-Security-Policy and no sniffing, no referrer, no framing. */
import type { ServerResponse } from 'node:http';

export function contentSecurityPolicy(socketOrigin: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    `connect-src 'self' ${socketOrigin}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function setSecurityHeaders(res: ServerResponse, socketOrigin: string): void {
  res.setHeader('Content-Security-Policy', contentSecurityPolicy(socketOrigin));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}
