/** Reads a figure pack (a folder or a .zip) into memory as relative POSIX path -> bytes. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { unzipSync } from 'fflate';
import { fsFailure } from '../common/fs-failure';
import { FigurePackError } from './pack-errors';

const MAX_PACK_FILES = 200_000;

function readFolder(root: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (dir: string, prefix: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(full, rel);
      else if (entry.isFile()) {
        if (files.size >= MAX_PACK_FILES) throw new FigurePackError(`${root} holds more than ${MAX_PACK_FILES} files; it is not a figure pack`);
        files.set(rel, fs.readFileSync(full));
      }
    }
  };
  walk(root, '');
  return files;
}

function readZip(file: string): Map<string, Buffer> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(new Uint8Array(fs.readFileSync(file)));
  } catch (err) {
    throw new FigurePackError(`${file} is not a readable zip file (${(err as Error).message})`);
  }
  const files = new Map<string, Buffer>();
  for (const [name, bytes] of Object.entries(entries)) {
    if (name.endsWith('/')) continue;
    if (name.startsWith('/') || name.split('/').includes('..')) throw new FigurePackError(`${file}: the zip entry ${name} points outside the pack`);
    files.set(name, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }
  return files;
}

export function readPack(packPath: string): Map<string, Buffer> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(packPath);
  } catch {
    throw new FigurePackError(`${packPath} does not exist; give the folder or .zip a figure pack was exported to`);
  }
  try {
    return stat.isDirectory() ? readFolder(packPath) : readZip(packPath);
  } catch (err) {
    if (err instanceof FigurePackError) throw err;
    throw new FigurePackError(`cannot read the pack ${packPath}: ${fsFailure(err)}`);
  }
}
