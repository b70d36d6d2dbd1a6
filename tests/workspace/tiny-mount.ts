import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Mounts a small tmpfs (where this process may mount: root in a container that allows it),
 * for real full-disk and read-only-folder tests. Returns null where mounting is not allowed;
 * the injected-error tests cover those machines.
 */
export function tryMountTmpfs(sizeKb: number): { dir: string; remount(options: string): boolean; unmount(): void } | null {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcl-mnt-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir]);
  if (mounted.status !== 0) {
    fs.rmdirSync(dir);
    return null;
  }
  return {
    dir,
    remount: (options) => spawnSync('mount', ['-o', `remount,${options}`, dir]).status === 0,
    unmount() {
      spawnSync('umount', [dir]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
