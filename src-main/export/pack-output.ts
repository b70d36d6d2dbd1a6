/**
 * Writing a pack so that it appears whole or not at all: every file goes into a temporary folder
 * beside the destination, which is then renamed into place (a zip is written to a temporary file
 * and renamed). On any failure the temporary folder is removed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { zipSync } from 'fflate';
import { FigurePackError } from './pack-errors';

/** A fixed time stamp for zip entries, so equal packs give equal zips. */
const ZIP_TIME = new Date(2000, 0, 1, 0, 0, 0);

export function isZipPath(out: string): boolean {
  return out.toLowerCase().endsWith('.zip');
}

function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EEXIST':
      return 'something already exists there';
    default:
      return code ?? (err instanceof Error ? err.message : String(err));
  }
}

/** The permission bits a folder made with mkdir gets in `parent` (0755 under the usual umask). */
function usualFolderMode(parent: string): number {
  const probe = path.join(parent, '.mode-probe');
  fs.mkdirSync(probe);
  try {
    return fs.statSync(probe).mode & 0o777;
  } finally {
    fs.rmdirSync(probe);
  }
}

/** Refuses a destination that exists (a folder is accepted only when empty). */
export function checkDestination(out: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(out);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'ENOTDIR') throw new FigurePackError(`cannot write the pack to ${out}: ${reason(err)}; choose another --out`);
    throw new FigurePackError(`cannot write the pack to ${out}: ${reason(err)}`);
  }
  if (isZipPath(out) || !stat.isDirectory()) throw new FigurePackError(`${out} already exists; choose another --out or remove it first`);
  if (fs.readdirSync(out).length > 0)
    throw new FigurePackError(`${out} already exists and is not empty; choose another --out or remove it first`);
}

/** Writes `files` (relative POSIX paths) as a folder or, for a `.zip` path, one zip file. */
export function writePack(out: string, files: Map<string, Buffer>): void {
  const destination = path.resolve(out);
  checkDestination(destination);
  const parent = path.dirname(destination);
  let createdParent: string | undefined;
  try {
    createdParent = fs.mkdirSync(parent, { recursive: true });
  } catch (err) {
    throw new FigurePackError(`cannot write the pack to ${destination}: cannot create the folder ${parent} (${reason(err)})`);
  }
  let temp: string;
  try {
    temp = fs.mkdtempSync(path.join(parent, `.${path.basename(destination)}.partial-`));
  } catch (err) {
    if (createdParent) fs.rmSync(createdParent, { recursive: true, force: true });
    throw new FigurePackError(`cannot write the pack to ${destination}: the folder ${parent} is not writable (${reason(err)})`);
  }
  try {
    if (isZipPath(destination)) {
      const entries: Record<string, [Uint8Array, { mtime: Date }]> = {};
      for (const [name, bytes] of files)
        entries[name] = [new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { mtime: ZIP_TIME }];
      const zipFile = path.join(temp, 'pack.zip');
      fs.writeFileSync(zipFile, zipSync(entries, { level: 6, mtime: ZIP_TIME }));
      fs.renameSync(zipFile, destination);
      fs.rmSync(temp, { recursive: true, force: true });
      return;
    }
    for (const [name, bytes] of files) {
      const target = path.join(temp, ...name.split('/'));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, bytes);
    }
    // mkdtemp makes the folder private (0700); the pack is an ordinary folder, so it gets the
    // mode any new folder gets here (the user's umask), read from a folder made the usual way.
    fs.chmodSync(temp, usualFolderMode(temp));
    // An empty destination folder was accepted above; rename cannot replace it everywhere.
    if (fs.existsSync(destination)) fs.rmdirSync(destination);
    fs.renameSync(temp, destination);
  } catch (err) {
    fs.rmSync(temp, { recursive: true, force: true });
    if (createdParent) fs.rmSync(createdParent, { recursive: true, force: true });
    throw new FigurePackError(`cannot write the pack to ${destination}: ${reason(err)}; nothing was left behind`);
  }
}

/** A fresh folder name beside the workspace: `<workspace>-run-12-figures`, then `-2`, `-3`, ... */
export function defaultPackPath(workspaceFile: string, source: { runId?: number; sweepId?: number; comparison?: true }): string {
  const dir = path.dirname(path.resolve(workspaceFile));
  const stem = path.basename(workspaceFile).replace(/\.[^.]+$/, '');
  const what = source.runId !== undefined ? `run-${source.runId}` : source.comparison ? 'remedy-comparison' : `sweep-${source.sweepId}`;
  const base = path.join(dir, `${stem}-${what}-figures`);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!fs.existsSync(candidate)) return candidate;
  }
}
