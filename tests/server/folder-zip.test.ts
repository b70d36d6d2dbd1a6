/**
 * The in-memory zip of a folder pack: every regular file under one top folder, byte for byte,
 * the same bytes for the same folder, and a file that cannot be read named in the rejection
 * (before anything could have been sent).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listPackFiles, PackFileError, zipFolder } from '../../src-main/server/folder-zip';
import { tempDir } from '../workspace/temp-dir';

let tmp: ReturnType<typeof tempDir>;
let pack: string;

beforeEach(() => {
  tmp = tempDir('mcl-folder-zip-');
  pack = path.join(tmp.dir, 'pack');
  fs.mkdirSync(path.join(pack, 'data'), { recursive: true });
  fs.writeFileSync(path.join(pack, 'README.md'), '# a pack\n');
  fs.writeFileSync(path.join(pack, 'data', 'runs.json'), '[]\n');
  fs.writeFileSync(path.join(pack, 'b.bin'), Buffer.from([0, 1, 2, 255, 254]));
});
afterEach(() => tmp.cleanup());

describe('zipFolder', () => {
  it('holds every listed file under the top folder, byte for byte, and gives equal bytes twice', async () => {
    fs.symlinkSync(path.join(pack, 'README.md'), path.join(pack, 'link.md'));
    const files = await listPackFiles(pack);
    expect(files).toEqual(['README.md', 'b.bin', 'data/runs.json']);
    const bytes = await zipFolder(pack, files, 'top');
    const entries = unzipSync(new Uint8Array(bytes));
    expect(Object.keys(entries).sort()).toEqual(['top/README.md', 'top/b.bin', 'top/data/runs.json']);
    for (const name of files)
      expect(Buffer.from(entries[`top/${name}`] as Uint8Array).equals(fs.readFileSync(path.join(pack, name))), name).toBe(true);
    expect((await zipFolder(pack, files, 'top')).equals(bytes)).toBe(true);
  });

  it('rejects naming a file that vanished after the listing, with its error code', async () => {
    const files = await listPackFiles(pack);
    fs.rmSync(path.join(pack, 'data', 'runs.json'));
    const failure = await zipFolder(pack, files, 'top').then(
      () => null,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(PackFileError);
    expect(failure).toMatchObject({ file: 'data/runs.json', message: 'cannot read data/runs.json: no such file or folder (ENOENT)' });
    expect(((failure as PackFileError).cause as NodeJS.ErrnoException).code).toBe('ENOENT');
  });
});
