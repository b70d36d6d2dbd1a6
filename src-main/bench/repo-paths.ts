import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root, found from this file whether it runs as TS (vitest) or from dist/. */
export function repositoryRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    dir = path.dirname(dir);
  }
  return process.cwd();
}
