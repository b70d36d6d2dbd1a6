/**
 * What the packaged app must carry besides the vite bundles: the production dependencies the
 * main bundle leaves external (vite.main.config.ts) with everything they depend on, the built
 * renderer, and the native engine addon. Used by forge.config.ts to build electron-packager's
 * `ignore` filter, since the forge vite plugin's own filter keeps only `.vite/`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

interface Manifest {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

function readManifest(dir: string): Manifest | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;
  } catch {
    return null;
  }
}

/**
 * Folder of package `name` as Node would resolve it from `fromDir` (nearest node_modules up
 * to the project root), or null when it is not installed (an optional dependency for another
 * platform, say).
 */
function locate(projectDir: string, fromDir: string, name: string): string | null {
  let dir = fromDir;
  for (;;) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.resolve(dir) === path.resolve(projectDir)) return null;
    const up = path.dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

/** Package folders (relative to the project, `/`-separated) needed at run time, sorted. */
export function runtimeModuleDirs(projectDir: string): string[] {
  const root = readManifest(projectDir);
  if (!root) throw new Error(`no package.json in ${projectDir}`);
  const found = new Set<string>();
  const queue: { from: string; name: string }[] = Object.keys(root.dependencies ?? {}).map((name) => ({ from: projectDir, name }));
  while (queue.length > 0) {
    const { from, name } = queue.shift()!;
    const dir = locate(projectDir, from, name);
    if (!dir) continue;
    const relative = path.relative(projectDir, dir).split(path.sep).join('/');
    if (found.has(relative)) continue;
    found.add(relative);
    const manifest = readManifest(dir);
    for (const dep of [...Object.keys(manifest?.dependencies ?? {}), ...Object.keys(manifest?.optionalDependencies ?? {})]) {
      queue.push({ from: dir, name: dep });
    }
  }
  return [...found].sort();
}

/**
 * electron-packager's `ignore` function: true drops the path. `kept` are project-relative
 * files or folders whose whole subtree is kept; their parent folders are kept too (a dropped
 * folder would drop its subtree).
 */
export function packageFilter(kept: string[]): (file: string) => boolean {
  const keep = kept.map((k) => `/${k.replace(/^\/+|\/+$/g, '')}`);
  return (file: string): boolean => {
    if (!file || file === '/package.json') return false;
    for (const k of keep) {
      if (file === k || file.startsWith(`${k}/`)) return false;
      if (k.startsWith(`${file}/`)) return false;
    }
    return true;
  };
}
