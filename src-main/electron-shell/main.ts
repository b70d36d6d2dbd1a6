/**
 * The Electron main process entry (forge's vite build makes `.vite/build/main.js` of it).
 * One instance at a time: a second launch focuses the running window instead of opening the
 * same workspace twice.
 */
import * as electron from 'electron';
import { createLabService } from '../service/lab-service';
import { prepareShell, startShell } from './shell';

// Defined by @electron-forge/plugin-vite during `electron-forge start`; absent otherwise.
declare const MAIN_WINDOW_VITE_DEV_SERVER_URL: string | undefined;

function devServerUrl(): string | undefined {
  return typeof MAIN_WINDOW_VITE_DEV_SERVER_URL === 'string' ? MAIN_WINDOW_VITE_DEV_SERVER_URL : undefined;
}

prepareShell(electron);

if (!electron.app.requestSingleInstanceLock()) {
  electron.app.quit();
} else {
  electron.app
    .whenReady()
    .then(() => startShell(electron, createLabService, { mainDir: __dirname, devServerUrl: devServerUrl() }))
    .catch((err: unknown) => {
      electron.dialog.showErrorBox(
        'Modality Competition Lab failed to start',
        err instanceof Error ? (err.stack ?? err.message) : String(err),
      );
      electron.app.exit(1);
    });
}
