/**
 * Quitting waits for the lab service to close: running work is cancelled and recorded as
 * such, and the workspace file is closed cleanly, before the process exits. The first
 * `before-quit` is held back until close() settles; then the app quits for real.
 */
import type { App } from 'electron';

export function closeBeforeQuit(app: Pick<App, 'on' | 'quit'>, close: () => Promise<void> | void, onError: (err: unknown) => void): void {
  let state: 'open' | 'closing' | 'closed' = 'open';
  app.on('before-quit', (event) => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    // Started at once (a throw inside close() becomes a rejection, not an uncaught error).
    new Promise<void>((resolve) => resolve(close())).catch(onError).finally(() => {
      state = 'closed';
      app.quit();
    });
  });
}
