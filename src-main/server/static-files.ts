/**
 * The built renderer, served from one folder only: the request path is decoded, resolved inside
 * that folder (and through links, so a link cannot lead out of it), and anything outside it is
 * refused. Without a built renderer the page says how to build it instead of staying blank.
 */
import * as fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as path from 'node:path';
import { contentTypeFor } from '../common/content-types';

export const NOT_BUILT_MESSAGE =
  'Modality Competition Lab: the renderer is not built: run npm run build (the lab server serves dist-renderer/).\n';

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

function realDir(dir: string): string | null {
  try {
    return fs.realpathSync(dir);
  } catch {
    return null;
  }
}

/** The file a URL path names inside `root`, or why it is refused. */
export function resolveStaticPath(root: string, urlPath: string): { file: string } | { status: 400 | 403 | 404; message: string } {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { status: 400, message: 'malformed path' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { status: 400, message: 'malformed path' };
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const file = path.resolve(root, relative);
  if (file !== root && !file.startsWith(root + path.sep)) return { status: 403, message: 'outside the lab page folder' };
  let real: string;
  try {
    real = fs.realpathSync(file);
  } catch {
    return { status: 404, message: 'not found' };
  }
  if (real !== root && !real.startsWith(root + path.sep)) return { status: 403, message: 'outside the lab page folder' };
  if (!fs.statSync(real).isFile()) return { status: 404, message: 'not found' };
  return { file: real };
}

export function serveStatic(staticDir: string, req: IncomingMessage, res: ServerResponse, urlPath: string): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return send(res, 405, 'only GET and HEAD are served here\n');
  }
  const root = realDir(staticDir);
  if (!root || !fs.existsSync(path.join(root, 'index.html'))) {
    return send(res, urlPath === '/' || urlPath === '/index.html' ? 503 : 404, NOT_BUILT_MESSAGE);
  }
  const found = resolveStaticPath(root, urlPath);
  if (!('file' in found)) return send(res, found.status, `${found.message}\n`);
  const type = contentTypeFor(found.file);
  const size = fs.statSync(found.file).size;
  res.writeHead(200, {
    'Content-Type': type,
    'Content-Length': size,
    // The page carries the token in its URL; keep it and its files out of shared caches.
    'Cache-Control': 'no-cache',
  });
  if (req.method === 'HEAD') return void res.end();
  fs.createReadStream(found.file)
    .on('error', () => res.destroy())
    .pipe(res);
}
