/** Engine refusals the user can act on (the CLI exits 2 with the message, the server answers 4xx). */

/** The chosen engine cannot run here; a usage problem (exit code 2), the message says the fix. */
export class EngineUnavailableError extends Error {
  override name = 'EngineUnavailableError';
}

/** The engine refused a run's configuration (e.g. over the memory limit): exit code 2. */
export class RunRefusedError extends Error {
  override name = 'RunRefusedError';
}
