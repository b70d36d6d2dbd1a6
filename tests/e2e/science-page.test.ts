/**
 * End to end: the editor's help links open the science page of the docs inside the lab, at the
 * setting's row, in Chromium against the lab server (the page is built into the renderer; the
 * shell's own check is in tests/electron-shell/renderer-under-shell.test.ts). Screenshots go to
 * test-output/e2e/. Any Content-Security-Policy violation or page error fails the test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { fieldTable } from '../../src-main/config/fields';
import { eventually, SCREENSHOT_DIR, startLab, type Lab } from './lab-harness';
import * as path from 'node:path';

let lab: Lab;
let page: Page;

const VIEWPORT_HEIGHT = 800;

function settingRow(setting: string): Locator {
  return page.locator(`[id="setting-${setting}"]`);
}

/** True when the element lies wholly inside the window, below the sticky header. */
async function inView(locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const header = await page.locator('.app-header').boundingBox();
  if (!box || !header) return false;
  return box.y >= header.y + header.height && box.y + box.height <= VIEWPORT_HEIGHT;
}

beforeAll(async () => {
  lab = await startLab();
  page = lab.page;
});

afterAll(async () => {
  await lab?.close();
});

describe("the editor's help links and the science page", () => {
  it('shows a link to the science page under every setting, and help that names only the page', async () => {
    await page.goto(lab.server.url);
    await eventually(() => page.getByTestId('field-data.P').count()).toBe(1);
    // Every setting row of the editor (the seed has its own control above them).
    const linked = await page
      .locator('[data-testid^="science-link-"]')
      .evaluateAll((links) => links.map((a) => a.getAttribute('data-testid')));
    expect(linked).toEqual(
      fieldTable()
        .filter((f) => f.path !== 'seed')
        .map((f) => `science-link-${f.path}`),
    );
    const help = await page.getByTestId('field-data.P').locator('.field-help').textContent();
    expect(help).toContain('Reconstructed default (see the science page), not taken from the paper.');
    expect(help).toContain('On the science page');
    expect(await page.locator('body').innerText()).not.toMatch(/SCIENCE\.md/i);
  });

  it('opens the page at the clicked setting: its row scrolled into view and marked, the address linking there', async () => {
    await page.getByTestId('field-data.n').locator('input').fill('77');
    await page.getByTestId('science-link-data.P').click();
    await eventually(() => page.getByTestId('view-science').count()).toBe(1);
    expect(await page.locator('#science-title').textContent()).toBe('The science, and what is reconstructed');
    expect(await page.getByTestId('science-setting').textContent()).toBe('showing data.P');
    expect(new URL(page.url()).hash).toBe('#view=science&setting=data.P');

    const row = settingRow('data.P');
    await eventually(() => inView(row)).toBe(true);
    expect(await row.getAttribute('class')).toContain('is-open-setting');
    expect(await page.locator('.is-open-setting').count()).toBe(1);
    const cells = await row.locator('td').allTextContents();
    expect(cells[0]).toBe('data.P');
    expect(cells[2]).toBe('2');
    expect(cells[3]).toBe('an integer between 1 and 1024');
    expect(cells[5]).toContain('Patches per modality: 2 is one signal and one noise patch');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'science-page-at-data-P.png') });
    expect(lab.problems).toEqual([]);
  });

  it('has a row for every setting, so every help link lands on one', async () => {
    const rowIds = await page.locator('.settings-table tbody tr').evaluateAll((rows) => rows.map((r) => r.id));
    expect(rowIds).toEqual(fieldTable().map((f) => `setting-${f.path}`));
  });

  it("follows the page's own links inside the view, keeping the app's address", async () => {
    await page.locator('.science-page a[href="#settings"]').first().click();
    await eventually(() => inView(page.locator('.science-page h2#settings'))).toBe(true);
    expect(new URL(page.url()).hash).toBe('#view=science&setting=data.P');
    expect(await page.getByTestId('view-science').count()).toBe(1);
  });

  it('goes back to the experiment with the draft as it was', async () => {
    await page.getByTestId('science-back').click();
    await eventually(() => page.getByTestId('view-editor').count()).toBe(1);
    expect(await page.getByTestId('field-data.n').locator('input').inputValue()).toBe('77');
    expect(new URL(page.url()).hash).toBe('#view=editor');
  });

  it('opens at a setting from a link, and at the top from the header', async () => {
    await page.goto(`${lab.server.url}#view=science&setting=model.rho`);
    await eventually(() => page.getByTestId('view-science').count()).toBe(1);
    await eventually(() => inView(settingRow('model.rho'))).toBe(true);
    expect(await settingRow('model.rho').getAttribute('class')).toContain('is-open-setting');
    await page.getByTestId('tab-editor').click();
    await page.getByTestId('open-science').click();
    await eventually(() => page.getByTestId('view-science').count()).toBe(1);
    expect(await page.locator('.is-open-setting').count()).toBe(0);
    await lab.screenshot('science-page');
    expect(lab.problems).toEqual([]);
  });
});
