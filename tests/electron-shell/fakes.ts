/**
 * Small stand-ins for the Electron objects the shell touches. Each records what the shell did
 * to it (listeners, handlers, messages) so a test can act as Electron would and look at the
 * result; the shell's modules are typed against Electron's own types, so the fakes are cast.
 */
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export function tempDir(prefix = 'mcl-shell-'): { dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A DOM-like event whose preventDefault is recorded. */
export function preventable(): { preventDefault(): void; defaultPrevented: boolean } {
  const event = {
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

export class FakeFrame {
  parent: FakeFrame | null = null;
  constructor(public url: string) {}
}

/** WebContents: events, a window-open handler, sent messages, a main frame. */
export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  sent: { channel: string; payload: unknown }[] = [];
  mainFrame: FakeFrame;
  destroyed = false;

  constructor(url = 'app://lab/index.html') {
    super();
    this.mainFrame = new FakeFrame(url);
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }

  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  /** Emits `name` with a fresh preventable event and returns it. */
  fire(name: string, ...args: unknown[]): ReturnType<typeof preventable> {
    const event = preventable();
    this.emit(name, event, ...args);
    return event;
  }
}

/** An IPC invoke event from `frame` of `sender`. */
export function invokeEvent(
  sender: FakeWebContents,
  frame: FakeFrame | null = sender.mainFrame,
): { sender: unknown; senderFrame: unknown } {
  return { sender, senderFrame: frame };
}
