/**
 * The main-process side of the bridge. One `lab:call` handler: the sender must be our page,
 * the method name and argument must pass the shared schema (parseApiCall), then the lab
 * service answers. The reply is always `{ok, result}` or `{ok: false, error: {message}}`: a
 * bad call or a failing service never throws into Electron's IPC layer, so main never crashes
 * on what a page sends. Lab events go back on `lab:event`.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { CallReply, ExportRequestDto, LabEvent, LabMethod } from '../api/lab-api';
import { parseApiCall } from '../api/api-schemas';
import { CALL_CHANNEL, EVENT_CHANNEL } from './ipc-channels';
import type { SenderEvent } from './sender-check';
import type { ShellLabService } from './shell-service';

export const EXPORT_CANCELLED = 'export cancelled: no folder was chosen';

export interface LabCallDeps {
  service(): ShellLabService;
  /** Null when the sender may call, else why it may not. */
  checkSender(event: SenderEvent): string | null;
  /** Asks the user where an export pack goes; null when they cancel. */
  chooseExportTarget(): Promise<string | null>;
}

function messageOf(err: unknown): string {
  if (err instanceof Error && err.message) return err.message;
  return typeof err === 'string' && err ? err : 'the lab failed without a message';
}

type MethodTable = Record<LabMethod, (args: unknown) => Promise<unknown>>;

export function createLabCallHandler(deps: LabCallDeps) {
  return async function handleLabCall(event: SenderEvent, method: unknown, args: unknown): Promise<CallReply> {
    try {
      const refused = deps.checkSender(event);
      if (refused) return { ok: false, error: { message: `call refused: ${refused}` } };
      const call = parseApiCall(method, args);
      let callArgs = call.args;
      if (call.method === 'exportPack' && (callArgs as ExportRequestDto).out === undefined) {
        const out = await deps.chooseExportTarget();
        if (out === null) return { ok: false, error: { message: EXPORT_CANCELLED } };
        callArgs = { ...(callArgs as ExportRequestDto), out };
      }
      const service = deps.service() as unknown as MethodTable;
      const result = await service[call.method].call(service, callArgs);
      return { ok: true, result: result === undefined ? null : result };
    } catch (err) {
      return { ok: false, error: { message: messageOf(err) } };
    }
  };
}

export function registerLabIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, deps: LabCallDeps): () => void {
  const handler = createLabCallHandler(deps);
  ipcMain.handle(CALL_CHANNEL, (event: IpcMainInvokeEvent, method: unknown, args: unknown) => handler(event, method, args));
  return () => ipcMain.removeHandler(CALL_CHANNEL);
}

/** Forwards every lab event to the window while it lives; returns the unsubscribe. */
export function forwardLabEvents(service: Pick<ShellLabService, 'subscribe'>, contents: () => WebContents | null): () => void {
  return service.subscribe((event: LabEvent) => {
    const target = contents();
    if (target && !target.isDestroyed()) target.send(EVENT_CHANNEL, event);
  });
}
