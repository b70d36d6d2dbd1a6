import { describe, expect, it } from 'vitest';
import { main } from '../../src-main/cli/main';
import { fieldTable } from '../../src-main/config/fields';
import { captureIo } from '../cli/capture-io';
import { readPage, tableLinesAfter } from './doc-pages';

/*
 * The science page's settings table is the output of `modcomp config --markdown`, pasted, and
 * must stay an exact copy. (The architecture page's layer table is held to the import table by
 * tests/architecture/main-layers.test.ts.)
 */

async function configMarkdown(): Promise<string> {
  const io = captureIo();
  expect(await main(['config', '--markdown'], io)).toBe(0);
  return io.stdout;
}

describe('the settings table of the docs', () => {
  it('the science page shows exactly the settings table `modcomp config --markdown` prints', async () => {
    const printed = await configMarkdown();
    const onPage = tableLinesAfter(readPage('docs/science.md'), '## Settings');
    // Header, separator and one row per setting: an empty or truncated table cannot pass.
    expect(onPage).toHaveLength(fieldTable().length + 2);
    expect(onPage.join('\n') + '\n', 'regenerate it with `npm run docs:settings` (after `npm run build`)').toBe(printed);
  });
});
