import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repositoryRoot } from './repo-paths';

/** Where `npm run bench` appends each run's table, so a regression shows as a change between runs. */
export function historyPath(): string {
  return path.join(repositoryRoot(), 'bench', 'results', 'history.md');
}

/** The commit the bench ran on, marked when the working tree had uncommitted changes. */
export function currentCommit(root = repositoryRoot()): string {
  try {
    const git = (args: string[]): string =>
      execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const commit = git(['rev-parse', '--short=12', 'HEAD']);
    return git(['status', '--porcelain', '--untracked-files=no']) === '' ? commit : `${commit} + uncommitted changes`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

export interface HistoryEntry {
  date: Date;
  commit: string;
  command: string;
  table: string;
  /** os.loadavg() when the bench started; the one at the end is read when the entry is written. */
  loadBefore: number[];
}

export function historySection(entry: HistoryEntry, loadAfter: number[] = os.loadavg()): string {
  const cpus = os.cpus();
  const load = (values: number[]): string => values.map((l) => l.toFixed(2)).join(', ');
  return [
    `## ${entry.date.toISOString()} · ${entry.commit}`,
    '',
    `\`${entry.command}\` on ${cpus[0]?.model ?? 'an unknown CPU'} (${cpus.length} logical CPUs), load average ${load(entry.loadBefore)} before the run and ${load(loadAfter)} after it.`,
    '',
    entry.table,
    '',
  ].join('\n');
}

const HEADER = '# Bench history\n\nOne section per `npm run bench`, appended by the bench itself, oldest first.\n\n';

export function appendHistory(entry: HistoryEntry, file = historyPath()): void {
  if (!fs.existsSync(file)) fs.writeFileSync(file, HEADER);
  fs.appendFileSync(file, `${historySection(entry)}\n`);
}
