/**
 * End to end: starting, watching and cancelling sweeps from the Sweeps view's "New sweep"
 * panel, in Chromium against the lab server on a fresh workspace. The base comes from the
 * experiment editor (tiny sizes, so each run takes milliseconds); a 2 x 2 grid of 2 seeds is
 * started and watched to the end, then a long sweep is cancelled after the confirmation.
 * Screenshots go to test-output/e2e/. Any Content-Security-Policy violation fails the test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { eventually, startLab, waitForEvent, type Lab } from './lab-harness';

const TINY = { 'data.d': '16', 'data.n': '8', 'data.nTest': '32', 'model.m': '4', 'train.steps': '60', 'train.recordEvery': '5' };
const LONG_STEPS = '5000000';

let lab: Lab;
let page: Page;
let firstSweepId: number;

async function setField(path: string, value: string): Promise<void> {
  await page.getByTestId(`field-${path}`).locator('input').fill(value);
}

function sweepIdFromHash(): number | null {
  const m = /[#&]sweep=(\d+)/.exec(page.url());
  return m ? Number(m[1]) : null;
}

async function progressOf(id: number): Promise<{ done: number; total: number }> {
  const bar = page.getByTestId(`sweep-progress-${id}`);
  return { done: Number(await bar.getAttribute('data-done')), total: Number(await bar.getAttribute('data-total')) };
}

beforeAll(async () => {
  lab = await startLab();
  page = lab.page;
});

afterAll(async () => {
  await lab?.close();
});

describe('sweeps started from the app', () => {
  it('takes the experiment editor configuration as the base', async () => {
    await page.goto(lab.server.url);
    await eventually(() => page.getByTestId('field-data.K').count()).toBe(1);
    for (const [path, value] of Object.entries(TINY)) await setField(path, value);
    await page.getByTestId('field-backend').locator('select').selectOption('cpu');
    await page.getByTestId('tab-sweep').click();
    await page.getByTestId('new-sweep').click();
    const base = page.getByTestId('sweep-base');
    await eventually(() => base.textContent()).toContain('7 settings changed from the defaults');
    // The step count is always in sight, whatever changed.
    expect(await page.getByTestId('sweep-base-text').textContent()).toMatch(/train\.steps = \d+, data\.n = 8, data\.d = 16/);
    // The button goes to the editor, and the panel keeps its form for the way back.
    await page.getByTestId('sweep-name').fill('e2e-created');
    await page.getByTestId('edit-base').click();
    await eventually(() => page.getByTestId('view-editor').count()).toBe(1);
    await page.getByTestId('tab-sweep').click();
    expect(await page.getByTestId('sweep-name').inputValue()).toBe('e2e-created');
  });

  it('builds a 2 x 2 grid with issues shown beside their inputs and the run count live', async () => {
    await page.getByTestId('sweep-axis-0-path').selectOption('data.alpha');
    await page.getByTestId('sweep-axis-0-values').fill('[1, 0.4] [1, 1.4]');
    await page.getByTestId('add-axis').click();
    await page.getByTestId('sweep-axis-1-path').selectOption('model.q');
    expect(await page.getByTestId('sweep-axis-1-mode').inputValue()).toBe('range');
    await page.getByTestId('sweep-axis-1-from').fill('0');
    await page.getByTestId('sweep-axis-1-to').fill('3');
    await page.getByTestId('sweep-axis-1-count').fill('2');
    await page.getByTestId('sweep-axis-1-spacing').selectOption('log');
    await eventually(() => page.getByTestId('sweep-issue-axis-1-from').textContent()).toBe('log spacing needs a bound above 0');
    expect(await page.getByTestId('start-sweep').isDisabled()).toBe(true);
    await page.getByTestId('sweep-axis-1-spacing').selectOption('linear');
    await page.getByTestId('sweep-axis-1-from').fill('2');
    await eventually(() => page.getByTestId('sweep-issue-axis-1-from').count()).toBe(0);
    expect(await page.getByTestId('sweep-axis-1-preview').textContent()).toContain('2 values: 2, 3');
    await page.getByTestId('sweep-seeds').fill('2');
    await page.getByTestId('sweep-batch').fill('2');
    await eventually(() => page.getByTestId('sweep-run-count').textContent()).toMatch(/4 cells x 2 seeds = 8 runs/);
    await lab.screenshot('sweep-editor');
  });

  it('shows the lab refusal beside the setting it names', async () => {
    // Three values for two modalities: only the lab knows data.K, and it names the setting.
    await page.getByTestId('sweep-axis-0-values').fill('[1, 0.4, 0.2], [1, 1.4]');
    await page.getByTestId('start-sweep').click();
    await eventually(() => page.getByTestId('sweep-issue-axis-0-values').textContent()).toMatch(
      /data\.alpha has 3 values but data\.K is 2/,
    );
    await page.getByTestId('sweep-axis-0-values').fill('[1, 0.4], [1, 1.4]');
    await eventually(() => page.getByTestId('sweep-issue-axis-0-values').count()).toBe(0);
  });

  it('starts it, follows its progress and fills the phase diagram', async () => {
    await page.getByTestId('start-sweep').click();
    await eventually(() => sweepIdFromHash()).not.toBeNull();
    firstSweepId = sweepIdFromHash() as number;
    await eventually(() => page.getByTestId('sweep-editor').count()).toBe(0);
    await eventually(() => progressOf(firstSweepId)).toEqual({ done: 8, total: 8 });
    await eventually(() => page.getByTestId(`sweep-status-${firstSweepId}`).textContent()).toBe('finished');
    await eventually(() => page.getByTestId(`sweep-done-${firstSweepId}`).textContent()).toBe('8 of 8 runs finished');
    // The diagram reloads as cells finish; once the sweep ended every cell has its value.
    await eventually(() => page.locator('[data-testid^="phase-cell-"]').count()).toBe(4);
    await eventually(() => page.locator('[data-testid^="phase-cell-"]:not([data-value=""])').count()).toBe(4);
    await eventually(() => page.getByTestId('sweep-summary').textContent()).toMatch(/runs 8 finished\./);
    expect(await page.getByTestId('sweep-select').locator('option:checked').textContent()).toContain(
      'e2e-created (4 cells x 2 seeds): 8 of 8 runs finished',
    );
    const stored = await lab.service.getSweep({ sweepId: firstSweepId });
    expect(stored.sweep.runs).toEqual({ finished: 8 });
    await lab.screenshot('sweep-created-finished');
  });

  it('cancels a long sweep after the confirmation and shows it ended cancelled', async () => {
    await page.getByTestId('tab-editor').click();
    await setField('train.steps', LONG_STEPS);
    await page.getByTestId('tab-sweep').click();
    await page.getByTestId('new-sweep').click();
    await page.getByTestId('sweep-name').fill('e2e-long');
    await eventually(() => page.getByTestId('sweep-run-count').textContent()).toMatch(/= 8 runs/);
    const started = waitForEvent(lab.service, (e) => e.type === 'sweep-progress' && e.sweepId !== firstSweepId);
    await page.getByTestId('start-sweep').click();
    await started;
    await eventually(() => sweepIdFromHash()).not.toBe(firstSweepId);
    const longId = sweepIdFromHash() as number;
    await eventually(() => page.getByTestId(`sweep-status-${longId}`).textContent()).toBe('running');
    await lab.screenshot('sweep-running');
    // Esc keeps it running...
    await page.getByTestId(`cancel-sweep-${longId}`).click();
    await page.keyboard.press('Escape');
    expect(await page.getByTestId(`sweep-status-${longId}`).textContent()).toBe('running');
    const ended = waitForEvent(lab.service, (e) => e.type === 'sweep-ended' && e.sweepId === longId);
    await page.getByTestId(`cancel-sweep-${longId}`).click();
    await page.getByTestId('confirm-cancel-sweep-confirm').click();
    expect(await ended).toMatchObject({ status: 'cancelled' });
    await eventually(() => page.getByTestId(`sweep-status-${longId}`).textContent()).toBe('cancelled');
    expect(await page.getByTestId(`cancel-sweep-${longId}`).count()).toBe(0);
    // The sweep's own line follows once its runs are stored as cancelled.
    // The line is reloaded as the runs' ends are written, so wait for the last of them: an
    // earlier reload may show some runs cancelled and others still running.
    await eventually(() => page.getByTestId('sweep-summary').textContent()).toMatch(/^(?!.*running).*\d+ cancelled/);
    // The finished sweep keeps its status beside it.
    expect(await page.getByTestId(`sweep-status-${firstSweepId}`).textContent()).toBe('finished');
    await lab.screenshot('sweep-cancelled');
  });

  it('saw no Content-Security-Policy violation and no page error', () => {
    expect(lab.problems).toEqual([]);
  });
});
