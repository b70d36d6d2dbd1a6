/** The browser's clocks for throttleDraw (kept apart so the throttle itself is testable in Node). */
import type { FrameScheduler } from './frame-throttle';

export const browserScheduler: FrameScheduler = {
  requestFrame: (fn) => requestAnimationFrame(() => fn()),
  cancelFrame: (handle) => cancelAnimationFrame(handle as number),
  now: () => performance.now(),
  setTimeout: (fn, ms) => window.setTimeout(fn, ms),
  clearTimeout: (handle) => window.clearTimeout(handle as number),
};
