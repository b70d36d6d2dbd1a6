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
/** The tables every workspace from schema version 1 on holds. */
const V1_TABLES = [
  'schema_version',
  'experiments',
  'sweeps',
  'sweep_cells',
  'runs',
  'run_summaries',
  'scalar_name_lists',
  'series_chunks',
  'tags',
  'notes',
];

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
  // A read-only look at a file in WAL mode makes SQLite create its -wal and -shm files beside it;
  // when the file is refused, the folder is left as it was.
  const sidecars = ['-wal', '-shm'].map((suffix) => file + suffix).filter((f) => !fs.existsSync(f));
  let refused = false;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const appId = db.pragma('application_id', { simple: true }) as number;
    const tables = (db.prepare('SELECT count(*) AS n FROM sqlite_master').get() as { n: number }).n;
    if (appId !== APPLICATION_ID) {
      if (appId === 0 && tables === 0) return { kind: 'empty' };
      throw new WorkspaceError(`${file} is an SQLite file but not a Modality Competition Lab workspace; nothing was changed`);
    }
    const hasVersionTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get();
    if (hasVersionTable && !db.prepare('SELECT version FROM schema_version').get()) {
      throw new WorkspaceError(
        `workspace ${file} is damaged (its schema version is missing); restore a backup or start a new workspace; nothing was changed`,
      );
    }
    const version = currentVersion(db);
    // A file at a known version must hold every table of it: a dropped table would otherwise
    // surface later as a raw "no such table" in whichever command read it first.
    const present = new Set(
      (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name),
    );
    const missing = version >= 1 ? V1_TABLES.filter((t) => !present.has(t)) : [];
    if (missing.length) {
      throw new WorkspaceError(
        `workspace ${file} is damaged (its table${missing.length === 1 ? '' : 's'} ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing); restore a backup or start a new workspace; nothing was changed`,
      );
    }
    if (version > latest) {
      throw new WorkspaceTooNewError(
        `workspace ${file} has schema version ${version}, newer than this lab understands (${latest}); ` +
          'update the lab to open it; nothing was changed',
      );
    }
    return { kind: 'workspace', version };
  } catch (err) {
    refused = true;
    if (err instanceof WorkspaceError) throw err;
    const code = (err as { code?: string }).code ?? '';
    throw new WorkspaceError(`workspace ${file} is damaged or unreadable (${code || (err as Error).message}); nothing was changed`);
  } finally {
    db?.close();
    if (refused) for (const f of sidecars) fs.rmSync(f, { force: true });
  }
}
