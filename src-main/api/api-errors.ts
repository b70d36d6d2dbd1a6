/**
 * Whose fault a failed call is, for the doors that report it (the lab server's HTTP status).
 * The service raises LabRequestError for the user's mistakes it finds itself (no such run, a
 * sweep already running); the lab core's own error classes for bad input (a configuration, a
 * pack, a workspace that cannot be used or is held by another process) are known by name, since
 * the doors may not import the layers that define them. Anything else is the lab's fault (500).
 */
export type Fault = 'bad-request' | 'not-found' | 'conflict';

export class LabRequestError extends Error {
  override name = 'LabRequestError';
  constructor(
    message: string,
    readonly fault: Fault,
  ) {
    super(message);
  }
}

/** Error classes of the lab core whose message is about the user's input. */
const USER_INPUT_ERRORS: Record<string, Fault> = {
  ConfigError: 'bad-request',
  SweepSpecError: 'bad-request',
  SweepExistsError: 'conflict',
  FigurePackError: 'bad-request',
  FigureRequestError: 'bad-request',
  FigureSourceError: 'bad-request',
  InputLimitError: 'bad-request',
  NpyFormatError: 'bad-request',
  ImportError: 'bad-request',
  RunRefusedError: 'bad-request',
  EngineUnavailableError: 'conflict',
  WorkspaceError: 'bad-request',
  WorkspaceTooNewError: 'bad-request',
  HeldError: 'conflict',
};

const STATUS: Record<Fault, number> = { 'bad-request': 400, 'not-found': 404, conflict: 409 };

/** The HTTP status for a failed call: 4xx when the user can act on it, else 500. */
export function faultStatus(err: unknown): number {
  if (err instanceof LabRequestError) return STATUS[err.fault];
  const fault = err instanceof Error ? USER_INPUT_ERRORS[err.name] : undefined;
  return fault ? STATUS[fault] : 500;
}
