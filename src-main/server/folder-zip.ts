/**
 * A folder pack as one zip, built whole in memory before anything is sent: packs are a few
 * megabytes, and only a finished zip lets the server answer a file that vanished or could not be
 * read with an error status instead of a response cut off after a 200. Equal folders give equal
 * bytes: names are sorted, every entry carries the same fixed time stamp, and all sit under one
 * top folder. Only regular files are taken; links are skipped, so a link placed in a pack cannot
 * lead out of it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { fsFailure } from '../common/fs-failure';

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

/** A pack file that could not be read while zipping; `file` is its path relative to the pack. */
export class PackFileError extends Error {
  override name = 'PackFileError';
  constructor(
    readonly file: string,
    override readonly cause: unknown,
  ) {
    super(`cannot read ${file}: ${fsFailure(cause)}`);
  }
}

/**
 * The zip of `files` of `dir` under `topFolder/`. Rejects with a PackFileError naming the first
 * file that cannot be read; nothing has been sent by then.
 */
export async function zipFolder(dir: string, files: string[], topFolder: string): Promise<Buffer> {
  const entries: Zippable = {};
  for (const name of files) {
    let bytes: Buffer;
    try {
      bytes = await fs.promises.readFile(path.join(dir, ...name.split('/')));
    } catch (err) {
      throw new PackFileError(name, err);
    }
    entries[`${topFolder}/${name}`] = [new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { mtime: ZIP_TIME }];
  }
  // Compressed in one go, as the .zip packs of pack-output.ts are (a few MB: a fraction of a second).
  const zipped = zipSync(entries, { level: 6, mtime: ZIP_TIME });
  return Buffer.from(zipped.buffer, zipped.byteOffset, zipped.byteLength);
}
