/**
 * A lab service that records the calls it receives, for the shell's IPC and menu tests. Only
 * the methods a test names answer; any other call fails loudly.
 */
import type { LabEvent, LabInfo, WorkspaceInfo } from '../../src-main/api/lab-api';
import type { ShellLabService } from '../../src-main/electron-shell/shell-service';

export interface FakeService {
  service: ShellLabService;
  calls: { method: string; args: unknown }[];
  emit(event: LabEvent): void;
  workspace: WorkspaceInfo;
  closed: number;
}

export function fakeService(answers: Record<string, (args: unknown) => unknown> = {}, workspacePath = '/data/first.mcl'): FakeService {
  const listeners = new Set<(event: LabEvent) => void>();
  const state: FakeService = {
    service: null as unknown as ShellLabService,
    calls: [],
    emit: (event) => listeners.forEach((l) => l(event)),
    workspace: { name: workspacePath.split('/').pop()!, path: workspacePath },
    closed: 0,
  };
  const info = (): LabInfo => ({
    apiVersion: 1,
    appVersion: '0.1.0',
    host: 'electron',
    workspace: state.workspace,
    engine: { name: 'native', cuda: { available: false, reason: 'no GPU here' } },
  });
  const base: Record<string, unknown> = {
    info: async () => info(),
    subscribe: (listener: (event: LabEvent) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: async () => {
      state.closed += 1;
    },
    switchWorkspace: async (path: string) => {
      state.calls.push({ method: 'switchWorkspace', args: path });
      state.workspace = { name: path.split('/').pop()!, path };
      return state.workspace;
    },
    saveWorkspaceAs: async (path: string) => {
      state.calls.push({ method: 'saveWorkspaceAs', args: path });
      state.workspace = { name: path.split('/').pop()!, path };
      return state.workspace;
    },
  };
  for (const [method, answer] of Object.entries(answers)) {
    base[method] = async (args: unknown) => {
      state.calls.push({ method, args });
      return answer(args);
    };
  }
  state.service = new Proxy(base, {
    get(target, key: string | symbol) {
      // Not a thenable (a Promise would otherwise wait on it forever), and no symbol methods.
      if (typeof key === 'symbol' || key === 'then') return undefined;
      if (key in target) return target[key];
      return async () => {
        throw new Error(`fake service: ${key} was not expected in this test`);
      };
    },
  }) as unknown as ShellLabService;
  return state;
}
