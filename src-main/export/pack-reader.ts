/**
 * Reads a figure pack (a folder or a .zip) into memory as relative POSIX path -> bytes, within
 * the import limits (common/input-limits.ts): only regular files, each file's size (for a zip,
 * the size its entry declares) checked against the limits before a byte of it is read, and a
 * zip entry that unpacks to more than it declared stopped as it streams (yauzl checks that).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import yauzl from 'yauzl';
import { fsFailure } from '../common/fs-failure';
import { checkRegularFile, formatBytes, INPUT_LIMITS, InputLimitError, readBoundedFile } from '../common/input-limits';
import { FigurePackError } from './pack-errors';

const L = INPUT_LIMITS;

/** Sizes of every file so far, checked as each is added. */
class Budget {
  private files = 0;
  private bytes = 0;
  constructor(private readonly where: string) {}

  add(name: string, bytes: number): void {
    if (++this.files > L.packFiles)
      throw new FigurePackError(
        `${this.where} holds more than ${L.packFiles} files, over the limit for a figure pack; nothing was imported`,
      );
    if (bytes > L.packFileBytes) {
      throw new FigurePackError(
        `${this.where}: ${name} is ${formatBytes(bytes)}, over the limit of ${formatBytes(L.packFileBytes)} for one file of a pack; nothing was imported`,
      );
    }
    this.bytes += bytes;
    if (this.bytes > L.packTotalBytes) {
      throw new FigurePackError(
        `${this.where} unpacks to more than ${formatBytes(L.packTotalBytes)}, the limit for a figure pack; nothing was imported`,
      );
    }
  }
}

function readFolder(root: string): Map<string, Buffer> {
  const budget = new Budget(root);
  const listed: { rel: string; full: string }[] = [];
  const walk = (dir: string, prefix: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(full, rel);
      // Links, pipes and devices are not pack files: a FIFO would hang the read, a device never end.
      else if (entry.isFile()) {
        budget.add(rel, fs.statSync(full).size);
        listed.push({ rel, full });
      }
    }
  };
  walk(root, '');
  const files = new Map<string, Buffer>();
  for (const { rel, full } of listed) files.set(rel, readBoundedFile(full, L.packFileBytes, 'pack file'));
  return files;
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: true, validateEntrySizes: true, strictFileNames: false }, (err, zip) =>
      err ? reject(err) : resolve(zip),
    );
  });
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err) return reject(err);
      const parts: Buffer[] = [];
      let total = 0;
      stream.on('data', (chunk: Buffer) => {
        total += chunk.length;
        // yauzl stops an entry at its declared size; this is the same bound, kept here too.
        if (total > entry.uncompressedSize) stream.destroy(new Error(`${entry.fileName} unpacks to more than its declared size`));
        else parts.push(chunk);
      });
      stream.on('error', reject);
      stream.on('end', () => resolve(Buffer.concat(parts, total)));
    });
  });
}

async function readZip(file: string): Promise<Map<string, Buffer>> {
  checkRegularFile(file, L.packZipBytes, 'pack .zip file');
  const budget = new Budget(file);
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(file);
  } catch (err) {
    throw new FigurePackError(`${file} is not a readable zip file (${(err as Error).message})`);
  }
  const files = new Map<string, Buffer>();
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        const name = entry.fileName;
        const next = (): void => zip.readEntry();
        if (name.endsWith('/')) return next();
        try {
          if (name.startsWith('/') || name.split('/').includes('..') || name.includes('\\')) {
            throw new FigurePackError(`${file}: the zip entry ${name} points outside the pack`);
          }
          budget.add(name, entry.uncompressedSize);
        } catch (err) {
          return reject(err);
        }
        readEntry(zip, entry).then((bytes) => {
          files.set(name, bytes);
          next();
        }, reject);
      });
      zip.readEntry();
    });
  } catch (err) {
    zip.close();
    if (err instanceof FigurePackError) throw err;
    throw new FigurePackError(`${file} is not a readable zip file (${(err as Error).message})`);
  }
  return files;
}

export async function readPack(packPath: string): Promise<Map<string, Buffer>> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(packPath);
  } catch {
    throw new FigurePackError(`${packPath} does not exist; give the folder or .zip a figure pack was exported to`);
  }
  try {
    return stat.isDirectory() ? readFolder(packPath) : await readZip(packPath);
  } catch (err) {
    if (err instanceof FigurePackError) throw err;
    if (err instanceof InputLimitError) throw new FigurePackError(err.message);
    throw new FigurePackError(`cannot read the pack ${packPath}: ${fsFailure(err)}`);
  }
}
