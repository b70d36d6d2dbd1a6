/**
 * Vite plugin: `import sciencePage from 'virtual:science-page'` in the renderer gives the science
 * page of the docs, rendered at build time (render-science-page.ts). The page travels inside the
 * renderer's own bundle, so the app and the lab server serve it from their origin, under their
 * CSP, with no request of its own; a change to the page rebuilds it in the dev server.
 */
import * as fs from 'node:fs';
import { renderSciencePage } from './render-science-page';

export const SCIENCE_PAGE_MODULE = 'virtual:science-page';
const RESOLVED = `\0${SCIENCE_PAGE_MODULE}`;

/**
 * The two hooks of a Vite (Rollup) plugin this one needs, spelled out: the tests' type-check
 * resolves modules the Node way, under which Vite's own types do not load.
 */
export interface VirtualModulePlugin {
  name: string;
  resolveId(id: string): string | null;
  load(this: { addWatchFile(file: string): void }, id: string): string | null;
}

export function sciencePagePlugin(markdownFile: string): VirtualModulePlugin {
  return {
    name: 'modcomp-science-page',
    resolveId(id) {
      return id === SCIENCE_PAGE_MODULE ? RESOLVED : null;
    },
    load(id) {
      if (id !== RESOLVED) return null;
      this.addWatchFile(markdownFile);
      const page = renderSciencePage(fs.readFileSync(markdownFile, 'utf8'));
      return `export default ${JSON.stringify(page)};\n`;
    },
  };
}
