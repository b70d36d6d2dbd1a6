/**
 * End to end: the "Remedies" view in Chromium against the lab server on a fresh workspace.
 * A long trial comparison is started and cancelled while its progress shows; then a tiny trial
 * comparison (2 seeds per arm from the quick preset, every run shrunk to 60 steps, d = 16,
 * m = 4) runs to the end, and the test reads what a person reads: the title, the column heads,
 * one row per arm named and worded as `modcomp compare-remedies` prints it, the run counts, the
 * trial warning, the links to the sweeps behind each arm, and the figure pack's export. Its rates
 * mean nothing (the runs are far too small); they are compared with the lab's report, not with
 * the science. Screenshots go to test-output/e2e/.
 */
import * as fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ComparisonReportDto } from '../../src-main/api/lab-api';
import { armName, meanText, rateText } from '../../src-main/science/comparison-text';
import { REMEDIES, type ArmResult } from '../../src-main/science/remedy-comparison';
import { eventually, startLab, waitForEvent, type Lab } from './lab-harness';

const TINY = 'train.steps=60, data.d=16, data.nTest=32, model.m=4, train.recordEvery=5';
const LONG = 'train.steps=3000000, data.d=16, data.nTest=32, model.m=4, train.recordEvery=1000';
const ARMS = REMEDIES.reduce((n, r) => n + r.values.length, 0);

let lab: Lab;
let page: Page;

beforeAll(async () => {
  lab = await startLab();
  page = lab.page;
});

afterAll(async () => {
  await lab?.close();
});

async function fillForm(trial: string): Promise<void> {
  await page.getByTestId('remedies-preset').selectOption('quick');
  await page.getByTestId('remedies-seeds').fill('2');
  await page.getByTestId('remedies-seed-start').fill('401');
  await page.getByTestId('remedies-trial').fill(trial);
}

describe('the remedies view', () => {
  it('opens from its tab with nothing run yet', async () => {
    await page.goto(lab.server.url);
    await page.getByTestId('tab-remedies').click();
    await eventually(() => page.getByTestId('remedies-none').count()).toBe(1);
    expect(await page.getByTestId('tab-remedies').textContent()).toBe('Remedies');
    expect(await page.locator('#remedies-title').textContent()).toBe('Remedy comparison');
  });

  it('refuses a bad trial setting with a message naming it, and starts nothing', async () => {
    await fillForm('train.steps=-5');
    await page.getByTestId('start-comparison').click();
    await eventually(() => page.getByTestId('remedies-error').textContent()).toMatch(/train\.steps/);
    expect((await lab.service.comparisonState()).status).toBe('idle');
    expect(await lab.service.listSweeps()).toEqual([]);
  });

  it('shows live progress of a long comparison and cancels it', async () => {
    await fillForm(LONG);
    const progressed = waitForEvent(lab.service, (e) => e.type === 'comparison-progress');
    await page.getByTestId('start-comparison').click();
    await progressed;
    const bar = page.getByTestId('remedies-progress').locator('progress');
    await eventually(() => bar.getAttribute('data-total')).toBe(String(ARMS * 2));
    expect(await page.getByTestId('remedies-progress').textContent()).toMatch(
      new RegExp(`of ${ARMS * 2} runs, remedy 1 of ${REMEDIES.length} \\(none\\)`),
    );
    expect(await page.getByTestId('start-comparison').isDisabled()).toBe(true);
    await lab.screenshot('remedies-running');
    const ended = waitForEvent(lab.service, (e) => e.type === 'comparison-ended');
    await page.getByTestId('cancel-comparison').click();
    expect(await ended).toMatchObject({ status: 'cancelled' });
    await eventually(() => page.getByTestId('remedies-progress').textContent()).toContain(
      'cancelled; start again with the same options to continue',
    );
    expect(await page.getByTestId('start-comparison').isDisabled()).toBe(false);
  });

  it('runs a tiny trial comparison and shows a row per arm as the CLI words it', async () => {
    await fillForm(TINY);
    const ended = waitForEvent(lab.service, (e) => e.type === 'comparison-ended', 120_000);
    await page.getByTestId('start-comparison').click();
    expect(await ended).toMatchObject({ status: 'finished' });
    await eventually(() => page.getByTestId('remedies-table').count()).toBe(1);
    const report = (await lab.service.comparisonState()).report as ComparisonReportDto;
    expect(report.options).toMatchObject({ preset: 'quick', seeds: 2, seedStart: 401 });

    expect(await page.getByTestId('remedies-heading').textContent()).toBe(`Preset quick: 2 seeds per arm from seed 401, f32, ${ARMS} arms`);
    expect(await page.getByTestId('remedies-losers').textContent()).toBe(
      `The plain joint run lost a modality that its unimodal run learns in ${report.seedsWithLoser} of ${report.baselineSeeds} seeds; rescue is the share of those seeds where the remedied joint run learns every such modality.`,
    );
    expect(report.baselineSeeds).toBe(2);
    expect(await page.getByTestId('remedies-trial-warning').textContent()).toBe(
      `A trial, not the comparison: every run changed from its preset by ${TINY}.`,
    );

    // The column heads, one per measurement and modality.
    expect(await page.getByTestId('remedies-column').allTextContents()).toEqual([
      'arm',
      'runs',
      'rescue [95% interval]',
      'joint - best unimodal test error [95% interval]',
      'utilisation m0',
      'utilisation m1',
      'time to learn m0 (step)',
      'time to learn m1 (step)',
      'sweep',
    ]);
    // One row per arm, in the report's order, each in the words of the CLI table.
    const rows = page.getByTestId('remedies-arm');
    expect(await rows.count()).toBe(ARMS);
    expect(report.arms).toHaveLength(ARMS);
    const arms = report.arms as unknown as ArmResult[];
    expect(await page.getByTestId('arm-name').allTextContents()).toEqual(arms.map(armName));
    expect(await page.getByTestId('arm-runs').allTextContents()).toEqual(arms.map(() => '2'));
    expect(await page.getByTestId('arm-rescue').allTextContents()).toEqual(arms.map((a) => rateText(a.rescue)));
    expect(await page.getByTestId('arm-gap').allTextContents()).toEqual(arms.map((a) => meanText(a.gapToBestUnimodal, 3)));
    expect(await page.getByTestId('arm-utilisation').allTextContents()).toEqual(
      arms.flatMap((a) => a.utilisation.map((u) => meanText(u, 3))),
    );
    expect(await page.getByTestId('arm-time-to-learn').allTextContents()).toEqual(
      arms.flatMap((a) => a.crossStep.map((c) => meanText(c, 0))),
    );
    // A rescue rate's count agrees with the seeds that had a loser.
    for (const text of await page.getByTestId('arm-rescue').allTextContents()) {
      if (report.seedsWithLoser === 0) expect(text).toBe('no runs');
      else expect(text).toMatch(new RegExp(`^\\d+% \\(\\d+/${report.seedsWithLoser}\\) \\[\\d+%, \\d+%\\]$`));
    }
    await lab.screenshot('remedies-finished');
  });

  it('links each arm to the sweep behind it', async () => {
    const report = (await lab.service.comparisonState()).report as ComparisonReportDto;
    const links = await page.getByTestId('open-arm-sweep').allTextContents();
    expect(links).toEqual(report.arms.map((a) => `sweep #${a.sweepId}`));
    const auxiliary = report.sweeps.find((s) => s.remedy === 'auxiliary')!;
    const sweep = (await lab.service.listSweeps()).find((s) => s.id === auxiliary.sweepId)!;
    expect(sweep.name).toBe(`remedy comparison: auxiliary on quick [trial: ${TINY}]`);
    await page
      .getByTestId('open-arm-sweep')
      .nth(report.arms.findIndex((a) => a.remedy === 'auxiliary'))
      .click();
    await eventually(() => page.getByTestId('view-sweep').count()).toBe(1);
    expect(page.url()).toContain(`sweep=${auxiliary.sweepId}`);
    await page.getByTestId('tab-remedies').click();
    await eventually(() => page.getByTestId('remedies-table').count()).toBe(1);
  });

  it('exports the comparison as a figure pack and offers it for download', async () => {
    await page.getByTestId('export-comparison').click();
    await eventually(() => page.getByTestId('export-comparison-result').count()).toBe(1);
    const text = (await page.getByTestId('export-comparison-result').textContent()) ?? '';
    const match = /^(\d+) files in (.+)$/.exec(text);
    expect(match, text).not.toBeNull();
    const files = fs.readdirSync(match![2]!).sort();
    expect(files).toHaveLength(Number(match![1]));
    for (const name of ['remedy-rescue.svg', 'remedy-gap.svg', 'report.json', 'report.txt', 'README.md', 'manifest.json'])
      expect(files).toContain(name);
    expect(await page.getByTestId('export-comparison-download').getAttribute('href')).toMatch(/api\/packs\/.+\.zip/);
  });

  it('saw no Content-Security-Policy violation and no page error', () => {
    expect(lab.problems).toEqual([]);
  });
});
