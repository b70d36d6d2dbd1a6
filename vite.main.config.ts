/**
 * The main-process bundles: the Electron main (src-main/electron-shell/main.ts) and the engine
 * host the main process starts in utilityProcesses (src-main/engine-host/engine-host.ts), CommonJS,
 * written beside each other in .vite/build/.
 *
 * Only the project's own sources are bundled. Electron, Node's builtins and every production
 * dependency in package.json stay external and are loaded from node_modules at run time:
 * better-sqlite3 and @resvg/resvg-js are native modules, pdfkit and dejavu-fonts-ttf read
 * data files beside their code, tfjs's wasm backend loads its .wasm the same way; bundling
 * any of them would break those paths. The native engine addon is loaded by path at run time
 * (engine/native-loader.ts), so it is never part of a bundle either.
 *
 * Under `electron-forge start|package|make` the forge vite plugin supplies the entry of each
 * build item (forge.config.ts) and merges this file over its defaults. Run on its own
 * (`npx vite build -c vite.main.config.ts`) it builds both entries, which is how the bundle is
 * checked where Electron itself cannot run.
 */
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import { defineConfig, type ConfigEnv, type UserConfig } from 'vite';
import pkg from './package.json';

const runtimeDependencies = Object.keys(pkg.dependencies);
const external = [
  'electron',
  /^electron\//,
  ...builtinModules.flatMap((m) => [m, `node:${m}`]),
  ...runtimeDependencies.flatMap((dep) => [dep, new RegExp(`^${dep.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/`)]),
];

export default defineConfig((env: ConfigEnv & { forgeConfigSelf?: unknown }): UserConfig => {
  const underForge = env.forgeConfigSelf !== undefined;
  return {
    build: {
      outDir: '.vite/build',
      emptyOutDir: false,
      minify: false,
      sourcemap: true,
      ...(underForge
        ? {}
        : {
            lib: {
              entry: {
                main: path.resolve(__dirname, 'src-main/electron-shell/main.ts'),
                'engine-host': path.resolve(__dirname, 'src-main/engine-host/engine-host.ts'),
              },
              formats: ['cjs' as const],
              fileName: (_format: string, name: string) => `${name}.js`,
            },
          }),
      rollupOptions: { external },
    },
    resolve: { conditions: ['node'], mainFields: ['module', 'jsnext:main', 'jsnext'] },
  };
});
