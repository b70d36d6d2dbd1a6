import { describe, expect, it } from 'vitest';
import { fsFailure } from '../../src-main/common/fs-failure';

function errnoError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: something, open '/x'`), { code });
}

describe('fsFailure: why a file operation failed, in words', () => {
  it('gives the common codes a phrase and keeps the code for searching', () => {
    expect(fsFailure(errnoError('ENOENT'))).toBe('no such file or folder (ENOENT)');
    expect(fsFailure(errnoError('EISDIR'))).toBe('it is a folder (EISDIR)');
    expect(fsFailure(errnoError('EACCES'))).toBe('permission denied (EACCES)');
  });

  it('keeps an unlisted code as it is, and falls back to the message or the value', () => {
    expect(fsFailure(errnoError('ELOOP'))).toBe('ELOOP');
    expect(fsFailure(new Error('disk on fire'))).toBe('disk on fire');
    expect(fsFailure('plain text')).toBe('plain text');
    expect(fsFailure(null)).toBe('null');
  });
});
