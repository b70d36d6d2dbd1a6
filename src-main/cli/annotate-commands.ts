/** `modcomp tag RUN TAG...` (or --remove) and `modcomp note RUN TEXT`. */
import type { CliIo } from './cli-io';
import { parseRunId } from './run-id';
import { UsageError } from './usage-error';
import { withWorkspace } from './workspace-option';

const TAG_PATTERN = /^[\p{L}\p{N}_.:\-/]{1,64}$/u;

export async function tagCommand(
  runText: string,
  tags: string[],
  opts: { workspace?: string; remove: boolean; json: boolean },
  io: CliIo,
): Promise<number> {
  const id = parseRunId(runText);
  for (const tag of tags) {
    if (!TAG_PATTERN.test(tag)) throw new UsageError(`tag "${tag}" must be 1-64 letters, digits or _ . : - /`);
  }
  return withWorkspace(opts.workspace, 'existing', (ws) => {
    if (opts.remove) ws.removeTags(id, tags);
    else ws.addTags(id, tags);
    const now = ws.getRun(id)?.tags ?? [];
    io.out(opts.json ? JSON.stringify({ id, tags: now }) + '\n' : `run ${id} tags: ${now.join(', ') || '(none)'}\n`);
    return 0;
  });
}

export async function noteCommand(runText: string, text: string, opts: { workspace?: string; json: boolean }, io: CliIo): Promise<number> {
  const id = parseRunId(runText);
  if (text.trim().length === 0) throw new UsageError('the note is empty');
  if (text.length > 10_000) throw new UsageError('the note is longer than 10000 characters');
  return withWorkspace(opts.workspace, 'existing', (ws) => {
    ws.addNote(id, text);
    io.out(opts.json ? JSON.stringify({ id, note: text }) + '\n' : `note added to run ${id}\n`);
    return 0;
  });
}
