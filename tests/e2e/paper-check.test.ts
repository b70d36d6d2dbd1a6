/**
 * End to end: the "Paper check" view in Chromium against the lab server on a fresh workspace.
 * A long trial check is started and cancelled while its progress shows; then a tiny trial check
 * (2 seeds per claim, 1 seed per map cell, every run shrunk to 60 steps, d = 16, m = 4) runs to
 * the end, and the test reads what a person reads: one card per claim with its title, verdict
 * word and measurements with intervals as the check's own report words them, the trial warning,
 * the regime maps, and links to the sweeps behind the claims. Its verdicts mean nothing (the
 * runs are far too small); they are compared with the lab's report, not with the theory.
 * Screenshots go to test-output/e2e/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { CheckReportDto } from '../../src-main/api/lab-api';
import { measuredText, thresholdText } from '../../src-main/science/check-text';
import type { StatisticResult } from '../../src-main/science/paper-check';
import { eventually, startLab, waitForEvent, type Lab } from './lab-harness';

const TINY = 'train.steps=60, data.d=16, data.nTest=32, model.m=4, train.recordEvery=5';
const LONG = 'train.steps=3000000, data.d=16, data.nTest=32, model.m=4, train.recordEvery=1000';

let lab: Lab;
let page: Page;

beforeAll(async () => {
  lab = await startLab();
  page = lab.page;
});

afterAll(async () => {
  await lab?.close();
});

async function fillForm(trial: string, options: { maps: boolean }): Promise<void> {
  await page.getByTestId('check-seeds').fill('2');
  await page.getByTestId('check-seed-start').fill('101');
  if ((await page.getByTestId('check-maps').isChecked()) !== options.maps) await page.getByTestId('check-maps').click();
  await page.getByTestId('check-map-seeds').fill('1');
  await page.getByTestId('check-backend').selectOption('cpu');
  await page.getByTestId('check-trial').fill(trial);
}

describe('the paper check view', () => {
  it('opens from its tab with nothing run yet', async () => {
    await page.goto(lab.server.url);
    await page.getByTestId('tab-check').click();
    await eventually(() => page.getByTestId('check-none').count()).toBe(1);
    expect(await page.getByTestId('tab-check').textContent()).toBe('Paper check');
  });

  it('refuses a bad trial setting with a message naming it, and starts nothing', async () => {
    await fillForm('train.steps=-5', { maps: false });
    await page.getByTestId('start-check').click();
    await eventually(() => page.getByTestId('check-error').textContent()).toMatch(/train\.steps/);
    expect((await lab.service.checkState()).status).toBe('idle');
    expect(await lab.service.listSweeps()).toEqual([]);
  });

  it('shows live progress of a long check and cancels it', async () => {
    await fillForm(LONG, { maps: false });
    const progressed = waitForEvent(lab.service, (e) => e.type === 'check-progress');
    await page.getByTestId('start-check').click();
    await progressed;
    const bar = page.getByTestId('check-progress').locator('progress');
    await eventually(() => bar.getAttribute('data-total')).toBe(String(2 + 9 * 2 + 5 * 2));
    expect(await page.getByTestId('check-progress').textContent()).toMatch(/of 30 runs, sweep 1 of 7 \(competition\)/);
    expect(await page.getByTestId('start-check').isDisabled()).toBe(true);
    await lab.screenshot('paper-check-running');
    const ended = waitForEvent(lab.service, (e) => e.type === 'check-ended');
    await page.getByTestId('cancel-check').click();
    expect(await ended).toMatchObject({ status: 'cancelled' });
    await eventually(() => page.getByTestId('check-progress').textContent()).toContain(
      'cancelled; start again with the same options to continue',
    );
    expect(await page.getByTestId('start-check').isDisabled()).toBe(false);
  });

  it('runs a tiny trial check and shows a card per claim as the report words it', async () => {
    await fillForm(TINY, { maps: true });
    const ended = waitForEvent(lab.service, (e) => e.type === 'check-ended', 120_000);
    await page.getByTestId('start-check').click();
    expect(await ended).toMatchObject({ status: 'finished' });
    await eventually(() => page.getByTestId('check-summary').count()).toBe(1);
    const state = await lab.service.checkState();
    const report = state.report as CheckReportDto;
    expect(report.options.seedStart).toBe(101);

    // One card per claim, in the report's order, with its title and verdict word.
    const cards = page.locator('[data-testid^="claim-card-"]');
    await eventually(() => cards.count()).toBe(report.claims.length);
    expect(report.claims.map((c) => c.id)).toEqual(['C1', 'C2', 'C3', 'C4', 'C5', 'C6']);
    const titles = await page.getByTestId('claim-title').allTextContents();
    expect(titles).toEqual(report.claims.map((c) => `${c.id} ${c.title}`));
    const verdicts = await page.getByTestId('claim-verdict').allTextContents();
    expect(verdicts).toEqual(report.claims.map((c) => (c.verdict === 'no data' ? 'NO DATA' : c.verdict.toUpperCase())));
    for (const word of verdicts) expect(['PASS', 'FAIL', 'NO DATA']).toContain(word);

    // Every statistic's measurement with its interval and threshold, in the CLI report's words.
    for (const claim of report.claims) {
      const card = page.getByTestId(`claim-card-${claim.id}`);
      expect(await card.locator('[data-testid^="statistic-"][data-testid$="measured"]').count()).toBe(claim.statistics.length);
      for (const id of claim.statistics) {
        const stat = report.statistics.find((s) => s.id === id) as StatisticResult;
        const row = card.getByTestId(`statistic-${id}`);
        expect(await row.getByTestId('statistic-measured').textContent()).toBe(measuredText(stat.estimate));
        expect(await row.getByTestId('statistic-threshold').textContent()).toBe(thresholdText(stat));
        if (stat.estimate.kind === 'rate')
          expect(await row.getByTestId('statistic-measured').textContent()).toMatch(/^\d+% \(\d+\/\d+\) \[\d+%, \d+%\]$/);
      }
      // Its evidence: a bar per statistic, rates and means on their own charts.
      const bars = await card
        .locator('[data-testid^="claim-bars-"]')
        .evaluateAll((nodes) => nodes.reduce((n, node) => n + Number(node.getAttribute('data-bars')), 0));
      expect(bars).toBe(claim.statistics.length);
    }

    // The trial says it is one, and the regime maps are drawn as grids with their boundaries counted.
    expect(await page.getByTestId('check-trial-warning').textContent()).toBe(
      `A trial, not the paper check: every run changed from its preset by ${TINY}.`,
    );
    expect(await page.locator('[data-testid^="regime-map-"]').count()).toBe(report.maps.length);
    expect(report.maps.length).toBe(8);
    for (const map of report.maps) {
      for (const rate of ['C1', 'C2a', 'C2b']) {
        const grid = page.getByTestId(`map-${map.key}-${rate}`);
        expect(await grid.locator('td').count()).toBe(map.cells.length);
      }
    }
    await lab.screenshot('paper-check-finished');
  });

  it('links each claim to the sweeps and runs behind it', async () => {
    const report = (await lab.service.checkState()).report as CheckReportDto;
    const competition = report.sweeps.find((s) => s.key === 'competition')!;
    const card = page.getByTestId('claim-card-C2');
    expect(await card.getByTestId('claim-links').innerText()).toContain(`sweep #${competition.sweepId} competition`);
    expect(await card.getByTestId('claim-links').innerText()).toContain(`${competition.finished} of ${competition.runs} runs`);
    await eventually(() => card.getByTestId(`open-check-run-${competition.sweepId}`).count()).toBe(1);
    await card.getByTestId(`open-check-sweep-${competition.sweepId}`).click();
    await eventually(() => page.getByTestId('view-sweep').count()).toBe(1);
    expect(page.url()).toContain(`sweep=${competition.sweepId}`);
    await page.getByTestId('tab-check').click();
    await page.getByTestId('claim-card-C2').getByTestId(`open-check-run-${competition.sweepId}`).click();
    await eventually(() => page.getByTestId('view-live').count()).toBe(1);
  });

  it('saw no Content-Security-Policy violation and no page error', () => {
    expect(lab.problems).toEqual([]);
  });
});
