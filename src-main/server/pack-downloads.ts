/**
 * `GET /api/packs/<id>.zip`: a figure pack exported through this server, as one zip the browser
 * saves (the pack itself is written on the server's disk, out of the browser user's reach).
 * The lab service stays host-agnostic: `withPackDownloads` wraps its exportPack so each result
 * is registered and gains a `downloadUrl`. A folder pack is zipped while it is sent; a .zip pack
 * is sent as it is. The caller has already passed the Host, Origin and token checks.
 */
import * as fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExportRequestDto, ExportResultDto, LabApi } from '../api/lab-api';
import { sendError } from './api-calls';
import { listPackFiles, streamFolderZip } from './folder-zip';
import { packDownloadName, type PackRegistry } from './pack-registry';

export const PACKS_PREFIX = '/api/packs/';

/** The service as the server exposes it: the same, except that exported packs can be downloaded. */
export function withPackDownloads(service: LabApi, registry: PackRegistry): LabApi {
  const exportPack = async (args: ExportRequestDto): Promise<ExportResultDto> => {
    const result = await service.exportPack(args);
    const id = registry.register(result.path);
    return { ...result, downloadUrl: `${PACKS_PREFIX.slice(1)}${id}.zip` };
  };
  return new Proxy(service, {
    get: (target, property, receiver) => (property === 'exportPack' ? exportPack : Reflect.get(target, property, receiver)),
  });
}

function downloadHeaders(name: string): Record<string, string> {
  return {
    'Content-Type': 'application/zip',
    'Content-Disposition': `attachment; filename="${name}.zip"`,
    'Cache-Control': 'no-store',
  };
}

function gone(res: ServerResponse, packPath: string): void {
  sendError(res, 410, `the figure pack ${packPath} is no longer on the server's disk (deleted or moved since it was exported); export it again`);
}

/** `rest` is the URL path after PACKS_PREFIX, still percent-encoded (an id never needs decoding). */
export async function servePackDownload(registry: PackRegistry, rest: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET') {
    res.setHeader('Allow', 'GET');
    return sendError(res, 405, 'pack downloads are GET requests');
  }
  const id = rest.endsWith('.zip') ? rest.slice(0, -'.zip'.length) : '';
  const packPath = registry.find(id);
  if (packPath === undefined) {
    return sendError(res, 404, 'no figure pack with this id was exported through this lab server (ids last as long as the server process); export it again');
  }
  let stat: fs.Stats;
  try {
    stat = await fs.promises.lstat(packPath);
  } catch {
    return gone(res, packPath);
  }
  const name = packDownloadName(packPath);
  if (stat.isFile()) {
    const stream = fs.createReadStream(packPath);
    stream.once('open', () => {
      res.writeHead(200, { ...downloadHeaders(name), 'Content-Length': stat.size });
      stream.pipe(res);
    });
    stream.once('error', () => (res.headersSent ? res.destroy() : gone(res, packPath)));
    return;
  }
  if (!stat.isDirectory()) return gone(res, packPath);
  let files: string[];
  try {
    files = await listPackFiles(packPath);
  } catch {
    return gone(res, packPath);
  }
  try {
    await streamFolderZip(packPath, files, name, res, () => res.writeHead(200, downloadHeaders(name)));
  } catch (err) {
    if (res.headersSent) return void res.destroy();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return gone(res, packPath);
    throw err;
  }
}
