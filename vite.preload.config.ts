/**
 * The preload bundle (src-main/electron-shell/preload.ts): one CommonJS file with everything
 * inlined, because a sandboxed preload can require only `electron` (and a few polyfilled
 * builtins), never a file of the app. Only `electron` stays external.
 *
 * Under electron-forge the plugin supplies the entry (forge.config.ts); on its own
 * (`npx vite build -c vite.preload.config.ts`) this file names it.
 */
import * as path from 'node:path';
import { defineConfig, type ConfigEnv, type UserConfig } from 'vite';

export default defineConfig((env: ConfigEnv & { forgeConfigSelf?: unknown }): UserConfig => {
  const underForge = env.forgeConfigSelf !== undefined;
  return {
    build: {
      outDir: '.vite/build',
      emptyOutDir: false,
      minify: false,
      sourcemap: true,
      rollupOptions: {
        external: ['electron', /^electron\//],
        ...(underForge ? {} : { input: { preload: path.resolve(__dirname, 'src-main/electron-shell/preload.ts') } }),
        output: { format: 'cjs', entryFileNames: '[name].js' },
      },
    },
  };
});
