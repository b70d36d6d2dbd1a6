/** The `--workspace FILE` option shared by the lab commands, and the default location. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultWorkspacePath } from '../workspace/default-location';
import { Workspace } from '../workspace/workspace';
import { UsageError } from './usage-error';

export const WORKSPACE_HELP = `workspace file (default: ${defaultWorkspacePath()})`;

/**
 * How a command uses its workspace. Commands that record (run, sweep, import-pack) create it
 * where it is missing; commands that read or annotate what is recorded (list, show, export, tag,
 * note, rm) need it to exist, so a mistyped path is an error instead of a new empty workspace
 * (and new folders) that then reports "no runs".
 */
export type WorkspaceUse = 'create' | 'existing';

export function openWorkspace(file: string | undefined, use: WorkspaceUse): Workspace {
  const target = file ?? defaultWorkspacePath();
  if (use === 'existing' && !fs.existsSync(target)) {
    const which = file === undefined ? 'default workspace' : 'workspace';
    throw new UsageError(
      `there is no ${which} at ${path.resolve(target)}; check --workspace (a workspace is made by ` +
        '`modcomp run --workspace FILE`, `modcomp sweep` or `modcomp import-pack`)',
    );
  }
  return Workspace.open(target, { mustExist: use === 'existing' });
}

/** Opens, runs `body`, and always closes (so the WAL is checkpointed and the file left tidy). */
export async function withWorkspace<T>(file: string | undefined, use: WorkspaceUse, body: (ws: Workspace) => T | Promise<T>): Promise<T> {
  const ws = openWorkspace(file, use);
  try {
    return await body(ws);
  } finally {
    ws.close();
  }
}
