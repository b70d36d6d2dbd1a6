import { describe, expect, it } from 'vitest';
import { planSweep } from '../../src-main/sweeps/sweep-spec';
import {
  baseFromEditor,
  changedSettings,
  checkDraft,
  emptyDraft,
  placeServerError,
  type SweepDraft,
} from '../../src-renderer/lib/sweeps/sweep-draft';
import { fieldDtos } from './field-dtos';

const FIELDS = fieldDtos();
const BASE = { data: { d: 16, n: 8, nTest: 32 }, model: { m: 4 }, train: { steps: 20, recordEvery: 5 }, backend: 'cpu' };

function draft(over: Partial<SweepDraft> = {}): SweepDraft {
  return {
    axes: [
      { path: 'data.alpha', mode: 'list', from: '', to: '', count: '', spacing: 'linear', values: '[1, 0.4], [1, 1.4]' },
      { path: 'model.q', mode: 'range', from: '2', to: '3', count: '2', spacing: 'linear', values: '' },
    ],
    seedCount: '3',
    firstSeed: '5',
    runsPerBatch: '4',
    name: ' grid ',
    ...over,
  };
}

describe('the new-sweep form', () => {
  it('builds a spec the lab plans into the runs it counted', () => {
    const check = checkDraft(draft(), FIELDS, BASE);
    expect(check.issues).toEqual({});
    expect(check.cells).toBe(4);
    expect(check.runs).toBe(12);
    expect(check.spec).toEqual({
      name: 'grid',
      base: { config: BASE },
      grid: [
        {
          path: 'data.alpha',
          values: [
            [1, 0.4],
            [1, 1.4],
          ],
        },
        { path: 'model.q', from: 2, to: 3, count: 2, spacing: 'linear' },
      ],
      seeds: { count: 3, start: 5 },
      runsPerBatch: 4,
    });
    const plan = planSweep(check.spec);
    expect(plan.runs).toHaveLength(12);
    expect(plan.seeds).toEqual([5, 6, 7]);
    expect(plan.name).toBe('grid');
  });

  it('leaves the name out when blank, so the lab names the sweep by its settings', () => {
    const check = checkDraft(draft({ name: '  ' }), FIELDS, BASE);
    expect(check.spec).not.toHaveProperty('name');
    expect(planSweep(check.spec).name).toBe('data.alpha x model.q');
  });

  it('keys every issue to its input and builds no spec while any is left', () => {
    const axes = draft().axes.map((a) => ({ ...a }));
    axes[1] = { ...(axes[1] as SweepDraft['axes'][number]), count: '0' };
    const check = checkDraft(draft({ axes, seedCount: '0', firstSeed: '-1', runsPerBatch: 'x', name: 'n'.repeat(201) }), FIELDS, BASE);
    expect(Object.keys(check.issues).sort()).toEqual(['axis-1-count', 'batch', 'first-seed', 'name', 'seeds']);
    expect(check.spec).toBeNull();
    expect(check.runs).toBeNull();
  });

  it('refuses the same setting twice and counts runs as soon as the numbers read', () => {
    const first = draft().axes[1] as SweepDraft['axes'][number];
    const check = checkDraft(draft({ axes: [first, { ...first, from: '4', to: '5' }] }), FIELDS, BASE);
    expect(check.issues['axis-1-path']).toBe('model.q is already swept by setting 1');
    expect(check.runs).toBe(12);
    expect(check.spec).toBeNull();
  });

  it('asks for 1 to 3 settings', () => {
    expect(checkDraft(draft({ axes: [] }), FIELDS, BASE).issues.form).toMatch(/1 to 3/);
    const axis = draft().axes[1] as SweepDraft['axes'][number];
    const four = ['model.q', 'data.n', 'model.m', 'train.eta'].map((path) => ({ ...axis, path, from: '1', to: '2', count: '1' }));
    expect(checkDraft(draft({ axes: four }), FIELDS, BASE).issues.form).toMatch(/1 to 3/);
  });

  it('starts empty, asking for a setting', () => {
    expect(checkDraft(emptyDraft(), FIELDS, BASE).issues).toEqual({ 'axis-0-path': 'choose a setting to sweep' });
  });

  it('takes the editor draft as the base without its seed, and lists what it changes', () => {
    expect(baseFromEditor({ seed: 9, model: { q: 2 } })).toEqual({ model: { q: 2 } });
    expect(changedSettings({ model: { q: 2, m: 20 }, data: { alpha: [1, 0.4] } }, FIELDS)).toEqual([
      'data.alpha = [1, 0.4]',
      'model.q = 2',
    ]);
  });
});

describe('placing a refusal from the lab', () => {
  const axes = draft().axes;
  /** The lab's own message for a spec, or the empty string when it accepts it. */
  const refusal = (spec: unknown): string => {
    try {
      planSweep(spec);
      return '';
    } catch (err) {
      return (err as Error).message;
    }
  };
  const spec = (over: Record<string, unknown>) => ({ ...checkDraft(draft(), FIELDS, BASE).spec, ...over });

  it('puts each of the lab messages beside the input it names', () => {
    const cases: [Record<string, unknown>, string][] = [
      [
        {
          grid: [
            { path: 'data.alpha', values: [[1, 2, 3]] },
            { path: 'model.q', values: [2] },
          ],
        },
        'axis-0-values',
      ],
      [
        {
          grid: [
            { path: 'data.alpha', values: [[1, 2]] },
            { path: 'model.q', from: 0.5, to: 2, count: 2 },
          ],
        },
        'axis-1-from',
      ],
      [
        {
          grid: [
            { path: 'data.alpha', values: [[1, 2]] },
            { path: 'model.q', from: 1, to: 2, count: 0 },
          ],
        },
        'axis-1-count',
      ],
      [
        {
          grid: [
            { path: 'data.alpha', values: [[1, 2]] },
            { path: 'model.q', from: 0, to: 2, count: 2, spacing: 'log' },
          ],
        },
        'axis-1-from',
      ],
      [{ seeds: { count: 0, start: 1 } }, 'seeds'],
      [{ seeds: { count: 1, start: -1 } }, 'first-seed'],
      [{ runsPerBatch: 0 }, 'batch'],
      [{ base: { config: { ...BASE, backend: 'reference' } } }, 'base'],
      [{ base: { config: { ...BASE, model: { q: -1 } } } }, 'base'],
      [{ grid: [] }, 'form'],
    ];
    for (const [over, key] of cases) {
      const message = refusal(spec(over));
      expect(message, JSON.stringify(over)).not.toBe('');
      expect([message, placeServerError(message, axes)]).toEqual([message, key]);
    }
  });

  it('falls back to the form for a message it cannot place', () => {
    expect(placeServerError('sweep 3 is already running', axes)).toBe('form');
  });
});
