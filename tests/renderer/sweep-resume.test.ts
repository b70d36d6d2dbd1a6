import { describe, expect, it } from 'vitest';
import { canResume, unfinishedRuns, type ResumeRow } from '../../src-renderer/lib/sweeps/sweep-resume';

const row = (runs: Record<string, number>, active: ResumeRow['active'] = null): ResumeRow => ({ cellCount: 4, seeds: 2, runs, active });

describe('resuming a sweep from the app', () => {
  it('offers it when runs were cancelled, interrupted, failed or never started', () => {
    expect(canResume(row({ finished: 5, cancelled: 3 }), false)).toBe(true);
    expect(canResume(row({ finished: 7, interrupted: 1 }), false)).toBe(true);
    expect(canResume(row({ finished: 7, failed: 1 }), false)).toBe(true);
    expect(canResume(row({ finished: 2 }), false)).toBe(true);
    expect(canResume(row({}), false)).toBe(true);
    expect(unfinishedRuns(row({ finished: 5, cancelled: 3 }))).toBe(3);
  });

  it('does not offer it once every run finished', () => {
    expect(canResume(row({ finished: 8 }), false)).toBe(false);
    expect(unfinishedRuns(row({ finished: 8 }))).toBe(0);
  });

  it('does not offer it while the sweep runs, here or in another process', () => {
    expect(canResume(row({ finished: 2, running: 2 }, { done: 2, total: 8, etaSeconds: null }), false)).toBe(false);
    expect(canResume(row({ finished: 2, cancelled: 6 }), true)).toBe(false);
    expect(canResume(row({ finished: 2, running: 2 }), false)).toBe(false);
    expect(canResume(row({ finished: 2, queued: 2 }), false)).toBe(false);
  });
});
