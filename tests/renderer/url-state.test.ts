import { describe, expect, it } from 'vitest';
import { DEFAULT_LINK, formatHash, parseHash } from '../../src-renderer/lib/state/url-state';

describe('link state in the hash', () => {
  it('round-trips view, run, sweep, cell and metric', () => {
    const state = { view: 'sweep' as const, runId: 12, sweepId: 3, cellIndex: 0, sweepMetric: 'gap', setting: null };
    expect(parseHash(formatHash(state))).toEqual(state);
  });

  it('links to the science page at a setting', () => {
    const state = { ...DEFAULT_LINK, view: 'science' as const, setting: 'data.P' };
    expect(formatHash(state)).toBe('#view=science&setting=data.P');
    expect(parseHash(formatHash(state))).toEqual(state);
    // A setting nested two sections deep (the remedies' OGM knobs) is linked too.
    expect(parseHash('#view=science&setting=remedies.ogm.alpha').setting).toBe('remedies.ogm.alpha');
    // Another view's address does not carry the setting along.
    expect(formatHash({ ...state, view: 'editor' })).toBe('#view=editor');
  });

  it('falls back to the defaults for anything malformed', () => {
    expect(parseHash('#view=nope&run=-4&sweep=1.5&cell=x&metric=win:abc')).toEqual(DEFAULT_LINK);
    expect(parseHash('')).toEqual(DEFAULT_LINK);
    expect(parseHash('#run=0').runId).toBeNull();
    expect(parseHash('#view=science&setting=data.P"><b').setting).toBeNull();
    expect(parseHash('#view=science&setting=a.b.c.d').setting).toBeNull();
  });
});
