/**
 * What the shell needs from the lab service (service/lab-service.ts): the LabApi every host
 * serves, plus the workspace operations behind the File menu and a close that records every
 * run as cancelled before the app quits. Declared here so the shell's modules and tests depend
 * on this face only, not on how the service is built.
 */
import type { LabApi } from '../api/lab-api';

export interface ShellLabService extends LabApi {
  /** Cancels running work (recorded as cancelled) and closes the workspace file. */
  close(): Promise<void> | void;
  /** Opens (or creates) the workspace at `path` and makes it the current one. */
  switchWorkspace(path: string): Promise<unknown> | unknown;
  /** Copies the current workspace to `path` and continues in the copy. */
  saveWorkspaceAs(path: string): Promise<unknown> | unknown;
}
