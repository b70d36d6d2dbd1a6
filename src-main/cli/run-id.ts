/** Parses run ids given on the command line (`12`, or several). */
import { UsageError } from './usage-error';

export function parseRunId(text: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1)
    throw new UsageError(`"${text}" is not a run id (a positive whole number; see \`modcomp list\`)`);
  return Number(text);
}
