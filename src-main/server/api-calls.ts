/**
 * `POST /api/call/<method>` with body `{"args": ...}`: the body is read up to a cap, the method
 * and its argument are checked with the shared schemas (api-schemas.ts), and the service's answer
 * goes back as `{ok: true, result}` or `{ok: false, error: {message}}` with a status that says
 * whose fault it was.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallReply, LabApi, LabMethod } from '../api/lab-api';
import { faultStatus } from '../api/api-errors';
import { isLabMethod, parseApiCall } from '../api/api-schemas';
import { checkJsonDepth } from '../common/input-limits';

/** Largest request body accepted (a configuration or a sweep spec is a few kilobytes). */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export function sendReply(res: ServerResponse, status: number, reply: CallReply): void {
  // JSON has no NaN or Infinity; the service already sends null for them, this is the last guard.
  const body = JSON.stringify(reply);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(body);
}

export function sendError(res: ServerResponse, status: number, message: string): void {
  sendReply(res, status, { ok: false, error: { message } });
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(text: string): { args: unknown } {
  if (text.trim() === '') return { args: undefined };
  let body: unknown;
  // Nesting is bounded before parsing: a body 100,000 levels deep would otherwise overflow the
  // stack of the parser or of the argument checks, and come back as a server error.
  checkJsonDepth(text, 'the request body');
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw new Error(`the request body is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new Error('the request body must be a JSON object {"args": ...}');
  const extra = Object.keys(body).filter((k) => k !== 'args');
  if (extra.length) throw new Error(`the request body holds only "args", not ${extra.map((k) => JSON.stringify(k)).join(', ')}`);
  return { args: (body as { args?: unknown }).args };
}

export async function handleApiCall(service: LabApi, methodName: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    return sendError(res, 405, 'API calls are POST requests');
  }
  if (!isLabMethod(methodName)) return sendError(res, 404, `unknown API method ${JSON.stringify(methodName)}`);
  let text: string;
  try {
    text = await readBody(req);
  } catch (err) {
    if (err instanceof BodyTooLarge) {
      res.setHeader('Connection', 'close');
      return sendError(res, 413, `the request body is larger than ${MAX_BODY_BYTES / (1024 * 1024)} MB`);
    }
    return sendError(res, 400, `the request body could not be read: ${(err as Error).message}`);
  }
  let method: LabMethod;
  let args: unknown;
  try {
    ({ method, args } = parseApiCall(methodName, parseBody(text).args));
  } catch (err) {
    return sendError(res, 400, (err as Error).message);
  }
  try {
    const call = service[method] as (a: unknown) => Promise<unknown>;
    const result = await call.call(service, args);
    sendReply(res, 200, { ok: true, result: result === undefined ? null : result });
  } catch (err) {
    // 4xx when the user can act on it (no such run, a pack refused, a sweep held elsewhere).
    sendError(res, faultStatus(err), err instanceof Error ? err.message : String(err));
  }
}
