/**
 * Why a file operation failed, for a message a person reads: a plain phrase for the common errno
 * codes, with the code kept in parentheses for searching ("no such file or folder (ENOENT)");
 * any other code as it is, and an error without one by its message.
 */
const PHRASES: Record<string, string> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
};

export function fsFailure(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (typeof code === 'string') return PHRASES[code] ? `${PHRASES[code]} (${code})` : code;
  return err instanceof Error ? err.message : String(err);
}
