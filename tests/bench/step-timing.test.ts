import { describe, expect, it } from 'vitest';
import { stepTimedSecondsPerStep } from '../../src-main/bench/step-timing';

describe('timing a single run from its progress reports', () => {
  // Data generation and the start record take 30 s; steps take 5 s each; the end record 20 s.
  const reports = [
    { stepsDone: 1, seconds: 35 },
    { stepsDone: 2, seconds: 40 },
    { stepsDone: 3, seconds: 45 },
    { stepsDone: 4, seconds: 70 },
  ];

  it('times the steps between the first and the last report inside the run', () => {
    expect(stepTimedSecondsPerStep(1, 4, reports)).toBeCloseTo(5);
  });

  it('leaves out the final report, which carries the end record', () => {
    expect(stepTimedSecondsPerStep(1, 4, reports)).not.toBeCloseTo((70 - 35) / 3);
  });

  it('says nothing for a batch of runs or with fewer than two reports inside the run', () => {
    expect(stepTimedSecondsPerStep(64, 4, reports)).toBeNull();
    expect(stepTimedSecondsPerStep(1, 4, [reports[0]!, reports[3]!])).toBeNull();
    expect(stepTimedSecondsPerStep(1, 4, [])).toBeNull();
  });
});
