/**
 * Builds the main, engine-host and preload bundles the way `electron-forge package` does:
 * forge's own config loader reads forge.config.ts, and its vite plugin runs the production
 * build of every `build` entry, merging its defaults with vite.main.config.ts and
 * vite.preload.config.ts. Only the packaging (which needs Electron's binary) is left out.
 * Output: <repo>/.vite/build (git-ignored).
 */
import * as path from 'node:path';

interface ListrLike {
  run(): Promise<unknown>;
}
interface VitePluginLike {
  name: string;
  isProd: boolean;
  init(dir: string, config: unknown): void;
  build(task: { newListr(tasks: unknown[], options?: Record<string, unknown>): ListrLike }): Promise<ListrLike>;
}

export const ROOT = path.resolve(__dirname, '..', '..');
export const FORGE_BUILD_DIR = path.join(ROOT, '.vite', 'build');

export async function forgeBuildMainBundles(): Promise<void> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const loadForgeConfig = (
    require('@electron-forge/core/dist/util/forge-config') as { default(dir: string): Promise<{ plugins: unknown[] }> }
  ).default;
  // listr2 as forge's vite plugin itself resolves it.
  const { Listr } = require(require.resolve('listr2', { paths: [require.resolve('@electron-forge/plugin-vite')] })) as {
    Listr: new (tasks: unknown[], options?: Record<string, unknown>) => ListrLike;
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  const config = await loadForgeConfig(ROOT);
  const plugin = config.plugins.find((p) => (p as VitePluginLike).name === 'vite') as VitePluginLike | undefined;
  if (!plugin) throw new Error('forge.config.ts has no vite plugin');
  plugin.init(ROOT, config);
  plugin.isProd = true;
  const tasks = await plugin.build({ newListr: (list, options) => new Listr(list, { ...options, renderer: 'silent' }) });
  await tasks.run();
}
