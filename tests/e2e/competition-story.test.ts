/**
 * End to end, the competition story as the app tells it, on a run whose classes split between the
 * modalities: the reconstructed starting point (the schema defaults) with seed 6 trained for 12,000
 * steps, the run a user saw misreported. Modality 0 learns its feature and modality 1 learns class
 * -1 only (its gamma = min(gamma+, gamma-) stays at its initial scale). This is a test of what the
 * view says about one fixed run, not a claim about how often runs split (the paper check measures
 * that over seeds). The live view must say so: the gamma chart's title names min, the per-class view
 * shows modality 1's class -1, the heatmap outlines the a_j < 0 neurons that learned -v_1, the
 * outcome panel names the split and the encoders-alone errors, crossing steps are marked, and the
 * log axes keep their labels through pause and step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PRESETS } from '../../src-main/config/presets';
import { eventually, startLab, waitForEvent, type Lab } from './lab-harness';

let lab: Lab;
let page: Page;
let runId: number;

async function attr(testid: string, name: string): Promise<string> {
  return (await page.getByTestId(testid).getAttribute(name)) ?? '';
}

async function yTicks(testid: string): Promise<string[]> {
  return JSON.parse((await attr(testid, 'data-y-ticks')) || '[]') as string[];
}

beforeAll(async () => {
  lab = await startLab();
  page = lab.page;
  const preset = PRESETS.find((p) => p.name === 'starting-point');
  const config = { ...preset?.config, seed: 6, train: { steps: 12000 }, backend: 'cpu' };
  const ended = waitForEvent(lab.service, (e) => e.type === 'run-ended', 120_000);
  runId = (await lab.service.startRun({ config, experiment: 'split classes 12k' })).runId;
  expect(await ended).toMatchObject({ type: 'run-ended', status: 'finished' });
});

afterAll(async () => {
  await lab?.close();
});

describe('a run whose classes split (starting point, seed 6, 12,000 steps), in the live view', () => {
  it('names the workspace in the tab title', async () => {
    await page.goto(`${lab.server.url}#view=live&run=${runId}`);
    await eventually(() => page.title()).toBe('e2e-lab.mcl — Modality Competition Lab');
  });

  it('titles the gamma chart with what it plots and marks where gamma crossed rho', async () => {
    await eventually(() => attr('gamma-chart', 'data-records')).toBe('601');
    expect(await page.getByTestId('gamma-title').textContent()).toContain('gamma_r = min(gamma+_r, gamma-_r)');
    expect(await page.getByTestId('gamma-title').textContent()).not.toContain('max_j');
    // Modality 0 crossed in the joint run and both crossed alone: three markers.
    await eventually(() => attr('gamma-chart', 'data-markers')).toBe('3');
  });

  it('tells the outcome per class and the encoders-alone errors', async () => {
    await eventually(() => page.getByTestId('outcome-sentence').textContent()).toBe('Joint run: classes split between modalities.');
    const m0 = await page.getByTestId('outcome-modality-0').locator('td').allTextContents();
    const m1 = await page.getByTestId('outcome-modality-1').locator('td').allTextContents();
    expect(m0.slice(0, 2)).toEqual(['learned', 'learned']);
    // Modality 1 learned class -1 only: what the gamma chart (the min of the two) cannot show.
    expect(m1.slice(0, 2)).toEqual(['-', 'learned']);
    expect(m0[2]).toMatch(/^\d+\.\d%$/);
    expect(m1[2]).toMatch(/^\d+\.\d%$/);
    expect(m1[3]).toBe('learned its feature');
  });

  it('outlines the neurons of modality 1 that learned -v_1 in the alignment heatmap', async () => {
    const learned = JSON.parse(await attr('alignment-heatmap', 'data-learned')) as number[];
    expect(learned[0]).toBeGreaterThan(0);
    expect(learned[1]).toBeGreaterThan(0);
    expect(await page.getByTestId('alignment-learned').textContent()).toMatch(/^Neurons that learned: m0 \d+ of 20, m1 [1-9]\d* of 20\.$/);
    await lab.screenshot('split-classes-12000-live');
  });

  it('draws the per-class alignments on request, with modality 1 above rho for class -1', async () => {
    await page.getByTestId('per-class').check();
    expect(await page.getByTestId('gamma-title').textContent()).toContain('Joint run per class');
    await eventually(() => attr('gamma-chart', 'data-markers')).toBe('1');
    await lab.screenshot('split-classes-12000-per-class');
    await page.getByTestId('per-class').uncheck();
  });

  it('keeps the labels of every log axis through play, pause and step', async () => {
    for (const chart of ['gamma-chart', 'phi-chart', 'loss-chart']) expect((await yTicks(chart)).length, chart).toBeGreaterThanOrEqual(2);
    await page.getByTestId('play').click();
    await page.waitForTimeout(300);
    await page.getByTestId('pause').click();
    await page.getByTestId('step').click();
    await page.getByTestId('step').click();
    await page.waitForTimeout(200);
    for (const chart of ['gamma-chart', 'phi-chart', 'loss-chart'])
      expect((await yTicks(chart)).length, `${chart} after pause and step`).toBeGreaterThanOrEqual(2);
    // Opened again, the run shows whole.
    await page.reload();
    await eventually(() => page.getByTestId('cursor').textContent()).toBe('record 601 of 601');
  });

  it('offers the errors on a log axis, and zooms into steps with a reset', async () => {
    await page.getByTestId('log-error').check();
    await eventually(async () => (await yTicks('error-chart')).length).toBeGreaterThanOrEqual(2);
    const box = await page.getByTestId('gamma-chart').boundingBox();
    if (!box) throw new Error('no gamma chart');
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.4);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.4, { steps: 5 });
    await page.mouse.up();
    await eventually(() => attr('gamma-chart', 'data-zoomed')).toBe('true');
    await page.getByTestId('gamma-chart-reset-zoom').click();
    await eventually(() => attr('gamma-chart', 'data-zoomed')).toBe('false');
    await page.getByTestId('log-error').uncheck();
    expect(lab.problems).toEqual([]);
  });
});
