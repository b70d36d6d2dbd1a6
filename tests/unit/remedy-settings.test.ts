import { describe, expect, it } from 'vitest';
import { fieldTable, formatFieldTable } from '../../src-main/config/fields';
import { configHash } from '../../src-main/config/hash';
import { resolveConfig, toRunSpec } from '../../src-main/config/resolve';
import { ConfigError } from '../../src-main/config/validate';

const resolve = (sets: string[]) => resolveConfig({ preset: 'competition', sets }).config;

describe('balancing remedies as run settings', () => {
  it('are listed in the settings table, each off by default, naming its method and marked beyond the paper', () => {
    const remedies = fieldTable().filter((f) => f.path.startsWith('remedies.'));
    expect(remedies.map((f) => [f.path, f.default])).toEqual([
      ['remedies.jointWeight', 1],
      ['remedies.unimodalWeights', [0]],
      ['remedies.dropout', [0]],
      ['remedies.ogm.alpha', 0],
      ['remedies.ogm.noise', false],
      ['remedies.ogm.startStep', 0],
      ['remedies.ogm.endStep', 100_000_000],
      ['remedies.blending.everySteps', 0],
      ['remedies.blending.holdout', 0.2],
    ]);
    for (const field of remedies) expect(field.help, field.path).toContain('Beyond the paper');
    const help = (path: string): string => remedies.find((f) => f.path === path)?.help ?? '';
    expect(help('remedies.ogm.alpha')).toContain('OGM-GE (Peng et al., CVPR 2022)');
    expect(help('remedies.ogm.alpha')).toContain('1 - tanh(alpha (ratio - 1))');
    expect(help('remedies.jointWeight')).toContain('gradient blending (Wang et al., CVPR 2020)');
    expect(help('remedies.jointWeight')).toContain(
      'with these weights fixed, or as the starting weights that remedies.blending re-estimates',
    );
    expect(help('remedies.blending.everySteps')).toContain('Gradient blending with re-estimated weights (Wang et al., CVPR 2020)');
    expect(help('remedies.blending.everySteps')).toContain('max(G, 0) / O^2');
    expect(help('remedies.blending.holdout')).toContain('the joint mode does not train on them');
    expect(help('remedies.unimodalWeights')).toContain('Unimodal auxiliary losses');
    expect(help('remedies.dropout')).toContain('Modality dropout');
    expect(formatFieldTable('markdown')).toContain('| remedies.ogm.noise | boolean | `false` |');
  });

  it('leave the configuration and its hash as they were while every remedy is off, even when spelled out', () => {
    const plain = resolve([]);
    expect(plain.remedies).toBeUndefined();
    const spelledOut = resolve(['remedies.unimodalWeights=0', 'remedies.dropout=[0,0]', 'remedies.ogm.alpha=0', 'remedies.jointWeight=1']);
    expect(spelledOut.remedies).toBeUndefined();
    expect(configHash(spelledOut)).toBe(configHash(plain));
    expect(toRunSpec(plain).remedies).toBeUndefined();
  });

  it('enter the configuration, expanded to one entry per modality, and the engine spec when one is on', () => {
    const config = resolve(['remedies.unimodalWeights=1', 'remedies.ogm.alpha=0.5']);
    expect(config.remedies).toEqual({
      jointWeight: 1,
      unimodalWeights: [1, 1],
      dropout: [0, 0],
      ogm: { alpha: 0.5, noise: false, startStep: 0, endStep: 100_000_000 },
    });
    expect(configHash(config)).not.toBe(configHash(resolve([])));
    expect(toRunSpec(config).remedies).toEqual(config.remedies);
    // The same remedy written with a one-entry or a K-entry list is the same run.
    expect(configHash(resolve(['remedies.unimodalWeights=[1,1]', 'remedies.ogm.alpha=0.5']))).toBe(configHash(config));
  });

  it('keep re-estimated blending out of the configuration while it is off, so other remedies keep their runs', () => {
    const aux = resolve(['remedies.unimodalWeights=1']);
    expect(aux.remedies).not.toHaveProperty('blending');
    expect(configHash(resolve(['remedies.unimodalWeights=1', 'remedies.blending.holdout=0.3']))).toBe(configHash(aux));
    const blending = resolve(['remedies.blending.everySteps=100']);
    expect(blending.remedies?.blending).toEqual({ everySteps: 100, holdout: 0.2 });
    expect(toRunSpec(blending).remedies?.blending).toEqual({ everySteps: 100, holdout: 0.2 });
    expect(configHash(resolve(['remedies.blending.everySteps=100', 'remedies.blending.holdout=0.3']))).not.toBe(configHash(blending));
  });

  it('refuse bad values with one line naming the setting', () => {
    const message = (sets: string[]): string => {
      try {
        resolve(sets);
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as Error).message;
      }
      throw new Error('accepted');
    };
    expect(message(['remedies.dropout=[0.2,0.3,0.1]'])).toBe(
      'remedies.dropout has 3 values but data.K is 2: give 2 values, or 1 value to use for every modality',
    );
    expect(message(['remedies.dropout=1.5'])).toBe('remedies.dropout[0] must be a finite number between 0 and 1, got 1.5');
    expect(message(['remedies.ogm.alpha=-1'])).toBe('remedies.ogm.alpha must be a finite number between 0 and 1000, got -1');
    expect(message(['remedies.ogm.startStep=10', 'remedies.ogm.endStep=5'])).toBe(
      'remedies.ogm.endStep must be at least remedies.ogm.startStep = 10, got 5',
    );
    expect(message(['remedies.ogm.alfa=1'])).toBe('unknown setting remedies.ogm.alfa; did you mean remedies.ogm.alpha?');
    expect(message(['remedies.ogm=3'])).toBe('remedies.ogm must be an object of settings, got 3');
    expect(message(['remedies.blending.holdout=0'])).toBe('remedies.blending.holdout must be a finite number > 0 and <= 0.5, got 0');
    expect(message(['remedies.blending.everySteps=10', 'data.n=1'])).toBe(
      'remedies.blending.holdout = 0.2 of data.n = 1 holds out 0 samples; it must hold out at least 1 and train on at least 1',
    );
    expect(message(['remedies.blending.everySteps=10', 'train.batchSize=10'])).toBe(
      'remedies.blending.everySteps: gradient blending with re-estimated weights trains the full batch of its training part; set train.batchSize to 0',
    );
  });
});
