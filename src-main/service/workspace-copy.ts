/**
 * "Save workspace as": an online copy of the open workspace file (SQLite's backup API through a
 * second, read-only connection, so the copy holds every committed write, WAL included), written
 * beside the target and renamed over it only once complete: a failed copy never leaves a
 * half-written workspace, and never touches the original.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { WorkspaceError } from '../workspace/workspace-errors';

export async function copyWorkspaceFile(source: string, target: string): Promise<void> {
  const dir = path.dirname(target);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new WorkspaceError(`cannot save the workspace as ${target}: the folder ${dir} does not exist`);
  }
  if (fs.existsSync(target) && fs.statSync(target).isDirectory()) {
    throw new WorkspaceError(`cannot save the workspace as ${target}: that is a folder`);
  }
  const partial = path.join(dir, `.${path.basename(target)}.${process.pid}.partial`);
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await db.backup(partial);
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw new WorkspaceError(`cannot save the workspace as ${target}: ${(err as Error).message}`);
  } finally {
    db.close();
  }
  // An old file's journal would be replayed onto the new copy: remove it with the file it belongs to.
  for (const stale of [`${target}-wal`, `${target}-shm`]) fs.rmSync(stale, { force: true });
  fs.renameSync(partial, target);
}
