/** The lab's version as package.json states it; stored with every run. */
import * as fs from 'node:fs';
import * as path from 'node:path';

let cached: string | null = null;

export function appVersion(): string {
  if (cached) return cached;
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      cached = String((JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: string }).version ?? 'unknown');
      return cached;
    }
    dir = path.dirname(dir);
  }
  cached = 'unknown';
  return cached;
}
