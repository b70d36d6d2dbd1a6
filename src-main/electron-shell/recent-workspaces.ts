/**
 * The "Open Recent" list: a small JSON file in the app's userData folder, newest first. What
 * is read back is validated (a JSON object with an array of absolute paths); a file that fails
 * is set aside as `<name>.corrupt` (kept, not deleted) and the list starts empty, with the
 * reason, so a damaged file can never feed a strange path to the workspace opener.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';

export const RECENT_LIMIT = 10;
export const RECENT_FILE = 'recent-workspaces.json';

const recentFileSchema = z.strictObject({
  version: z.literal(1),
  workspaces: z
    .array(
      z
        .string()
        .min(1)
        .max(4096)
        .refine((p) => path.isAbsolute(p) && !p.includes('\0'), { message: 'expected an absolute path' }),
    )
    .max(100),
});

export interface RecentLoad {
  workspaces: string[];
  /** Why the stored list was not used, when it was not. */
  problem: string | null;
}

export function readRecent(file: string): RecentLoad {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { workspaces: [], problem: null };
    return { workspaces: [], problem: `cannot read ${file}: ${(err as Error).message}` };
  }
  let problem: string;
  try {
    const parsed = recentFileSchema.safeParse(JSON.parse(text));
    if (parsed.success) return { workspaces: dedupe(parsed.data.workspaces).slice(0, RECENT_LIMIT), problem: null };
    const issue = parsed.error.issues[0];
    problem = `${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'invalid'}`;
  } catch (err) {
    problem = `not JSON (${(err as Error).message})`;
  }
  const aside = `${file}.corrupt`;
  try {
    fs.renameSync(file, aside);
  } catch {
    // Leaving it in place is fine: it is rewritten on the next successful open.
  }
  return { workspaces: [], problem: `the recent-workspaces list ${file} was ignored (${problem}); kept as ${aside}` };
}

function dedupe(paths: string[]): string[] {
  return [...new Set(paths.map((p) => path.resolve(p)))];
}

/** Writes atomically (temporary file, then rename), so a crash never leaves half a list. */
export function writeRecent(file: string, workspaces: string[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify({ version: 1, workspaces: workspaces.slice(0, RECENT_LIMIT) }, null, 2)}\n`);
  fs.renameSync(tmp, file);
}

/** `workspace` moved to the front; duplicates and the overflow dropped. */
export function withRecent(list: string[], workspace: string): string[] {
  const resolved = path.resolve(workspace);
  return [resolved, ...list.filter((p) => p !== resolved)].slice(0, RECENT_LIMIT);
}

export function withoutRecent(list: string[], workspace: string): string[] {
  const resolved = path.resolve(workspace);
  return list.filter((p) => p !== resolved);
}

/** The workspace to open at start: the newest recent one that still exists, else the default. */
export function startupWorkspace(recent: string[], fallback: string, exists: (p: string) => boolean = fs.existsSync): string {
  return recent.find((p) => exists(p)) ?? fallback;
}

/** The list in memory and on disk together; the OS's own recent-documents list is told too. */
export class RecentWorkspaces {
  private items: string[];

  constructor(
    private readonly file: string,
    private readonly hooks: { addToSystem?: (workspace: string) => void; clearSystem?: () => void; warn?: (message: string) => void } = {},
  ) {
    const loaded = readRecent(file);
    this.items = loaded.workspaces;
    if (loaded.problem) this.hooks.warn?.(loaded.problem);
  }

  list(): string[] {
    return [...this.items];
  }

  add(workspace: string): void {
    this.items = withRecent(this.items, workspace);
    this.hooks.addToSystem?.(path.resolve(workspace));
    this.persist();
  }

  remove(workspace: string): void {
    this.items = withoutRecent(this.items, workspace);
    this.persist();
  }

  clear(): void {
    this.items = [];
    this.hooks.clearSystem?.();
    this.persist();
  }

  private persist(): void {
    try {
      writeRecent(this.file, this.items);
    } catch (err) {
      // The list is a convenience; failing to save it must not fail the open that caused it.
      this.hooks.warn?.(`could not save the recent-workspaces list ${this.file}: ${(err as Error).message}`);
    }
  }
}
