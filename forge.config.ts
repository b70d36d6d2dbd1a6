/**
 * Electron Forge: `npm start` (electron-forge start), `npm run package`, `npm run make`.
 * None of them can run on the build machine of this project (Electron's binary comes from
 * GitHub, which it cannot reach); they run wherever Electron can be fetched.
 *
 * - The vite plugin builds the main process and the engine host (vite.main.config.ts), the
 *   preload (vite.preload.config.ts) and the renderer (vite.renderer.config.ts, which writes
 *   dist-renderer/; the main process serves that folder through its app:// scheme).
 * - The package holds the bundles, dist-renderer/, the native engine addon and the production
 *   dependencies the main bundle leaves external, nothing else (packageFilter below).
 * - Every `.node` binary is unpacked from the asar archive (the OS loads shared libraries from
 *   real files): that covers the engine addon and better-sqlite3's binding.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ForgeConfig } from '@electron-forge/shared-types';
import { VitePlugin } from '@electron-forge/plugin-vite';
import { MakerZIP } from '@electron-forge/maker-zip';
import { MakerDeb } from '@electron-forge/maker-deb';
import { packageFilter, runtimeModuleDirs } from './src-main/electron-shell/packaging/runtime-modules';

const projectDir = __dirname;

/**
 * Native modules and Electron's ABI:
 * - the engine addon (build/native/Release/modcomp_native.node) is a Node-API module: its ABI
 *   is stable across Node and Electron versions, so the file `npm run build:native` made loads
 *   in Electron's utilityProcess as it is, and no rebuild is needed;
 * - better-sqlite3 uses V8's C++ API, so it DOES need a rebuild against Electron's headers
 *   before it can load in the packaged app (forge does it on its copy of node_modules at
 *   package time; `electron-forge start` does it in the project's node_modules, after which
 *   plain-Node use (CLI, tests) needs `npm rebuild better-sqlite3`).
 * The rebuild downloads Electron's headers, which this project's build machine cannot reach,
 * so it runs only where Electron's own binary was downloaded (node_modules/electron/path.txt
 * exists) or when MODCOMP_ELECTRON_REBUILD=1 asks for it; elsewhere nothing is rebuilt.
 */
function rebuildForElectron(): boolean {
  const asked = process.env.MODCOMP_ELECTRON_REBUILD;
  if (asked === '1') return true;
  if (asked === '0') return false;
  return fs.existsSync(path.join(projectDir, 'node_modules', 'electron', 'path.txt'));
}

const config: ForgeConfig = {
  packagerConfig: {
    name: 'Modality Competition Lab',
    executableName: 'modality-competition-lab',
    appBundleId: 'org.modcomp.lab',
    asar: { unpack: '**/*.node' },
    ignore: packageFilter(['.vite', 'dist-renderer', 'build/native/Release/modcomp_native.node', ...runtimeModuleDirs(projectDir)]),
  },
  rebuildConfig: {
    onlyModules: rebuildForElectron() ? ['better-sqlite3'] : [],
    force: false,
  },
  makers: [
    new MakerZIP({}, ['linux', 'darwin', 'win32']),
    new MakerDeb({
      options: {
        name: 'modality-competition-lab',
        productName: 'Modality Competition Lab',
        bin: 'modality-competition-lab',
        maintainer: 'Modality Competition Lab contributors',
        categories: ['Science', 'Education'],
        section: 'science',
      },
    }),
  ],
  plugins: [
    new VitePlugin({
      build: [
        { entry: 'src-main/electron-shell/main.ts', config: 'vite.main.config.ts', target: 'main' },
        { entry: 'src-main/engine-host/engine-host.ts', config: 'vite.main.config.ts', target: 'main' },
        { entry: 'src-main/electron-shell/preload.ts', config: 'vite.preload.config.ts', target: 'preload' },
      ],
      renderer: [{ name: 'main_window', config: 'vite.renderer.config.ts' }],
    }),
  ],
};

export default config;
