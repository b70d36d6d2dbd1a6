/**
 * Where the CLI writes. main() takes it as a parameter so tests can run commands in-process and
 * read what they printed; the real process streams are the default.
 */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** The stream a progress bar draws on, or null when progress must not be shown (no TTY). */
  progressStream: NodeJS.WriteStream | null;
  /** Registers a Ctrl-C handler for the duration of a run; returns the function that removes it. */
  onInterrupt(handler: () => void): () => void;
  /** Asks a yes/no question on a terminal; absent when there is no terminal to ask on. */
  confirm?: (question: string) => Promise<boolean>;
}

async function askOnTerminal(question: string): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

export function processIo(): CliIo {
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    progressStream: process.stderr.isTTY ? process.stderr : null,
    onInterrupt(handler) {
      // `once`: a second Ctrl-C falls through to Node's default and ends the process at once.
      process.once('SIGINT', handler);
      return () => void process.removeListener('SIGINT', handler);
    },
    confirm: process.stdin.isTTY && process.stderr.isTTY ? askOnTerminal : undefined,
  };
}
