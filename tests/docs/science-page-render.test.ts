import { describe, expect, it } from 'vitest';
import { fieldTable } from '../../src-main/config/fields';
import { renderSciencePage } from '../../tools/science-page/render-science-page';
import { readPage } from './doc-pages';

/*
 * The science page as the app shows it: rendered at build time from docs/science.md. It must run
 * under the strict CSP (no script, no inline style), give every setting a row a help link can
 * land on, and keep only links the app can follow.
 */

const page = renderSciencePage(readPage('docs/science.md'));

/** Every href of the HTML. */
function hrefs(html: string): string[] {
  return [...html.matchAll(/\bhref="([^"]*)"/g)].map((m) => m[1] as string);
}

describe('the science page rendered for the app', () => {
  it('has the title and a row, with its anchor, for every setting', () => {
    expect(page.title).toBe('The science, and what is reconstructed');
    expect(page.settings).toEqual(fieldTable().map((f) => f.path));
    expect(page.html).toContain('<tr id="setting-data.P">');
    expect(page.html).toContain('<tr id="setting-model.rho">');
  });

  it('anchors headings as GitHub does, so the page links to its own sections', () => {
    expect(page.html).toContain('<h2 id="settings">Settings</h2>');
    expect(page.html).toContain('<h2 id="a-competition-run">A competition run</h2>');
    expect(hrefs(page.html)).toContain('#settings');
  });

  it('holds no script, no inline style and no link the app cannot follow', () => {
    expect(page.html).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=/i);
    for (const href of hrefs(page.html)) expect(href).toMatch(/^(#|https:\/\/)/);
    // The link to the contributor guide (a page the app does not carry) keeps its words.
    expect(readPage('docs/science.md')).toContain('[the contributor guide](../CONTRIBUTING.md#what-the-tests-check)');
    expect(page.html).toContain('listed in\nthe contributor guide.');
  });

  it('escapes raw HTML and turns table alignment into classes', () => {
    const probe = renderSciencePage(
      [
        '# Probe',
        '',
        '<script>alert(1)</script>',
        '',
        '| setting | n |',
        '|:-:|--:|',
        '| data.P | 1 |',
        '',
        '[web](https://example.org) [file](other.md)',
      ].join('\n'),
    );
    expect(probe.html).not.toContain('<script');
    expect(probe.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(probe.html).toContain('<th class="align-center">setting</th>');
    expect(probe.html).toContain('<td class="align-right">1</td>');
    expect(probe.html).not.toContain('style=');
    expect(probe.html).toContain('<a href="https://example.org" target="_blank" rel="noopener noreferrer">web</a> file');
    expect(probe.settings).toEqual(['data.P']);
  });

  it('shows a figure as its description and the command that draws it, never as an image', () => {
    const probe = renderSciencePage('# P\n\n![Regime map over *the width* m](images/map-m.svg)');
    expect(probe.html).not.toMatch(/<img|map-m\.svg/);
    expect(probe.html).toContain(
      '<p>Figure: Regime map over the width m. The command modcomp check --out DIR draws it from your own check.</p>',
    );
    expect(page.html).not.toContain('<img');
    expect(page.html).toContain('Figure: Regime map over the width m.');
  });

  it('refuses what it cannot show: a figure without description, a row that names no setting, a page without a title', () => {
    expect(() => renderSciencePage('# P\n\n![](x.png)')).toThrow(/figure .* has no description/);
    expect(() => renderSciencePage('# P\n\n| setting | a |\n|---|---|\n| not a path! | 1 |')).toThrow(/not a setting path/);
    expect(() => renderSciencePage('no heading')).toThrow(/no first heading/);
  });
});
