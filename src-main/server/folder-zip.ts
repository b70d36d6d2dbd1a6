/**
 * A folder sent as one zip, compressed while it is sent (fflate's streaming Zip), so a large
 * sweep pack is never held whole in memory. Equal folders give equal bytes: names are sorted,
 * every entry carries the same fixed time stamp, and all sit under one top folder. Only regular
 * files are taken; links are skipped, so a link placed in a pack cannot lead out of it.
 */
import * as fs from 'node:fs';
import type { ServerResponse } from 'node:http';
import * as path from 'node:path';
import { Zip, ZipDeflate } from 'fflate';

/** The entry time stamp of every zip the lab writes (as pack-output.ts does for .zip packs). */
const ZIP_TIME = new Date(2000, 0, 1, 0, 0, 0);

/** Regular files under `dir`, as sorted POSIX paths relative to it. */
export async function listPackFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (relative: string): Promise<void> => {
    const entries = await fs.promises.readdir(path.join(dir, relative), { withFileTypes: true });
    for (const entry of entries) {
      const name = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) await walk(name);
      else if (entry.isFile()) found.push(name);
    }
  };
  await walk('');
  return found.sort();
}

function waitForDrain(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * Streams `files` of `dir` as a zip under `topFolder/`. The head (`writeHead`) is sent with the
 * first bytes, so a failure before then (a file gone) still lets the caller answer with an
 * error status; a failure after then rejects with `res.headersSent` true.
 */
export async function streamFolderZip(
  dir: string,
  files: string[],
  topFolder: string,
  res: ServerResponse,
  writeHead: () => void,
): Promise<void> {
  const state: { failure: Error | null } = { failure: null };
  const zip = new Zip((err, chunk, final) => {
    if (err) {
      state.failure = err;
      return;
    }
    if (!res.headersSent) writeHead();
    res.write(chunk);
    if (final) res.end();
  });
  for (const name of files) {
    const bytes = await fs.promises.readFile(path.join(dir, ...name.split('/')));
    if (res.destroyed) return;
    const entry = new ZipDeflate(`${topFolder}/${name}`, { level: 6 });
    entry.mtime = ZIP_TIME;
    zip.add(entry);
    entry.push(bytes, true);
    if (state.failure) throw state.failure;
    if (res.writableNeedDrain) await waitForDrain(res);
  }
  zip.end();
  if (state.failure) throw state.failure;
}
