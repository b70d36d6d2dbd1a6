/**
 * End to end: a sweep in progress survives a page reload (its progress row and Cancel button
 * come from the sweep list, before any new progress event), and a cancelled sweep is resumed
 * from the Sweeps view. The sweep's first cell trains in milliseconds and its second until
 * cancelled, so the page has nothing but the list to learn the running sweep from.
 * Any Content-Security-Policy violation fails the test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { LabEvent } from '../../src-main/api/lab-api';
import { TINY_SETTINGS } from '../lab/tiny-config';
import { eventually, startLab, waitForEvent, type Lab } from './lab-harness';

const SPEC = {
  name: 'e2e-resume',
  base: { config: { ...TINY_SETTINGS, train: { steps: 600, recordEvery: 100 } } },
  grid: [{ path: 'train.steps', values: [600, 5_000_000] }],
  seeds: 2,
  runsPerBatch: 2,
};

let lab: Lab;
let page: Page;
let sweepId: number;

async function progressOf(id: number): Promise<{ done: number; total: number }> {
  const bar = page.getByTestId(`sweep-progress-${id}`);
  return { done: Number(await bar.getAttribute('data-done')), total: Number(await bar.getAttribute('data-total')) };
}

const progressOfSweep = (done: number) => (e: LabEvent) => e.type === 'sweep-progress' && e.sweepId === sweepId && e.done === done;

async function cancelFromPage(): Promise<void> {
  const ended = waitForEvent(lab.service, (e) => e.type === 'sweep-ended' && e.sweepId === sweepId);
  await page.getByTestId(`cancel-sweep-${sweepId}`).click();
  await page.getByTestId('confirm-cancel-sweep-confirm').click();
  expect(await ended).toMatchObject({ status: 'cancelled' });
}

beforeAll(async () => {
  lab = await startLab();
  page = lab.page;
});

afterAll(async () => {
  await lab?.close();
});

describe('a sweep across a page reload, cancelled and resumed', () => {
  it('shows a running sweep with its progress and Cancel button right after a reload', async () => {
    const firstCellDone = waitForEvent(lab.service, (e) => e.type === 'sweep-progress' && e.done === 2);
    sweepId = (await lab.service.startSweep({ spec: SPEC })).sweepId;
    await firstCellDone;
    await page.goto(lab.server.url);
    await page.getByTestId('tab-sweep').click();
    await page.getByTestId('sweep-select').selectOption(String(sweepId));
    // While the long cell trains, no run ends: the progress reports (a few a second, for the
    // time left) all still say 2 of 4, so the count the page shows is the list's or the same.
    const eventsSinceReload: LabEvent[] = [];
    const unsubscribe = lab.service.subscribe((e) => {
      if (e.type === 'sweep-progress' || e.type === 'sweep-ended') eventsSinceReload.push(e);
    });
    await page.reload();
    await eventually(() => page.getByTestId(`sweep-status-${sweepId}`).count()).toBe(1);
    expect(await page.getByTestId(`sweep-status-${sweepId}`).textContent()).toBe('running');
    expect(await progressOf(sweepId)).toEqual({ done: 2, total: 4 });
    expect(await page.getByTestId(`cancel-sweep-${sweepId}`).isVisible()).toBe(true);
    expect(await page.getByTestId('resume-sweep').count()).toBe(0);
    unsubscribe();
    expect(eventsSinceReload.every((e) => e.type === 'sweep-progress' && e.done === 2 && e.total === 4)).toBe(true);
    await lab.screenshot('sweep-after-reload');
  });

  it('cancels it and offers to resume it, keeping the finished runs', async () => {
    await cancelFromPage();
    await eventually(() => page.getByTestId(`sweep-status-${sweepId}`).textContent()).toBe('cancelled');
    await eventually(() => page.getByTestId('resume-sweep').count()).toBe(1);
    expect(await page.getByTestId('sweep-resume-hint').textContent()).toContain('2 of 4 runs are not finished');
    expect(await page.getByTestId('sweep-resume-hint').textContent()).toContain('keeps the finished runs');
    await lab.screenshot('sweep-resumable');
  });

  it('resumes it from the button: it runs again from where it stopped, and can be cancelled again', async () => {
    const finishedBefore = (await lab.service.listRuns({ sweepId })).filter((r) => r.status === 'finished').map((r) => r.id);
    expect(finishedBefore).toHaveLength(2);
    const resumed = waitForEvent(lab.service, progressOfSweep(2));
    // Keyboard: the button is reachable and pressed with Enter.
    await page.getByTestId('resume-sweep').focus();
    await page.keyboard.press('Enter');
    await resumed;
    await eventually(() => page.getByTestId(`sweep-status-${sweepId}`).textContent()).toBe('running');
    expect(await progressOf(sweepId)).toEqual({ done: 2, total: 4 });
    await eventually(() => page.getByTestId('resume-sweep').count()).toBe(0);
    // The same sweep (no new one), its finished runs kept.
    expect((await lab.service.listSweeps()).map((s) => s.id)).toEqual([sweepId]);
    const runs = await lab.service.listRuns({ sweepId });
    expect(
      runs
        .filter((r) => r.status === 'finished')
        .map((r) => r.id)
        .sort(),
    ).toEqual([...finishedBefore].sort());
    await cancelFromPage();
    await eventually(() => page.getByTestId('resume-sweep').count()).toBe(1);
  });

  it('saw no Content-Security-Policy violation and no page error', () => {
    expect(lab.problems).toEqual([]);
  });
});
