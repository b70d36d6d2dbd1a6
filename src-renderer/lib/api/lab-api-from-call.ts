/**
 * Turns a generic "call a method by name" function and an event subscription into the typed
 * LabApi the views use. Both transports (Electron bridge, lab server) reduce to this pair, so
 * the method list lives in one place.
 */
import type { LabApi, LabEvent, LabMethod } from '../../../src-main/api/lab-api';

export type CallFn = (method: LabMethod, args?: unknown) => Promise<unknown>;
export type SubscribeFn = (listener: (event: LabEvent) => void) => () => void;

export function labApiFromCall(call: CallFn, subscribe: SubscribeFn): LabApi {
  // The host validates every argument and shapes every result to the contract; the client
  // trusts the result types, as a typed RPC stub does.
  const typed =
    <A, R>(method: LabMethod) =>
    (args: A): Promise<R> =>
      call(method, args) as Promise<R>;
  const noArgs =
    <R>(method: LabMethod) =>
    (): Promise<R> =>
      call(method) as Promise<R>;
  return {
    info: noArgs('info'),
    fields: noArgs('fields'),
    presets: noArgs('presets'),
    validateConfig: typed('validateConfig'),
    startRun: typed('startRun'),
    cancelRun: typed('cancelRun'),
    listRuns: typed('listRuns'),
    getRun: typed('getRun'),
    tagRun: typed('tagRun'),
    noteRun: typed('noteRun'),
    deleteRuns: typed('deleteRuns'),
    listSweeps: noArgs('listSweeps'),
    getSweep: typed('getSweep'),
    cellBands: typed('cellBands'),
    startSweep: typed('startSweep'),
    queueActivity: typed('queueActivity'),
    cancelSweep: typed('cancelSweep'),
    overlayRuns: typed('overlayRuns'),
    sampleData: typed('sampleData'),
    listFigures: noArgs('listFigures'),
    exportPack: typed('exportPack'),
    importPack: typed('importPack'),
    startCheck: typed('startCheck'),
    cancelCheck: noArgs('cancelCheck'),
    checkState: noArgs('checkState'),
    startComparison: typed('startComparison'),
    cancelComparison: noArgs('cancelComparison'),
    comparisonState: noArgs('comparisonState'),
    subscribe,
  };
}
