/**
 * `GET /api/events?token=T`: a WebSocket on which the server pushes every LabEvent as one JSON
 * text message. The upgrade passes the same Host, Origin and token checks as every call; what a
 * client sends is ignored (the socket is one way).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { LabApi } from '../api/lab-api';
import type { Refusal, RequestGuard } from './request-guard';

const REASONS: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' };

function refuse(socket: Duplex, refusal: NonNullable<Refusal> | { status: 404; message: string }): void {
  const body = `${refusal.message}\n`;
  socket.end(
    `HTTP/1.1 ${refusal.status} ${REASONS[refusal.status]}\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export class EventSocket {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  private readonly unsubscribe: () => void;

  constructor(
    service: LabApi,
    private readonly guard: RequestGuard,
  ) {
    this.unsubscribe = service.subscribe((event) => {
      const text = JSON.stringify(event);
      for (const client of this.wss.clients) if (client.readyState === WebSocket.OPEN) client.send(text);
    });
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://lab.invalid');
    if (url.pathname !== '/api/events') return refuse(socket, { status: 404, message: 'the only socket is /api/events' });
    const refusal = this.guard.checkOrigin(req) ?? this.guard.checkToken(url.searchParams.get('token'));
    if (refusal) return refuse(socket, refusal);
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => ws.terminate());
      this.wss.emit('connection', ws, req);
    });
  }

  close(): void {
    this.unsubscribe();
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
  }
}
