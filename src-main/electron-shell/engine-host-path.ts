/**
 * Where the engine-host script is at run time: beside the main bundle when forge's vite build
 * made it (`.vite/build/engine-host.js`), or in the tsc output layout (`dist/src-main/engine-host/`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export function engineHostScriptPath(mainDir: string, exists: (file: string) => boolean = fs.existsSync): string {
  const candidates = [path.join(mainDir, 'engine-host.js'), path.join(mainDir, '..', 'engine-host', 'engine-host.js')];
  const found = candidates.find((file) => exists(file));
  if (!found) throw new Error(`the engine host script is missing (looked for ${candidates.join(', ')}); rebuild the app`);
  return found;
}
