/**
 * Errors a user can act on when a workspace file cannot be used. They carry one clear sentence
 * (the CLI prints it as `modcomp: ...` and exits 2); none of them is raised after a partial write.
 */
import { SqliteError } from 'better-sqlite3';

export class WorkspaceError extends Error {
  override name = 'WorkspaceError';
}

/** The file belongs to a newer version of the lab: opening it would need a schema we do not know. */
export class WorkspaceTooNewError extends WorkspaceError {
  override name = 'WorkspaceTooNewError';
}

/**
 * Turns SQLite's codes into sentences naming the file and what to do. Every write runs inside a
 * transaction, so "nothing from this change was saved" holds whenever one of these is thrown.
 */
export function explainSqliteError(file: string, action: string, err: unknown, outcome = 'nothing from this change was saved'): Error {
  if (!(err instanceof SqliteError) && !hasCode(err)) return err instanceof Error ? err : new Error(String(err));
  const code = (err as { code: string }).code;
  const why = (() => {
    if (code.startsWith('SQLITE_FULL')) return 'the disk is full';
    if (code.startsWith('SQLITE_READONLY')) return 'the file or its folder is read-only';
    if (code.startsWith('SQLITE_CANTOPEN')) return 'the file cannot be opened (missing folder or no permission)';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'another process kept the workspace busy for too long';
    if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) return 'the file is damaged or not a workspace';
    if (code.startsWith('SQLITE_IOERR')) return `a disk input/output error occurred (${code})`;
    if (code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_AUTH')) return 'permission denied';
    // A plain SQLITE_ERROR on a file that passed the open checks: its tables are not as this lab wrote them.
    if (code === 'SQLITE_ERROR') return `the file is damaged (${(err as Error).message})`;
    return `${code}: ${(err as Error).message}`;
  })();
  return new WorkspaceError(`workspace ${file}: cannot ${action}: ${why}; ${outcome}`);
}

function hasCode(err: unknown): boolean {
  return (
    err instanceof Error &&
    typeof (err as { code?: unknown }).code === 'string' &&
    /^SQLITE_/.test(String((err as unknown as { code: string }).code))
  );
}
