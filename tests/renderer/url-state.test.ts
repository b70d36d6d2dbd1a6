import { describe, expect, it } from 'vitest';
import { DEFAULT_LINK, formatHash, parseHash } from '../../src-renderer/lib/state/url-state';

describe('link state in the hash', () => {
  it('round-trips view, run, sweep, cell and metric', () => {
    const state = { view: 'sweep' as const, runId: 12, sweepId: 3, cellIndex: 0, sweepMetric: 'gap' };
    expect(parseHash(formatHash(state))).toEqual(state);
  });

  it('falls back to the defaults for anything malformed', () => {
    expect(parseHash('#view=nope&run=-4&sweep=1.5&cell=x&metric=win:abc')).toEqual(DEFAULT_LINK);
    expect(parseHash('')).toEqual(DEFAULT_LINK);
    expect(parseHash('#run=0').runId).toBeNull();
  });
});
