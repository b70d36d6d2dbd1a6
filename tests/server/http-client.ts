/** Raw HTTP and WebSocket requests to the lab server, with full control of Host, Origin and token headers. */
import * as http from 'node:http';
import { WebSocket } from 'ws';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A response the server cuts off part-way never emits 'end': reject at once, so a test that meets
 * one fails with the reason instead of waiting for its timeout.
 */
function failOnCutOff(res: http.IncomingMessage, reject: (err: Error) => void): void {
  res.on('error', reject);
  res.on('close', () => {
    if (!res.complete) reject(new Error(`the server cut the response off (status ${res.statusCode ?? '?'} already sent)`));
  });
}

export function request(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        failOnCutOff(res, reject);
      },
    );
    // The server may answer (413) and close before a large body is fully sent.
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err)));
    if (options.body !== undefined) req.end(options.body);
    else req.end();
  });
}

export function call(
  port: number,
  token: string | null,
  method: string,
  args?: unknown,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return request(port, {
    method: 'POST',
    path: `/api/call/${method}`,
    headers: { 'Content-Type': 'application/json', ...(token === null ? {} : { 'X-Modcomp-Token': token }), ...headers },
    body: JSON.stringify(args === undefined ? {} : { args }),
  });
}

/** Opens the event socket; resolves with the socket, or with the HTTP status it was refused with. */
export function openSocket(url: string, headers: Record<string, string> = {}): Promise<{ socket: WebSocket } | { refused: number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => resolve({ socket }));
    socket.once('unexpected-response', (_req, res) => {
      resolve({ refused: res.statusCode ?? 0 });
      res.resume();
      socket.terminate();
    });
    socket.once('error', (err) => reject(err));
  });
}

/** A GET whose body is kept as bytes (for downloads). */
export function download(
  port: number,
  urlPath: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'GET', path: urlPath, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks) }));
      failOnCutOff(res, reject);
    });
    req.on('error', reject);
    req.end();
  });
}
