/**
 * `GET /api/packs/<id>.zip`: a figure pack exported through this server, as one zip the browser
 * saves (the pack itself is written on the server's disk, out of the browser user's reach).
 * The lab service stays host-agnostic: `withPackDownloads` wraps its exportPack so each result
 * is registered and gains a `downloadUrl`. A folder pack is zipped in memory, a .zip pack read
 * whole, before the head is written, so any failure (the pack or one of its files gone, a read
 * error) is answered with a JSON error status, never with a 200 cut off part-way; the body is
 * then sent with its Content-Length. The caller has already passed the Host, Origin and token checks.
 */
import * as fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExportRequestDto, ExportResultDto, LabApi } from '../api/lab-api';
import { MANIFEST_FILE } from '../export/pack-manifest';
import { fsFailure } from '../common/fs-failure';
import { sendError } from './api-calls';
import { listPackFiles, PackFileError, zipFolder } from './folder-zip';
import { packIncompleteness } from './pack-completeness';
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
  sendError(
    res,
    410,
    `the figure pack ${packPath} is no longer on the server's disk (deleted or moved since it was exported); export it again`,
  );
}

/** A vanished path is the pack's fate (410); any other read failure is the server's (500). */
function isGone(code: string | undefined): boolean {
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function unreadable(res: ServerResponse, what: string, err: unknown): void {
  sendError(res, 500, `cannot read ${what} on the server's disk: ${fsFailure(err)}; nothing was sent, try again`);
}

/** Answers a failure to read the pack itself (its folder, its listing, its .zip file). */
function packUnreadable(res: ServerResponse, packPath: string, err: unknown): void {
  if (isGone((err as NodeJS.ErrnoException).code)) gone(res, packPath);
  else unreadable(res, `the figure pack ${packPath}`, err);
}

function sendZip(res: ServerResponse, name: string, bytes: Buffer): void {
  res.writeHead(200, { ...downloadHeaders(name), 'Content-Length': bytes.length });
  res.end(bytes);
}

/** The zip of a folder pack, or undefined once an error was answered. */
async function zipPackFolder(res: ServerResponse, packPath: string, name: string): Promise<Buffer | undefined> {
  let files: string[];
  try {
    files = await listPackFiles(packPath);
  } catch (err) {
    return void packUnreadable(res, packPath, err);
  }
  try {
    const incomplete = await packIncompleteness(packPath, files);
    if (incomplete !== null) {
      return void sendError(
        res,
        410,
        `the figure pack ${packPath} is no longer whole: ${incomplete} (changed since it was exported); export it again`,
      );
    }
    return await zipFolder(packPath, files, name);
  } catch (err) {
    // A PackFileError names the file zipFolder could not read; otherwise reading manifest.json failed.
    const file = err instanceof PackFileError ? err.file : MANIFEST_FILE;
    const cause = err instanceof PackFileError ? err.cause : err;
    if (isGone((cause as NodeJS.ErrnoException).code)) {
      return void sendError(res, 410, `the figure pack ${packPath} changed while it was being zipped: ${file} is gone; export it again`);
    }
    return void unreadable(res, `${file} of the figure pack ${packPath}`, cause);
  }
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
    return sendError(
      res,
      404,
      'no figure pack with this id was exported through this lab server (ids last as long as the server process); export it again',
    );
  }
  let stat: fs.Stats;
  try {
    stat = await fs.promises.lstat(packPath);
  } catch (err) {
    return packUnreadable(res, packPath, err);
  }
  const name = packDownloadName(packPath);
  if (stat.isFile()) {
    let bytes: Buffer;
    try {
      bytes = await fs.promises.readFile(packPath);
    } catch (err) {
      return packUnreadable(res, packPath, err);
    }
    return sendZip(res, name, bytes);
  }
  if (!stat.isDirectory()) return gone(res, packPath);
  const zipped = await zipPackFolder(res, packPath, name);
  if (zipped) sendZip(res, name, zipped);
}
