/** An in-memory CliIo for running main() in-process and reading what it printed. */
import type { CliIo } from '../../src-main/cli/cli-io';

export interface CapturedIo extends CliIo {
  stdout: string;
  stderr: string;
  /** Simulates Ctrl-C: calls the handler the run registered (if any is registered). */
  interrupt(): boolean;
}

export function captureIo(): CapturedIo {
  let handler: (() => void) | null = null;
  const io: CapturedIo = {
    stdout: '',
    stderr: '',
    out: (text) => void (io.stdout += text),
    err: (text) => void (io.stderr += text),
    progressStream: null,
    onInterrupt(h) {
      handler = h;
      return () => {
        handler = null;
      };
    },
    interrupt() {
      if (!handler) return false;
      handler();
      return true;
    },
  };
  return io;
}
