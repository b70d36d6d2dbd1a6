import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nativeAvailable } from '../../src-main/engine/native-loader';
import { openServiceFixture, runEnded, tinyRunConfig, type ServiceFixture } from './service-fixture';

let fx: ServiceFixture;
beforeEach(() => {
  fx = openServiceFixture();
});
afterEach(async () => {
  await fx.cleanup();
});

describe.skipIf(!nativeAvailable())('lab service: figure packs', () => {
  it('exports a run to a fresh folder beside the workspace when no folder is named', async () => {
    const { runId } = await fx.service.startRun({ config: tinyRunConfig(2, 60) });
    await fx.waitFor(runEnded(runId));
    const figures = await fx.service.listFigures();
    expect(figures.some((f) => f.source === 'run')).toBe(true);
    const result = await fx.service.exportPack({ runId, formats: ['svg'] });
    // The same default folder as `modcomp export` without --out: one fresh folder per export.
    expect(path.dirname(result.path)).toBe(fx.dir);
    expect(path.basename(result.path)).toBe(`lab-run-${runId}-figures`);
    const again = await fx.service.exportPack({ runId, formats: ['svg'] });
    expect(path.basename(again.path)).toBe(`lab-run-${runId}-figures-2`);
    expect(result.files.length).toBeGreaterThan(0);
    for (const file of result.files) expect(fs.existsSync(path.join(result.path, file)), file).toBe(true);
  });
});
