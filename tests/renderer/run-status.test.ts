import { describe, expect, it } from 'vitest';
import { trainingStatus } from '../../src-renderer/views/run-status';

describe('which mode trains now', () => {
  it('names the mode in training and its step while the joint run is done and another mode waits', () => {
    const progress = { joint: { stepsDone: 4000, stepsTotal: 4000 }, 'unimodal:0': { stepsDone: 1200, stepsTotal: 4000 } };
    expect(trainingStatus(['joint', 'unimodal:0', 'unimodal:1'], progress)).toBe(
      'training unimodal:0, step 1200 of 4000; done: joint; waiting: unimodal:1',
    );
    expect(trainingStatus(['joint'], {})).toBe('waiting: joint');
  });
});
