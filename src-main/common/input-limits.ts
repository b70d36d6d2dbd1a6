/**
 * The limits every import checks before it allocates: figure packs (folder or .zip), .npz
 * datasets and initial weights, and the JSON inside them. A file over a limit is refused with a
 * sentence naming the limit, so a crafted or damaged input (a zip bomb, /dev/zero, a FIFO, a
 * record count of two billion) costs a few kilobytes of reading instead of the machine's memory.
 * The numbers are stated in the docs (docs/cli.md, "Import limits"); a test reads them here.
 */
import * as fs from 'node:fs';
import { fsFailure } from './fs-failure';

const MiB = 1024 * 1024;

export const INPUT_LIMITS = {
  /** A figure pack's .zip file as it lies on disk. */
  packZipBytes: 1024 * MiB,
  /** One file of a pack, unpacked (series.csv is the largest; a 1000-run sweep writes ~40 MiB). */
  packFileBytes: 128 * MiB,
  /** All files of a pack together, unpacked. */
  packTotalBytes: 512 * MiB,
  /** Files in one pack. */
  packFiles: 100_000,
  /** Series records a pack may declare, over all its runs and modes. */
  packRecords: 20_000_000,
  /** Numbers (scalars and alignments) the declared series of a pack may hold together. */
  packNumbers: 64_000_000,
  /** An .npz file (dataset or initial weights) on disk. */
  npzBytes: 1024 * MiB,
  /** One array of an .npz, unpacked, and all of them together. */
  npyArrayBytes: 256 * MiB,
  npzTotalBytes: 1024 * MiB,
  /** Nesting of JSON objects and arrays (deeper is refused before parsing). */
  jsonDepth: 200,
} as const;

export class InputLimitError extends Error {
  override name = 'InputLimitError';
}

/** "128 MiB" for a limit in a message. */
export function formatBytes(bytes: number): string {
  if (bytes >= MiB) return `${Math.round((bytes / MiB) * 10) / 10} MiB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`;
  return `${bytes} bytes`;
}

/**
 * Checks that `file` is a regular file no larger than `maxBytes` and returns its size. A FIFO, a
 * socket or a device (/dev/zero) is refused before it is opened: opening a FIFO would wait for
 * a writer forever, and reading a device never ends.
 */
export function checkRegularFile(file: string, maxBytes: number, what: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (err) {
    throw new InputLimitError(`cannot read ${file}: ${fsFailure(err)}`);
  }
  if (stat.isDirectory()) throw new InputLimitError(`${what} ${file} is a folder, not a file`);
  if (!stat.isFile()) {
    throw new InputLimitError(`${what} ${file} is not a regular file (a device, pipe or socket); give a file saved on disk`);
  }
  if (stat.size > maxBytes) {
    throw new InputLimitError(
      `${what} ${file} is ${formatBytes(stat.size)}, over the limit of ${formatBytes(maxBytes)} for ${what}s; nothing was read`,
    );
  }
  return stat.size;
}

/**
 * Reads a regular file of at most `maxBytes`. The descriptor is checked again after opening (the
 * path may have been swapped for a device in between), and at most `maxBytes + 1` bytes are read
 * whatever the file claims, so a file that grows while it is read is refused too.
 */
export function readBoundedFile(file: string, maxBytes: number, what: string): Buffer {
  checkRegularFile(file, maxBytes, what);
  let fd: number;
  try {
    // O_NONBLOCK: should the path have become a FIFO since the check, opening does not hang.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (err) {
    throw new InputLimitError(`cannot read ${file}: ${fsFailure(err)}`);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile())
      throw new InputLimitError(`${what} ${file} is not a regular file (a device, pipe or socket); give a file saved on disk`);
    const size = Math.min(stat.size, maxBytes);
    const out = Buffer.allocUnsafe(size + 1);
    let filled = 0;
    for (;;) {
      const n = fs.readSync(fd, out, filled, out.length - filled, null);
      if (n === 0) break;
      filled += n;
      if (filled > maxBytes)
        throw new InputLimitError(`${what} ${file} grew over the limit of ${formatBytes(maxBytes)} while it was read; nothing was read`);
      if (filled === out.length) break;
    }
    return out.subarray(0, filled);
  } catch (err) {
    if (err instanceof InputLimitError) throw err;
    throw new InputLimitError(`cannot read ${file}: ${fsFailure(err)}`);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Refuses JSON text nested deeper than the limit before JSON.parse sees it (the parser would
 * overflow the stack and the error would say so, not what is wrong). Strings are skipped, so a
 * bracket inside a string does not count.
 */
export function checkJsonDepth(text: string, what: string, maxDepth: number = INPUT_LIMITS.jsonDepth): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > maxDepth) throw new InputLimitError(`${what} is nested more than ${maxDepth} levels deep; nothing was read`);
    } else if (c === 93 || c === 125) depth--;
  }
}

/** Parses JSON after the depth check; a syntax error names `what`. */
export function parseBoundedJson(text: string, what: string): unknown {
  checkJsonDepth(text, what);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    // The parser quotes the text around the error, newlines and all: kept to one line.
    throw new InputLimitError(`${what} is not valid JSON (${(err as Error).message.replace(/\s+/g, ' ')})`);
  }
}
