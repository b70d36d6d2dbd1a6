/**
 * The lab server: the built renderer and the lab API over HTTP and WebSocket, for a browser on a
 * headless GPU box (through an SSH tunnel) and for the end-to-end tests. It listens on 127.0.0.1
 * unless told otherwise, and every API call and the event socket need the random token printed
 * in the URL; requests from other origins or through other host names are refused.
 */
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { TOKEN_HEADER, type LabApi } from '../api/lab-api';
import { handleApiCall, sendError } from './api-calls';
import { EventSocket } from './event-socket';
import { PACKS_PREFIX, servePackDownload, withPackDownloads } from './pack-downloads';
import { PackRegistry } from './pack-registry';
import { hostWithPort, RequestGuard } from './request-guard';
import { setSecurityHeaders } from './security-headers';
import { serveStatic } from './static-files';

export interface LabServerOptions {
  service: LabApi;
  /** 0 (the default) picks any free port. */
  port?: number;
  /** Default 127.0.0.1; anything else exposes the lab to the network (the token still guards it). */
  host?: string;
  /** Folder of the built renderer (dist-renderer/). */
  staticDir: string;
  /** Default: 32 random bytes, hex. */
  token?: string;
}

export interface LabServer {
  /** The page to open, token included. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const API_PREFIX = '/api/call/';

/** A handler that threw: a 500 if nothing was sent yet, otherwise the response is cut. */
function failed(res: http.ServerResponse, err: unknown): void {
  if (!res.headersSent) sendError(res, 500, err instanceof Error ? err.message : String(err));
  else res.destroy();
}

export async function startLabServer(options: LabServerOptions): Promise<LabServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`the port must be an integer between 0 and 65535, got ${port}`);
  const token = options.token ?? randomBytes(32).toString('hex');
  if (token.length < 16) throw new Error('the token must be at least 16 characters long');
  const staticDir = path.resolve(options.staticDir);

  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const boundPort = (server.address() as AddressInfo).port;
  const guard = new RequestGuard({ host, port: boundPort, token });
  const events = new EventSocket(options.service, guard);
  // Packs exported through this server can be downloaded by the browser that asked for them.
  const packs = new PackRegistry();
  const api = withPackDownloads(options.service, packs);

  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    setSecurityHeaders(res, guard.socketOrigin(req));
    const url = new URL(req.url ?? '/', 'http://lab.invalid');
    const refusal = guard.checkOrigin(req);
    if (refusal) return sendError(res, refusal.status, refusal.message);
    if (url.pathname.startsWith(PACKS_PREFIX)) {
      // A download is a plain link the browser follows, so the token may come in the query too.
      const tokenRefusal = guard.checkToken(req.headers[TOKEN_HEADER.toLowerCase()] ?? url.searchParams.get('token'));
      if (tokenRefusal) return sendError(res, tokenRefusal.status, tokenRefusal.message);
      void servePackDownload(packs, url.pathname.slice(PACKS_PREFIX.length), req, res).catch((err: unknown) => failed(res, err));
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      if (!url.pathname.startsWith(API_PREFIX)) return sendError(res, 404, `no such API route ${url.pathname}`);
      const tokenRefusal = guard.checkToken(req.headers[TOKEN_HEADER.toLowerCase()]);
      if (tokenRefusal) return sendError(res, tokenRefusal.status, tokenRefusal.message);
      let method: string;
      try {
        method = decodeURIComponent(url.pathname.slice(API_PREFIX.length));
      } catch {
        return sendError(res, 404, 'malformed API method name');
      }
      void handleApiCall(api, method, req, res).catch((err: unknown) => failed(res, err));
      return;
    }
    serveStatic(staticDir, req, res, url.pathname);
  });
  server.on('upgrade', (req, socket, head: Buffer) => events.handleUpgrade(req, socket, head));
  server.on('clientError', (_err, socket) => socket.destroy());

  // A server on every interface is still reached from this machine through loopback.
  const pageHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    url: `http://${hostWithPort(pageHost, boundPort)}/?token=${encodeURIComponent(token)}`,
    port: boundPort,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        events.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
