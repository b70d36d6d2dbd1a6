import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../architecture/source-files';
import { docPages, headingAnchors, linkTargets, readPage } from './doc-pages';

/*
 * The docs link to each other, to their pictures and to headings: a page that moves or a heading
 * that is renamed must not leave a reader at a dead end.
 */

function isExternal(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(target);
}

/** "page: target (why)" for every relative link of `page` that leads nowhere. */
function deadLinks(page: string, source: string): string[] {
  const dead: string[] = [];
  for (const target of linkTargets(source)) {
    if (isExternal(target)) continue;
    const [file = '', anchor] = target.split('#');
    const resolved = file === '' ? path.join(repoRoot, page) : path.resolve(repoRoot, path.dirname(page), decodeURIComponent(file));
    if (!resolved.startsWith(repoRoot + path.sep) || !fs.existsSync(resolved)) {
      dead.push(`${page}: ${target} (no such file)`);
      continue;
    }
    if (anchor === undefined) continue;
    if (!resolved.endsWith('.md')) {
      dead.push(`${page}: ${target} (an anchor into a file that is not a page)`);
      continue;
    }
    if (!headingAnchors(fs.readFileSync(resolved, 'utf8')).has(anchor)) dead.push(`${page}: ${target} (no such heading)`);
  }
  return dead;
}

describe('links between the docs', () => {
  const pages = docPages();

  it('reads the README, the contributor guide and the pages of docs/', () => {
    expect(pages).toEqual(
      expect.arrayContaining(['README.md', 'CONTRIBUTING.md', 'docs/science.md', 'docs/architecture.md', 'docs/performance.md']),
    );
  });

  it.each(pages)('every relative link of %s leads to a file and heading that exist', (page) => {
    expect(deadLinks(page, readPage(page))).toEqual([]);
  });

  it('finds a missing file, a missing heading and a link out of the repository (so the check can fail)', () => {
    const probe = [
      '[fine](science.md#settings) [gone](no-such-page.md) [renamed](science.md#no-such-heading)',
      '[out](../../etc/passwd) [web](https://example.org/x.md) `[code](not-a-link.md)`',
    ].join('\n');
    expect(deadLinks('docs/probe.md', probe)).toEqual([
      'docs/probe.md: no-such-page.md (no such file)',
      'docs/probe.md: science.md#no-such-heading (no such heading)',
      'docs/probe.md: ../../etc/passwd (no such file)',
    ]);
  });
});
