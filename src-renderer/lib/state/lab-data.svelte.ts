/**
 * What the lab told us that several views share: the host info (workspace name and path), the
 * settings and presets, the run and sweep lists. Each list has its own error, shown in place
 * by the view that needs it.
 */
import type { FieldDto, LabApi, LabInfo, PresetDto, RunRow, SweepRow } from '../../../src-main/api/lab-api';
import type { ConnectionState } from '../api/event-stream';
import { userMessage } from '../api/bridge-call';
import { sweepActivity } from './sweep-activity-store.svelte';

export interface LabData {
  info: LabInfo | null;
  fields: FieldDto[];
  presets: PresetDto[];
  runs: RunRow[];
  sweeps: SweepRow[];
  connection: ConnectionState;
  errors: { info: string | null; catalogue: string | null; runs: string | null; sweeps: string | null };
  /** Last export or menu action result, shown in the header. */
  notice: { kind: 'ok' | 'error'; text: string } | null;
}

export const lab: LabData = $state({
  info: null,
  fields: [],
  presets: [],
  runs: [],
  sweeps: [],
  connection: 'idle',
  errors: { info: null, catalogue: null, runs: null, sweeps: null },
  notice: null,
});

export async function loadInfo(api: LabApi): Promise<void> {
  try {
    lab.info = await api.info();
    lab.errors.info = null;
  } catch (err) {
    lab.errors.info = userMessage(err);
  }
}

export async function loadCatalogue(api: LabApi): Promise<void> {
  try {
    const [fields, presets] = await Promise.all([api.fields(), api.presets()]);
    lab.fields = fields;
    lab.presets = presets;
    lab.errors.catalogue = null;
  } catch (err) {
    lab.errors.catalogue = userMessage(err);
  }
}

export async function loadRuns(api: LabApi): Promise<void> {
  try {
    lab.runs = await api.listRuns({ limit: 5000 });
    lab.errors.runs = null;
  } catch (err) {
    lab.errors.runs = userMessage(err);
  }
}

export async function loadSweeps(api: LabApi): Promise<void> {
  const sentAt = sweepActivity.now();
  try {
    lab.sweeps = await api.listSweeps();
    // The list names the sweeps the lab is running: a page loaded mid-sweep shows them at once.
    sweepActivity.seed(lab.sweeps, sentAt);
    lab.errors.sweeps = null;
  } catch (err) {
    lab.errors.sweeps = userMessage(err);
  }
}
