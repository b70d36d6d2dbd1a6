/** Where the built renderer lives: dist-renderer/ at the repository (or installed package) root. */
import * as fs from 'node:fs';
import * as path from 'node:path';

export function defaultStaticDir(): string {
  // Works from src-main/server (TypeScript sources) and from dist/src-main/server (compiled).
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'dist-renderer');
    dir = path.dirname(dir);
  }
  return path.resolve('dist-renderer');
}
