/** Errors that mean "the user asked for something invalid": exit code 2 and one line, no stack. */
import { ConfigError } from '../config/validate';
import { EngineUnavailableError, RunRefusedError } from '../engine/select-engine';
import { isInputFileError } from '../io/import-data';
import { WorkspaceError } from '../workspace/workspace-errors';
import { QueueUrlError } from '../sweeps/queue/queue-url';
import { QueueUnreachableError } from '../sweeps/queue/redis-connection';

export class UsageError extends Error {
  override name = 'UsageError';
}

export function isUsageError(err: unknown): boolean {
  return (
    err instanceof UsageError ||
    err instanceof ConfigError ||
    err instanceof EngineUnavailableError ||
    err instanceof RunRefusedError ||
    err instanceof WorkspaceError ||
    err instanceof QueueUrlError ||
    err instanceof QueueUnreachableError ||
    isInputFileError(err)
  );
}

/** Exit code for a failure, and the single line to print for it. */
export function describeFailure(err: unknown): { code: number; line: string } {
  const message = err instanceof Error ? err.message : String(err);
  const oneLine = message.replace(/\s*\n\s*/g, ' ');
  if (isUsageError(err)) return { code: 2, line: `modcomp: ${oneLine}` };
  return { code: 1, line: `modcomp: internal error: ${oneLine}` };
}
