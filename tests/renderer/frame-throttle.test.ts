import { describe, expect, it } from 'vitest';
import { throttleDraw, type FrameScheduler } from '../../src-renderer/lib/charts/frame-throttle';

function fakeScheduler() {
  let time = 0;
  const frames: (() => void)[] = [];
  const timers: { at: number; fn: () => void }[] = [];
  const scheduler: FrameScheduler = {
    now: () => time,
    requestFrame: (fn) => frames.push(fn),
    cancelFrame: () => frames.splice(0),
    setTimeout: (fn, ms) => timers.push({ at: time + ms, fn }),
    clearTimeout: () => timers.splice(0),
  };
  const advance = (ms: number): void => {
    time += ms;
    const due = timers.filter((t) => t.at <= time);
    timers.splice(0, timers.length, ...timers.filter((t) => t.at > time));
    for (const t of due) t.fn();
    for (const f of frames.splice(0)) f();
  };
  return { scheduler, advance, frames, timers };
}

describe('throttled redraw', () => {
  it('coalesces many requests into one draw per frame', () => {
    const { scheduler, advance } = fakeScheduler();
    let draws = 0;
    const redraw = throttleDraw(() => draws++, scheduler, 33);
    for (let i = 0; i < 50; i++) redraw.request();
    advance(16);
    expect(draws).toBe(1);
  });

  it('waits out the minimum interval before drawing again, then draws the latest state', () => {
    const { scheduler, advance } = fakeScheduler();
    let draws = 0;
    const redraw = throttleDraw(() => draws++, scheduler, 33);
    redraw.request();
    advance(1);
    redraw.request();
    advance(10);
    expect(draws).toBe(1);
    advance(30);
    expect(draws).toBe(2);
  });

  it('draws nothing after cancel', () => {
    const { scheduler, advance } = fakeScheduler();
    let draws = 0;
    const redraw = throttleDraw(() => draws++, scheduler, 33);
    redraw.request();
    redraw.cancel();
    advance(100);
    expect(draws).toBe(0);
  });
});
