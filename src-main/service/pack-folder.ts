/** Where a figure pack goes when the request names no folder: beside the workspace, one fresh folder per export. */
import * as fs from 'node:fs';
import * as path from 'node:path';

export function defaultPackFolder(workspaceFile: string, source: { runId?: number; sweepId?: number }, now = new Date()): string {
  const dir = path.dirname(workspaceFile);
  const name = path.basename(workspaceFile, path.extname(workspaceFile));
  const what = source.runId !== undefined ? `run-${source.runId}` : `sweep-${source.sweepId}`;
  // ISO time without the separators some file systems refuse (":" on Windows).
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const base = path.join(dir, `${name}-packs`, `${what}-${stamp}`);
  // Two exports within one second get their own folders too.
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!fs.existsSync(candidate)) return candidate;
  }
}
