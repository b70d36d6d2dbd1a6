import type { Reporter, SerializedError, TestModule, Vitest } from 'vitest/node';

/**
 * Ends the run with one plain line, "N passed, N failed, N skipped", because CI reads that
 * form and vitest's own summary has a different shape. Runs after the default reporter, which
 * still prints the details. A file that fails before any test runs (a broken import) and an
 * unhandled error both count as one failure each, so the line never reads "0 failed" on a run
 * that vitest fails.
 */
export default class ClosingLineReporter implements Reporter {
  private vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const module of testModules) {
      let failedHere = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failedHere++;
        else if (state === 'skipped') skipped++;
      }
      if (failedHere === 0 && module.state() === 'failed') failedHere = 1;
      failed += failedHere;
    }
    const line = `${passed} passed, ${failed} failed, ${skipped} skipped`;
    // Through vitest's logger so the line lands after the default summary, not interleaved.
    if (this.vitest) this.vitest.logger.log(line);
    else console.log(line);
  }
}
