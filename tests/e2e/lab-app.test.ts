/**
 * End to end: the built renderer in Chromium against the lab server, on a fresh workspace.
 * One story in order, as a researcher would go: open the lab, build an experiment from a
 * preset, run it and watch gamma grow, cancel a long run, open a finished sweep and a cell,
 * tag a run, reload and find everything again. A screenshot of every view goes to
 * test-output/e2e/. Any Content-Security-Policy violation or page error fails the tests.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startLabServer } from '../../src-main/server/lab-server';
import { eventually, RENDERER_DIR, startLab, waitForEvent, type Lab } from './lab-harness';

// Tiny sizes: each step takes microseconds; the step counts make the first run last a few
// seconds (so progress is seen before it ends) and the cancelled one far longer. Recording
// every 8 steps gives the watched run 10,001 records per mode, the size the charts must
// decimate to stay smooth.
// A tiny model trained for many steps: eta 0.25 keeps it stable (the presets' eta 1 suits their size).
const TINY = { 'data.d': '16', 'data.n': '8', 'data.nTest': '32', 'model.m': '4', 'train.recordEvery': '8', 'train.eta': '0.25' };
const RECORDS = 80000 / 8 + 1;
const LONG_STEPS = '5000000';

const SWEEP_SPEC = {
  name: 'e2e-grid',
  base: {
    config: {
      data: { K: 2, d: 16, P: 2, n: 8, nTest: 32, alpha: [1.0, 0.6], mu: [0.3, 0.05], sigmaXi: 0.3 },
      model: { m: 4, sigma0: 0.05 },
      train: { steps: 60, recordEvery: 5 },
      backend: 'cpu',
    },
  },
  grid: [
    {
      path: 'data.alpha',
      values: [
        [1.0, 0.4],
        [1.0, 1.4],
      ],
    },
    { path: 'model.q', values: [2, 3] },
  ],
  seeds: 2,
  runsPerBatch: 8,
};

let lab: Lab;
let page: Page;
let sweepId: number;
let watchedRunId: number;
let cancelledRunId: number;

/**
 * Polls until the assertion holds. Generous, because the 2-core CI machine may be running other
 * test files at the same time; a passing check returns at once.
 */
async function attr(testid: string, name: string): Promise<number> {
  return Number((await page.getByTestId(testid).getAttribute(name)) ?? 'NaN');
}

async function setField(path: string, value: string): Promise<void> {
  const input = page.getByTestId(`field-${path}`).locator('input');
  await input.fill(value);
}

function runIdFromHash(): number {
  const m = /[#&]run=(\d+)/.exec(page.url());
  if (!m) throw new Error(`no run in the address ${page.url()}`);
  return Number(m[1]);
}

beforeAll(async () => {
  lab = await startLab();
  page = lab.page;
  // A finished sweep in the workspace before the page opens, started through the service.
  const ended = waitForEvent(lab.service, (e) => e.type === 'sweep-ended');
  sweepId = (await lab.service.startSweep({ spec: SWEEP_SPEC })).sweepId;
  const end = await ended;
  expect(end).toMatchObject({ type: 'sweep-ended', sweepId, status: 'finished' });
});

afterAll(async () => {
  await lab?.close();
});

describe('the lab in a browser', () => {
  it('opens with the workspace name and path in the header', async () => {
    await page.goto(lab.server.url);
    await eventually(() => page.getByTestId('workspace-name').textContent()).toBe('e2e-lab.mcl');
    expect(await page.getByTestId('workspace-path').textContent()).toBe(lab.workspacePath);
    await eventually(() => page.getByTestId('field-data.K').count()).toBe(1);
    expect(lab.problems).toEqual([]);
  });

  it('names every view and the workspace on one line in a 1280-pixel window, even beside a long workspace path', async () => {
    // The app is laid out for 1280 pixels and up; a workspace deep in a file tree takes the
    // brand's whole width (its path is cut with an ellipsis), leaving the views the least room.
    const pathText = page.getByTestId('workspace-path');
    const shown = await pathText.textContent();
    const nameOnOneLine = async (): Promise<void> => {
      // One line box per line of text: a wrapped name has two.
      const lines = await page.getByTestId('workspace-name').evaluate((el) => {
        const range = el.ownerDocument.createRange();
        range.selectNodeContents(el);
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
      });
      expect(lines).toBe(1);
    };
    await nameOnOneLine();
    await pathText.evaluate((el) => (el.textContent = `/home/researcher/${'experiments/modality-competition/'.repeat(6)}lab.mcl`));
    try {
      const oneWord = await page.getByTestId('tab-data').boundingBox();
      expect(oneWord).not.toBeNull();
      for (const view of ['editor', 'live', 'compare', 'sweep', 'runs', 'data', 'check', 'remedies']) {
        const box = await page.getByTestId(`tab-${view}`).boundingBox();
        expect(box, view).not.toBeNull();
        // As tall as the one-word tab ("Data"): its name did not wrap onto a second line.
        expect(box!.height, view).toBeCloseTo(oneWord!.height, 0);
        expect(box!.x + box!.width, view).toBeLessThanOrEqual(1280);
      }
      const science = await page.getByTestId('open-science').boundingBox();
      expect(science!.x + science!.width).toBeLessThanOrEqual(1280);
      // The workspace's name stays on one line too (its path gives way instead).
      await nameOnOneLine();
    } finally {
      await pathText.evaluate((el, text) => (el.textContent = text), shown);
    }
  });

  it('creates an experiment from a preset, validates it inline and predicts the winner', async () => {
    await page.getByTestId('preset-select').selectOption('quick');
    await eventually(() => page.getByTestId('field-train.steps').locator('input').inputValue()).toBe('1000');
    for (const [path, value] of Object.entries(TINY)) await setField(path, value);
    await setField('train.steps', '80000');
    await page.getByTestId('field-backend').locator('select').selectOption('cpu');
    // What is typed key by key stays as typed while the field has focus (not re-formatted
    // under the cursor), and is shown in the standard form once it loses focus.
    const alpha = page.getByTestId('field-data.alpha').locator('input');
    await alpha.fill('');
    await alpha.pressSequentially('[1, 0.6]');
    expect(await alpha.inputValue()).toBe('[1, 0.6]');
    await alpha.blur();
    expect(await alpha.inputValue()).toBe('1, 0.6');
    // A bad value is named beside its field, by the lab's own validation...
    await setField('model.rho', '-1');
    await eventually(() => page.getByTestId('issue-model.rho').count()).toBe(1);
    // ...and goes away once fixed, with the theory's predicted winner shown.
    await setField('model.rho', '0.1');
    await eventually(() => page.getByTestId('issue-model.rho').count()).toBe(0);
    await eventually(() => page.getByTestId('predicted-winner').textContent()).toMatch(/modality \d/);
    expect(await page.getByTestId('seed-input').inputValue()).toBe('1');
    await lab.screenshot('editor');
  });

  it('runs it and the gamma chart gains points while the run trains', async () => {
    await page.getByTestId('run-button').click();
    await eventually(() => page.getByTestId('view-live').count()).toBe(1);
    watchedRunId = runIdFromHash();
    await eventually(() => attr('gamma-chart', 'data-records')).toBeGreaterThan(0);
    const first = await attr('gamma-chart', 'data-records');
    const statusWhileFirst = await page.getByTestId('run-status').textContent();
    expect(statusWhileFirst).toBe('running');
    await eventually(() => attr('gamma-chart', 'data-records')).toBeGreaterThan(first);
    expect(await attr('gamma-chart', 'data-points')).toBeGreaterThan(0);
    await lab.screenshot('live-running');
    await eventually(() => page.getByTestId('run-status').textContent(), { timeout: 60_000 }).toBe('finished');
    // 80000 steps recorded every 8, plus the first: every record of the joint run arrived...
    await eventually(() => attr('gamma-chart', 'data-records')).toBe(RECORDS);
    // ...and the five lines (gamma per modality of three modes, rho) were decimated for drawing.
    const drawn = await attr('gamma-chart', 'data-points');
    expect(drawn).toBeGreaterThan(100);
    expect(drawn).toBeLessThan(RECORDS);
    expect(await attr('alignment-heatmap', 'data-cells')).toBe(8);
    expect(await page.getByTestId('alignment-largest').textContent()).toMatch(/^Largest \|alignment\|: m0 \S+, m1 \S+\.$/);
    await lab.screenshot('live-finished');
  });

  it('exports the gamma figure, shows where the pack went and offers it as a download', async () => {
    await page.getByTestId('export-gamma').click();
    const result = page.getByTestId('export-gamma-result');
    await eventually(() => result.count(), { timeout: 30_000 }).toBe(1);
    const text = (await result.textContent()) ?? '';
    const packPath = /files? in (.+)$/.exec(text)?.[1];
    expect(packPath, text).toBeDefined();
    expect(fs.existsSync(packPath as string)).toBe(true);
    expect(fs.readdirSync(packPath as string).length).toBeGreaterThan(0);

    // The pack is on the server's disk; the browser gets it through the Download link.
    const link = page.getByTestId('export-gamma-download');
    await eventually(() => link.textContent()).toBe('Download .zip');
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toMatch(new RegExp(`/api/packs/[0-9a-f]{32}\\.zip\\?token=${lab.server.token}$`));
    const fetched = await page.evaluate(async (url) => {
      const res = await fetch(url);
      const bytes = new Uint8Array(await res.arrayBuffer());
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return { status: res.status, type: res.headers.get('content-type'), base64: btoa(binary) };
    }, href);
    expect(fetched).toMatchObject({ status: 200, type: 'application/zip' });
    const entries = unzipSync(new Uint8Array(Buffer.from(fetched.base64, 'base64')));
    const top = path.basename(packPath as string);
    const svg = entries[`${top}/gamma.svg`];
    expect(svg, Object.keys(entries).join(', ')).toBeDefined();
    expect(Buffer.from(svg as Uint8Array).equals(fs.readFileSync(path.join(packPath as string, 'gamma.svg')))).toBe(true);
    // Following the link saves it as <pack>.zip.
    const [saved] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(saved.suggestedFilename()).toBe(`${top}.zip`);
    await saved.cancel();
    expect(lab.problems).toEqual([]);
  });

  it('pauses, steps and replays a finished run', async () => {
    await page.getByTestId('play').click();
    await page.getByTestId('pause').click();
    const paused = await page.getByTestId('cursor').textContent();
    await page.getByTestId('step').click();
    const stepped = await page.getByTestId('cursor').textContent();
    const n = (text: string | null): number => Number(/record (\d+)/.exec(text ?? '')?.[1]);
    expect(n(stepped)).toBe(n(paused) + 1);
    expect(n(stepped)).toBeLessThan(RECORDS);
  });

  it('shows joint and unimodal runs side by side in the compare view', async () => {
    await page.getByTestId('tab-compare').click();
    const table = page.getByTestId('compare-table');
    await eventually(() => table.locator('tbody tr').count()).toBe(3);
    expect(await table.locator('tbody th').allTextContents()).toEqual(['joint', 'unimodal:0', 'unimodal:1']);
    await eventually(() => attr('compare-gamma-joint', 'data-points')).toBeGreaterThan(0);
    await lab.screenshot('compare');
  });

  it('cancels a running run after a confirmation', async () => {
    await page.getByTestId('tab-editor').click();
    await setField('train.steps', LONG_STEPS);
    await page.keyboard.press('Control+Enter');
    await eventually(() => page.getByTestId('view-live').count()).toBe(1);
    await eventually(() => runIdFromHash()).not.toBe(watchedRunId);
    cancelledRunId = runIdFromHash();
    await eventually(() => attr('gamma-chart', 'data-records')).toBeGreaterThan(0);
    await page.getByTestId('cancel-run').click();
    // Esc keeps the run...
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('run-status').textContent()).toBe('running');
    await page.getByTestId('cancel-run').click();
    await page.getByTestId('confirm-cancel-confirm').click();
    await eventually(() => page.getByTestId('run-status').textContent()).toBe('cancelled');
    await lab.screenshot('live-cancelled');
  });

  it('opens the finished sweep, reads its phase diagram and opens a cell', async () => {
    await page.getByTestId('tab-sweep').click();
    await page.getByTestId('sweep-select').selectOption(String(sweepId));
    await eventually(() => page.locator('[data-testid^="phase-cell-"]').count()).toBe(4);
    // The second setting (model.q = 2, 3) grows upwards, as in the exported figure.
    expect(await page.locator('.phase-table tbody th').allTextContents()).toEqual(['3', '2']);
    await page.getByTestId('metric-select').selectOption('gap');
    await page.getByTestId('phase-cell-1').click();
    const runs = page.getByTestId('cell-runs').locator('tbody tr');
    await eventually(() => runs.count()).toBe(2);
    expect(await runs.allTextContents()).toEqual([expect.stringContaining('finished'), expect.stringContaining('finished')]);
    await eventually(() => attr('band-chart', 'data-points')).toBeGreaterThan(0);
    await lab.screenshot('sweep');
  });

  it('tags and notes a run in the runs table', async () => {
    await page.getByTestId('tab-runs').click();
    await page
      .getByTestId(`run-row-${watchedRunId}`)
      .getByRole('button', { name: `Select run ${watchedRunId}` })
      .click();
    await page.getByTestId('tag-input').fill('keep-e2e');
    await page.getByTestId('tag-add').click();
    await eventually(() => page.getByTestId(`run-tags-${watchedRunId}`).textContent()).toBe('keep-e2e');
    await page.getByTestId('note-input').fill('gamma_0 crossed first');
    await page.getByTestId('note-save').click();
    await eventually(() => page.getByTestId('note-list').textContent()).toContain('gamma_0 crossed first');
    await page.getByTestId('runs-filter').fill('keep-e2e');
    await eventually(() => page.locator('[data-testid^="run-row-"]').count()).toBe(1);
    await lab.screenshot('runs');
    await page.getByTestId('runs-filter').fill('');
  });

  it('finds it all again after a reload', async () => {
    await page.reload();
    // The hash brought back the runs view; the workspace kept runs, tags, notes and the sweep.
    await eventually(() => page.getByTestId('view-runs').count()).toBe(1);
    await eventually(() => page.getByTestId(`run-tags-${watchedRunId}`).textContent()).toBe('keep-e2e');
    expect(await page.getByTestId(`run-row-${cancelledRunId}`).textContent()).toContain('cancelled');
    expect(await page.getByTestId(`run-row-${watchedRunId}`).textContent()).toContain('finished');
    expect(await page.locator('[data-testid^="run-row-"]').count()).toBe(10);
    await page
      .getByTestId(`run-row-${watchedRunId}`)
      .getByRole('button', { name: `Select run ${watchedRunId}` })
      .click();
    await eventually(() => page.getByTestId('note-list').textContent()).toContain('gamma_0 crossed first');
    await page.getByTestId('open-run').click();
    await eventually(() => attr('gamma-chart', 'data-records')).toBe(RECORDS);
    await page.getByTestId('tab-sweep').click();
    await page.getByTestId('sweep-select').selectOption(String(sweepId));
    await page.getByTestId('phase-cell-2').click();
    await eventually(() => page.getByTestId('cell-runs').locator('tbody tr').count()).toBe(2);
    await lab.screenshot('after-reload');
  });

  it('deletes a run only after a confirmation', async () => {
    await page.getByTestId('tab-runs').click();
    await page
      .getByTestId(`run-row-${cancelledRunId}`)
      .getByRole('button', { name: `Select run ${cancelledRunId}` })
      .click();
    await page.getByTestId('delete-run').click();
    await page.getByTestId('confirm-delete-cancel').click();
    expect(await page.getByTestId(`run-row-${cancelledRunId}`).count()).toBe(1);
    await page.getByTestId('delete-run').click();
    await page.getByTestId('confirm-delete-confirm').click();
    await eventually(() => page.getByTestId(`run-row-${cancelledRunId}`).count()).toBe(0);
    expect((await lab.service.listRuns()).map((r) => r.id)).not.toContain(cancelledRunId);
  });

  it('reconnects its event stream when the server comes back, and catches up', async () => {
    const { port, token } = lab.server;
    await lab.server.close();
    await eventually(() => page.getByText('reconnecting...').count()).toBe(1);
    // Work done while the page was cut off: a tag it never heard of.
    await lab.service.tagRun({ runId: watchedRunId, add: ['while-away'] });
    lab.server = await startLabServer({ service: lab.service, staticDir: RENDERER_DIR, port, token });
    await eventually(() => page.getByText('reconnecting...').count()).toBe(0);
    await page.keyboard.press('Alt+5');
    await eventually(() => page.getByTestId(`run-tags-${watchedRunId}`).textContent()).toBe('keep-e2e, while-away');
  });

  it('lists its keyboard shortcuts in a help popover that Esc closes', async () => {
    await page.getByTestId('help-button').click();
    expect(await page.getByTestId('help-panel').textContent()).toContain('Ctrl/Cmd + Enter');
    await page.keyboard.press('Escape');
    await eventually(() => page.getByTestId('help-panel').count()).toBe(0);
    await page.keyboard.press('Alt+1');
    await eventually(() => page.getByTestId('view-editor').count()).toBe(1);
  });

  it('follows the host to another workspace (workspace-changed)', async () => {
    const second = path.join(lab.dir, 'second.mcl');
    await lab.service.switchWorkspace(second);
    await eventually(() => page.getByTestId('workspace-name').textContent()).toBe('second.mcl');
    expect(await page.getByTestId('workspace-path').textContent()).toBe(second);
    await eventually(() => page.locator('[data-testid^="run-row-"]').count()).toBe(0);
    await lab.screenshot('switched-workspace');
  });

  it('saw no Content-Security-Policy violation and no page error', () => {
    expect(lab.problems).toEqual([]);
  });
});
