import { describe, expect, it } from 'vitest';
import { executedGemmFlopsPerStep, findCase } from '../../src-main/bench/cases';
import type { EngineOutcome } from '../../src-main/bench/engine-result';
import { caseReport, formatMarkdown, formatTable, type MachineLimits } from '../../src-main/bench/report';

const single = findCase('paper-single');

function measured(engine: string, secondsPerStep: number): EngineOutcome {
  return {
    status: 'measured',
    result: { case: single.name, engine: engine as 'native', steps: 200, secondsPerStep, gflops: 0, peakRssBytes: 1 },
  };
}

const limits: MachineLimits = {
  sgemm: { status: 'measured', rate: { n: 4096, gflops: 200, blas: 'OpenBLAS', python: 'python3' } },
  fmaPeak: { status: 'measured', peak: { gflops: 230, threads: 2, isa: 'AVX2 + FMA' } },
};
const context = { steps: 200, repeats: 3, otherCpuLoadBefore: 0 };

describe('the bench table', () => {
  const report = caseReport(single, context, { native: measured('native', 2.5e-3), peers: { numpy: measured('numpy', 4.2e-3) } }, limits);

  it('bounds the lead by the native products at the FMA peak', () => {
    const productsAtPeak = executedGemmFlopsPerStep(single) / 230e9;
    expect(report.leadBound).toBeCloseTo(4.2e-3 / productsAtPeak, 6);
    expect(report.ratio).toBeCloseTo(1.68, 2);
  });

  it('shows the bound beside the lead and says what it means, in the terminal and in Markdown', () => {
    const bound = `${(report.leadBound as number).toFixed(2)}x`;
    for (const text of [formatTable([report], limits), formatMarkdown([report], limits)]) {
      expect(text).toContain('largest lead possible');
      expect(text).toContain(bound);
      expect(text).toContain('1.68x (NumPy)');
      expect(text).toMatch(/FMA peak: AVX2 \+ FMA multiply-adds alone on 2 threads ran at 230\.0 GFLOP\/s/);
    }
  });

  it('leaves the bound out, and says why, when the probe could not run', () => {
    const noProbe: MachineLimits = { ...limits, fmaPeak: { status: 'skipped', reason: 'no C++ compiler built the probe: not found' } };
    const r = caseReport(single, context, { native: measured('native', 2.5e-3), peers: { numpy: measured('numpy', 4.2e-3) } }, noProbe);
    expect(r.leadBound).toBeNull();
    expect(formatTable([r], noProbe)).toContain('FMA peak skipped: no C++ compiler built the probe');
  });
});
