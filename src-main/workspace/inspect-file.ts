/**
 * Checks a file before the workspace opens it for writing: it must be an SQLite file carrying
 * the lab's application id and a schema version this build knows. The check opens the file
 * read-only, so a file that fails it is never modified (no WAL switch, no migration).
 */
import * as fs from 'node:fs';
import Database from 'better-sqlite3';
import { APPLICATION_ID, currentVersion } from './migrations';
import { WorkspaceError, WorkspaceTooNewError } from './workspace-errors';

const SQLITE_MAGIC = 'SQLite format 3\0';

export type FileState = { kind: 'missing' } | { kind: 'empty' } | { kind: 'workspace'; version: number };

export function inspectWorkspaceFile(file: string, latest: number): FileState {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw new WorkspaceError(`workspace ${file}: cannot read it (${(err as NodeJS.ErrnoException).code})`);
  }
  if (stat.isDirectory()) throw new WorkspaceError(`workspace ${file} is a folder, not a workspace file`);
  // A zero-byte file is what some tools leave when they "touch" a path: treat it as new.
  if (stat.size === 0) return { kind: 'empty' };
  const header = Buffer.alloc(16);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, header, 0, 16, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (header.toString('latin1') !== SQLITE_MAGIC) {
    throw new WorkspaceError(`${file} is not a workspace (not an SQLite file); nothing was changed`);
  }
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const appId = db.pragma('application_id', { simple: true }) as number;
    const tables = (db.prepare("SELECT count(*) AS n FROM sqlite_master").get() as { n: number }).n;
    if (appId !== APPLICATION_ID) {
      if (appId === 0 && tables === 0) return { kind: 'empty' };
      throw new WorkspaceError(`${file} is an SQLite file but not a Modality Competition Lab workspace; nothing was changed`);
    }
    const version = currentVersion(db);
    if (version > latest) {
      throw new WorkspaceTooNewError(
        `workspace ${file} has schema version ${version}, newer than this lab understands (${latest}); ` +
          'update the lab to open it; nothing was changed',
      );
    }
    return { kind: 'workspace', version };
  } catch (err) {
    if (err instanceof WorkspaceError) throw err;
    const code = (err as { code?: string }).code ?? '';
    throw new WorkspaceError(
      `workspace ${file} is damaged or unreadable (${code || (err as Error).message}); nothing was changed`,
    );
  } finally {
    db?.close();
  }
}
