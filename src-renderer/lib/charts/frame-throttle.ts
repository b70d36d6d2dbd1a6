/**
 * Coalesces chart redraws: `request()` may be called for every incoming batch, but `draw` runs
 * at most once per `minIntervalMs` (about 30 times a second by default) and on an animation
 * frame, so a fast stream of progress events never queues more than one redraw.
 */
export interface FrameScheduler {
  requestFrame(fn: () => void): unknown;
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  cancelFrame(handle: unknown): void;
}

export interface ThrottledDraw {
  request(): void;
  cancel(): void;
}

export function throttleDraw(draw: () => void, scheduler: FrameScheduler, minIntervalMs = 33): ThrottledDraw {
  let last = -Infinity;
  let frame: unknown = null;
  let timer: unknown = null;
  const run = (): void => {
    frame = null;
    last = scheduler.now();
    draw();
  };
  return {
    request() {
      if (frame !== null || timer !== null) return;
      const wait = last + minIntervalMs - scheduler.now();
      if (wait <= 0) {
        frame = scheduler.requestFrame(run);
      } else {
        timer = scheduler.setTimeout(() => {
          timer = null;
          frame = scheduler.requestFrame(run);
        }, wait);
      }
    },
    cancel() {
      if (timer !== null) scheduler.clearTimeout(timer);
      if (frame !== null) scheduler.cancelFrame(frame);
      timer = null;
      frame = null;
    },
  };
}
