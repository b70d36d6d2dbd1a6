/**
 * End to end, comparing runs the way trackers let one: the runs table's filters, columns, groups
 * and header sorting; five seeds overlaid on one chart; a 3 x 3 sweep mapped by exclusive
 * outcome with k of n and intervals on hover; a sweep over one setting drawn as lines with
 * bands; deleting a sweep's run (the dialog names the sweep, and every count agrees after); a
 * sweep run opened in the live view with its way back; the sweep base in words; the data view.
 * Small runs only (d = 32, n = 20, 1000 steps): the whole file trains 41 runs in seconds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { eventually, startLab, waitForEvent, type Lab } from './lab-harness';

const BASE = {
  data: { K: 2, d: 32, P: 2, n: 20, nTest: 200, alpha: [1.0, 0.6], mu: [0.3, 0.05], sigmaXi: 0.05 },
  model: { m: 8 },
  train: { steps: 1000, recordEvery: 50 },
  backend: 'cpu',
};
const GRID_SPEC = {
  name: 'alpha x mu',
  base: { config: BASE },
  grid: [
    {
      path: 'data.alpha',
      values: [
        [1, 0.4],
        [1, 0.8],
        [1, 1.2],
      ],
    },
    {
      path: 'data.mu',
      values: [
        [0.3, 0.05],
        [0.1, 0.1],
        [0.05, 0.3],
      ],
    },
  ],
  seeds: 3,
  runsPerBatch: 27,
};
const LINE_SPEC = { ...GRID_SPEC, name: 'alpha only', grid: [GRID_SPEC.grid[0]], runsPerBatch: 9 };

let lab: Lab;
let page: Page;
let gridId: number;
let lineId: number;
const seedRuns: number[] = [];

async function runSweep(spec: unknown): Promise<number> {
  const ended = waitForEvent(lab.service, (e) => e.type === 'sweep-ended', 120_000);
  const { sweepId } = await lab.service.startSweep({ spec });
  expect(await ended).toMatchObject({ sweepId, status: 'finished' });
  return sweepId;
}

async function rowCount(): Promise<number> {
  return page.locator('[data-testid^="run-row-"]').count();
}

beforeAll(async () => {
  lab = await startLab();
  page = lab.page;
  gridId = await runSweep(GRID_SPEC);
  lineId = await runSweep(LINE_SPEC);
  for (const seed of [1, 2, 3, 4, 5]) {
    const ended = waitForEvent(lab.service, (e) => e.type === 'run-ended', 60_000);
    seedRuns.push((await lab.service.startRun({ config: { ...BASE, seed }, experiment: 'five seeds' })).runId);
    await ended;
  }
});

afterAll(async () => {
  await lab?.close();
});

describe('the runs table', () => {
  it('shows its filter syntax and finds sweep runs, seeds and settings as written', async () => {
    await page.goto(`${lab.server.url}#view=runs`);
    await eventually(() => rowCount()).toBe(41);
    expect(await page.getByTestId('runs-filter-help').textContent()).toContain('seed:2  alpha.1<0.7');
    await page.getByTestId('runs-filter').fill('sweep');
    await eventually(() => rowCount()).toBe(36);
    // Seed 2: one of the five runs, and one run per cell of each sweep (9 + 3); never run #2 or #12 by their ids.
    await page.getByTestId('runs-filter').fill('seed 2');
    await eventually(() => rowCount()).toBe(1 + 9 + 3);
    expect(await page.getByTestId('runs-count').textContent()).toBe('13 of 41');
    await page.getByTestId('runs-filter').fill('alpha.1<0.7 experiment:five');
    await eventually(() => rowCount()).toBe(5);
    await page.getByTestId('runs-filter').fill('alpha.1>1');
    await eventually(() => rowCount()).toBe(12);
    await page.getByTestId('runs-filter').fill('');
  });

  it('sorts from anywhere in a header cell, not only its word', async () => {
    const header = page.locator('th', { has: page.getByTestId('sort-seed') });
    const box = await header.boundingBox();
    if (!box) throw new Error('no seed header');
    // The right edge of the cell, past the word "seed".
    await page.mouse.click(box.x + box.width - 3, box.y + box.height / 2);
    await eventually(() => header.getAttribute('aria-sort')).toBe('ascending');
  });

  it('groups by a setting with the outcomes counted, and offers every setting as a column', async () => {
    await page.getByTestId('runs-group').selectOption('setting:data.alpha');
    await eventually(() => page.getByTestId('runs-group-row').count()).toBe(4);
    const groups = await page.getByTestId('runs-group-row').allTextContents();
    // alpha = (1, 1.2): nine runs of the grid and three of the line sweep.
    expect(groups.find((g) => g.startsWith('1, 1.2'))).toMatch(/^1, 1\.212\d+ of 12/);
    await page.getByTestId('column-chooser').locator('summary').click();
    await page.getByTestId('column-setting:model.q').check();
    await eventually(() => page.getByTestId('sort-setting:model.q').count()).toBe(1);
    await page.getByTestId('column-chooser').locator('summary').click();
    await lab.screenshot('runs-table');
    await page.getByTestId('runs-group').selectOption('');
  });
});

describe('five seeds on one chart', () => {
  it('overlays the ticked runs with their mean and band', async () => {
    for (const id of seedRuns) await page.getByTestId(`pick-${id}`).check();
    await page.getByTestId('compare-ticked').click();
    await eventually(() => page.getByTestId('overlay').count()).toBe(1);
    await eventually(async () => Number(await page.getByTestId('overlay-chart').getAttribute('data-points'))).toBeGreaterThan(0);
    expect(await page.getByTestId('overlay-chart-note').textContent()).toMatch(
      /^Thin lines: 5 runs \(#\d+ seed 1, #\d+ seed 2, #\d+ seed 3, #\d+ seed 4, #\d+ seed 5\); thick: their mean, shaded: 10th to 90th percentile\./,
    );
    expect(await page.getByTestId('overlay-chart').getAttribute('aria-label')).toBe('gamma0 of 5 runs (joint)');
    await lab.screenshot('overlay-5-seeds');
    await page.getByTestId('overlay-scalar').selectOption('gamma1');
    await eventually(() => page.getByTestId('overlay-chart').getAttribute('aria-label')).toBe('gamma1 of 5 runs (joint)');
  });
});

describe('sweeps mapped by exclusive outcome', () => {
  it('colours the 3 x 3 grid by each outcome with k of n and its interval on hover', async () => {
    await page.goto(`${lab.server.url}#view=sweep&sweep=${gridId}`);
    await eventually(() => page.locator('[data-testid^="phase-cell-"]').count()).toBe(9);
    expect(await page.getByTestId('metric-select').locator('option:checked').textContent()).toBe(
      'P(exactly one modality learned its feature)',
    );
    const title = (await page.getByTestId('phase-cell-0').getAttribute('title')) ?? '';
    expect(title).toMatch(
      /^cell 0, data\.alpha = \[1, 0\.4\], data\.mu = \[0\.3, 0\.05\]: \d\.\d\d \(\d of 3, 95% interval \d\.\d\d to \d\.\d\d\)$/,
    );
    const caption = (await page.getByTestId('phase-caption').textContent()) ?? '';
    const edges = Number(await page.getByTestId('phase-diagram').getAttribute('data-boundary-edges'));
    // The caption promises the boundary exactly when one is drawn.
    expect(caption.includes('Thick black edges')).toBe(edges > 0);
    await lab.screenshot('phase-diagram-outcomes');
    // The four outcome shares of a cell sum to one.
    let sum = 0;
    for (const kind of ['one', 'several', 'split', 'none']) {
      await page.getByTestId('metric-select').selectOption(`outcome:${kind}`);
      await eventually(() => page.getByTestId('phase-caption').textContent()).toContain('P(');
      sum += Number(await page.getByTestId('phase-cell-4').getAttribute('data-value'));
    }
    expect(sum).toBeCloseTo(1, 10);
    await page.getByTestId('metric-select').selectOption('sole:1');
    await lab.screenshot('phase-diagram-sole-winner-1');
  });

  it('draws a sweep over one setting as lines with bands', async () => {
    await page.getByTestId('sweep-select').selectOption(String(lineId));
    await page.getByTestId('metric-select').selectOption('outcome:one');
    await eventually(async () => Number(await page.getByTestId('sweep-line-chart').getAttribute('data-points'))).toBeGreaterThan(0);
    expect(await page.locator('.phase-table').count()).toBe(0);
    expect(await page.locator('[data-testid^="phase-cell-"]').count()).toBe(3);
    await page.getByTestId('phase-cell-1').click();
    await eventually(() => page.getByTestId('cell-runs').locator('tbody tr').count()).toBe(3);
    await lab.screenshot('sweep-one-setting');
  });
});

describe("deleting a sweep's run", () => {
  it('names the sweep in the dialog, and every count agrees after', async () => {
    const runs = await lab.service.listRuns({ sweepId: gridId });
    const victim = runs.find((r) => r.cellIndex === 4) ?? runs[0];
    if (!victim) throw new Error('no sweep run');
    await page.goto(`${lab.server.url}#view=runs`);
    await eventually(() => rowCount()).toBe(41);
    await page
      .getByTestId(`run-row-${victim.id}`)
      .getByRole('button', { name: `Select run ${victim.id}` })
      .click();
    await page.getByTestId('delete-run').click();
    await eventually(() => page.getByTestId('confirm-delete').textContent()).toContain(
      `It belongs to sweep #${gridId} (cell ${victim.cellIndex})`,
    );
    await page.getByTestId('confirm-delete-confirm').click();
    await eventually(() => rowCount()).toBe(40);
    await page.goto(`${lab.server.url}#view=sweep&sweep=${gridId}&cell=${victim.cellIndex}`);
    await eventually(() => page.getByTestId('cell-runs').locator('tbody tr').count()).toBe(2);
    await eventually(() => page.getByTestId('cell-value').textContent()).toMatch(/ of 2[,)].*; 2 finished runs in this cell\.$/);
    expect(await page.getByTestId('sweep-summary').textContent()).toContain('runs 26 finished');
    expect(await page.getByTestId('sweep-select').locator('option:checked').textContent()).toContain('26 of 27 runs finished');
  });
});

describe('a sweep run in the live view', () => {
  it('says why it has no alignments and leads back to its cell', async () => {
    const [run] = (await lab.service.listRuns({ sweepId: gridId })).filter((r) => r.cellIndex === 2);
    if (!run) throw new Error('no sweep run');
    await page.goto(`${lab.server.url}#view=live&run=${run.id}`);
    await eventually(() => page.getByTestId('alignment-caption').textContent()).toContain('Runs of a sweep keep no per-neuron alignments');
    await page.getByTestId('back-to-sweep').click();
    await eventually(() => page.getByTestId('view-sweep').count()).toBe(1);
    await eventually(() => page.getByTestId('cell-panel').locator('h3').textContent()).toBe('Cell 2');
  });
});

describe('the sweep base and the data view', () => {
  it('names the preset and shows the step count of the base', async () => {
    await page.goto(`${lab.server.url}#view=editor`);
    await page.getByTestId('preset-select').selectOption('competition');
    await page.getByTestId('tab-sweep').click();
    await page.getByTestId('new-sweep').click();
    const text = (await page.getByTestId('sweep-base').textContent()) ?? '';
    expect(text).toContain('from the preset competition');
    expect(text).toContain('train.steps = 1000');
    expect(text).not.toContain('the schema defaults');
    await page.getByTestId('close-sweep-editor').click();
  });

  it('draws the first samples of each modality with the signal patch and the insufficient ones marked', async () => {
    await page.keyboard.press('Alt+6');
    await eventually(() => page.getByTestId('data-table').count()).toBe(1);
    await page.getByTestId('data-samples').fill('8');
    await eventually(() => page.locator('[data-testid^="data-sample-"]').count()).toBe(8);
    const summary = await page.getByTestId('data-summary').innerText();
    expect(summary).toContain(
      'The first 8 of the 50 training samples; each modality has 2 patches of d = 500 coordinates, of which the first 24 are drawn',
    );
    for (const r of [0, 1]) {
      const marked = await page.locator(`[data-testid^="data-cell-"][data-testid$="-${r}"][data-insufficient="true"]`).count();
      expect(await page.locator(`[data-testid^="insufficient-"][data-testid$="-${r}"]`).count()).toBe(marked);
      expect(await page.getByTestId('data-counts').textContent()).toContain(`modality ${r}: ${marked} of 8`);
    }
    await lab.screenshot('data-view');
    expect(lab.problems).toEqual([]);
  });
});
