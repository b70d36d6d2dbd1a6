/** The `--workspace FILE` option shared by the lab commands, and the default location. */
import { defaultWorkspacePath } from '../workspace/default-location';
import { Workspace } from '../workspace/workspace';

export const WORKSPACE_HELP = `workspace file (default: ${defaultWorkspacePath()})`;

export function openWorkspace(file: string | undefined): Workspace {
  return Workspace.open(file ?? defaultWorkspacePath());
}

/** Opens, runs `body`, and always closes (so the WAL is checkpointed and the file left tidy). */
export async function withWorkspace<T>(file: string | undefined, body: (ws: Workspace) => T | Promise<T>): Promise<T> {
  const ws = openWorkspace(file);
  try {
    return await body(ws);
  } finally {
    ws.close();
  }
}
