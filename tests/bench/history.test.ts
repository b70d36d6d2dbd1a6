import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendHistory, historySection, type HistoryEntry } from '../../src-main/bench/history';

const entry = (commit: string): HistoryEntry => ({
  date: new Date('2026-12-07T12:00:00Z'),
  commit,
  command: 'npm run bench',
  table: '| case | native s/step |\n| --- | --- |\n| paper-single | 1.0e-2 |',
  loadBefore: [8.16, 9.52, 8.32],
});

describe('bench history', () => {
  it('heads each run with its date and commit, and gives the load average before and after it', () => {
    const text = historySection(entry('abc123'), [12.35, 10.59, 9.2]);
    expect(text).toContain('## 2026-12-07T12:00:00.000Z · abc123');
    expect(text).toContain('load average 8.16, 9.52, 8.32 before the run and 12.35, 10.59, 9.20 after it.');
    expect(text).toContain('| paper-single | 1.0e-2 |');
  });

  it('writes the file header once and appends runs oldest first', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'modcomp-history-'));
    try {
      const file = path.join(dir, 'history.md');
      appendHistory(entry('first'), file);
      appendHistory(entry('second'), file);
      const text = fs.readFileSync(file, 'utf8');
      expect(text.match(/^# Bench history$/gm)).toHaveLength(1);
      expect(text.indexOf('· first')).toBeGreaterThan(0);
      expect(text.indexOf('· second')).toBeGreaterThan(text.indexOf('· first'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
