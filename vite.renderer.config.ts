/**
 * Builds the Svelte renderer into dist-renderer/. `base: './'` keeps every asset URL relative,
 * so the same build loads from file:// inside Electron and over HTTP from the lab server.
 * CSS goes to its own file and no script is inlined, so the page runs under the strict CSP
 * (`script-src 'self'; style-src 'self'`) both hosts send.
 */
import * as path from 'node:path';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { sciencePagePlugin } from './tools/science-page/science-page-plugin';

const root = path.resolve(__dirname, 'src-renderer');

export default defineConfig({
  root,
  base: './',
  plugins: [
    svelte({ configFile: false, compilerOptions: { css: 'external' } }),
    // The docs' science page, rendered into the bundle: the editor's help links open it.
    sciencePagePlugin(path.resolve(__dirname, 'docs', 'science.md')),
  ],
  build: {
    outDir: path.resolve(__dirname, 'dist-renderer'),
    emptyOutDir: true,
    // A data: URL for a small asset would be blocked by script-src/style-src; keep them as files.
    assetsInlineLimit: 0,
    // The module preload polyfill is injected as an inline script only when modulepreload is
    // missing; every browser Electron and the tests use has it.
    modulePreload: { polyfill: false },
    cssCodeSplit: false,
    sourcemap: true,
    chunkSizeWarningLimit: 1024,
  },
});
