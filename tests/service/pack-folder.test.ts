import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultPackFolder } from '../../src-main/service/pack-folder';
import { tempDir } from '../workspace/temp-dir';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir('mcl-packdir-');
});
afterEach(() => tmp.cleanup());

describe('default figure pack folder', () => {
  it('is a fresh folder under <workspace name>-packs beside the workspace, named by source and time', () => {
    const ws = path.join(tmp.dir, 'my lab.mcl');
    const when = new Date('2026-11-27T16:05:09.123Z');
    expect(defaultPackFolder(ws, { runId: 12 }, when)).toBe(path.join(tmp.dir, 'my lab-packs', 'run-12-20261127T160509Z'));
    expect(defaultPackFolder(ws, { sweepId: 3 }, when)).toBe(path.join(tmp.dir, 'my lab-packs', 'sweep-3-20261127T160509Z'));
    fs.mkdirSync(path.join(tmp.dir, 'my lab-packs', 'run-12-20261127T160509Z'), { recursive: true });
    expect(defaultPackFolder(ws, { runId: 12 }, when)).toBe(path.join(tmp.dir, 'my lab-packs', 'run-12-20261127T160509Z-2'));
  });
});
