import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LabEvent } from '../../src-main/api/lab-api';
import { nativeAvailable } from '../../src-main/engine/native-loader';
import { Workspace } from '../../src-main/workspace/workspace';
import { openServiceFixture, runEnded, tinyRunConfig, type ServiceFixture } from './service-fixture';

let fx: ServiceFixture;
beforeEach(() => {
  fx = openServiceFixture();
});
afterEach(async () => {
  await fx.cleanup();
});

const changed = (e: LabEvent): e is Extract<LabEvent, { type: 'workspace-changed' }> => e.type === 'workspace-changed';

describe.skipIf(!nativeAvailable())('lab service: workspaces', () => {
  it('saves the workspace under another name and continues in the copy, leaving the original as it was', async () => {
    const original = (await fx.service.info()).workspace.path;
    const { runId } = await fx.service.startRun({ config: tinyRunConfig(1, 40) });
    await fx.waitFor(runEnded(runId));
    await fx.service.tagRun({ runId, add: ['before'] });

    const copy = path.join(fx.dir, 'copy.mcl');
    expect(await fx.service.saveWorkspaceAs(copy)).toEqual({ name: 'copy.mcl', path: copy });
    expect(await fx.waitFor(changed)).toMatchObject({ workspace: { path: copy } });
    expect((await fx.service.info()).workspace.path).toBe(copy);
    const [row] = await fx.service.listRuns();
    expect(row).toMatchObject({ id: runId, status: 'finished', tags: ['before'] });
    expect(Object.keys((await fx.service.getRun({ runId })).series).length).toBe(3);

    await fx.service.tagRun({ runId, add: ['after'] });
    const ws = Workspace.open(original);
    try {
      expect(ws.getRun(runId)?.tags).toEqual(['before']);
    } finally {
      ws.close();
    }
  });

  it('switches to another (new) workspace and back', async () => {
    const first = (await fx.service.info()).workspace.path;
    const { runId } = await fx.service.startRun({ config: tinyRunConfig(2, 40) });
    await fx.waitFor(runEnded(runId));
    const other = path.join(fx.dir, 'nested', 'other.mcl');
    expect(await fx.service.switchWorkspace(other)).toEqual({ name: 'other.mcl', path: other });
    expect(fs.existsSync(other)).toBe(true);
    expect(await fx.service.listRuns()).toEqual([]);
    await fx.service.switchWorkspace(first);
    expect((await fx.service.listRuns()).map((r) => r.id)).toEqual([runId]);
    expect(fx.events.filter(changed).map((e) => e.workspace.name)).toEqual(['other.mcl', 'lab.mcl']);
  });

  it('refuses to switch or save as while a run is in progress, and refuses files that are not workspaces', async () => {
    const { runId } = await fx.service.startRun({ config: tinyRunConfig(3, 5_000_000, 1000) });
    await expect(fx.service.switchWorkspace(path.join(fx.dir, 'b.mcl'))).rejects.toThrow(
      'cannot switch workspaces while 1 run is in progress; cancel them or wait for them to finish',
    );
    await expect(fx.service.saveWorkspaceAs(path.join(fx.dir, 'c.mcl'))).rejects.toThrow(/while 1 run is in progress/);
    await fx.service.cancelRun({ runId });
    await fx.waitFor(runEnded(runId));

    const notes = path.join(fx.dir, 'notes.txt');
    fs.writeFileSync(notes, 'not a workspace at all, just some text that is long enough to have a header');
    await expect(fx.service.switchWorkspace(notes)).rejects.toThrow(/notes\.txt/);
    expect((await fx.service.info()).workspace.name).toBe('lab.mcl');
    await expect(fx.service.saveWorkspaceAs(path.join(fx.dir, 'missing-folder', 'x.mcl'))).rejects.toThrow(
      /the folder .*missing-folder does not exist/,
    );
  });
});
