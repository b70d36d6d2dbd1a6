import { describe, expect, it } from 'vitest';
import {
  divergingColour,
  MISSING_COLOUR,
  OUTCOME_COLOURS,
  sequentialColour,
  textColourOn,
} from '../../src-renderer/lib/charts/colour-scale';
import { logTickLabels } from '../../src-renderer/lib/charts/log-ticks';
import { modalityColour, modeDash, OKABE_ITO } from '../../src-renderer/lib/charts/palette';

function lightness(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return 0.2126 * (r as number) + 0.7152 * (g as number) + 0.0722 * (b as number);
}

describe('colour scales', () => {
  it('sequential scale (viridis) gets lighter as the probability rises, and clamps', () => {
    const steps = [0, 0.25, 0.5, 0.75, 1].map(sequentialColour);
    for (let i = 1; i < steps.length; i++) expect(lightness(steps[i] as string)).toBeGreaterThan(lightness(steps[i - 1] as string));
    expect(sequentialColour(-1)).toBe(sequentialColour(0));
    expect(sequentialColour(2)).toBe(sequentialColour(1));
  });

  it('diverging scale is near-white at 0, symmetric in lightness, and clamps', () => {
    expect(lightness(divergingColour(0, 0.2))).toBeGreaterThan(240);
    expect(Math.abs(lightness(divergingColour(-0.2, 0.2)) - lightness(divergingColour(0.2, 0.2)))).toBeLessThan(40);
    expect(divergingColour(0.5, 0.2)).toBe(divergingColour(0.2, 0.2));
  });

  it('shows missing values in grey', () => {
    expect(sequentialColour(null)).toBe(MISSING_COLOUR);
    expect(divergingColour(Number.NaN, 1)).toBe(MISSING_COLOUR);
  });

  it('picks readable text', () => {
    expect(textColourOn('#ffffff')).toBe('#000000');
    expect(textColourOn('#081d58')).toBe('#FFFFFF');
  });
});

describe('one colour pair per meaning', () => {
  const modalityPair = [modalityColour(0), modalityColour(1)].map((c) => c.toUpperCase());
  /** Distance in RGB: Okabe-Ito blue and vermillion must be far from every other meaning's colour. */
  const distance = (a: string, b: string): number => {
    const ch = (h: string): number[] => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
    const [x, y] = [ch(a), ch(b)];
    return Math.hypot(...x.map((v, i) => v - (y[i] as number)));
  };

  it('signed values (alignment, gap) do not use the modality colours at either end', () => {
    for (const end of [divergingColour(-1, 1), divergingColour(1, 1)]) {
      for (const modality of modalityPair) expect(distance(end.toUpperCase(), modality), `${end} vs ${modality}`).toBeGreaterThan(80);
    }
  });

  it('outcome categories have four distinct colours, none a modality colour', () => {
    const colours = Object.values(OUTCOME_COLOURS);
    expect(new Set(colours).size).toBe(4);
    for (const c of colours) for (const modality of modalityPair) expect(distance(c, modality), `${c} vs ${modality}`).toBeGreaterThan(80);
  });

  it('the app and the exported figures use the same sequential (viridis) and diverging scales', async () => {
    const figures = await import('../../src-main/figures/color-maps');
    for (const t of [0, 0.1, 0.37, 0.5, 0.82, 1]) {
      expect(sequentialColour(t).toUpperCase()).toBe(figures.colorFor('sequential', [0, 1], t).toUpperCase());
      expect(divergingColour(2 * t - 1, 1).toUpperCase()).toBe(figures.colorFor('diverging', [-1, 1], 2 * t - 1).toUpperCase());
    }
    expect(sequentialColour(0).toUpperCase()).toBe('#440154');
    expect(sequentialColour(1).toUpperCase()).toBe('#FDE725');
  });
});

describe('palette', () => {
  it('gives each modality a fixed, distinct Okabe-Ito colour', () => {
    const colours = Array.from({ length: 7 }, (_, r) => modalityColour(r));
    expect(new Set(colours).size).toBe(7);
    expect(colours.every((c) => (Object.values(OKABE_ITO) as string[]).includes(c))).toBe(true);
    expect(modalityColour(0)).toBe(modalityColour(7));
  });

  it('draws joint runs solid and unimodal runs dashed', () => {
    expect(modeDash('joint')).toEqual([]);
    expect(modeDash('unimodal:1').length).toBeGreaterThan(0);
  });
});

describe('log axis labels', () => {
  it('labels only 1, 2 and 5 times a power of ten when there are at least two of them', () => {
    expect(logTickLabels([0.0001, 0.0002, 0.0003, 0.0005, 0.001, 0.1, 2, 50, 1e5])).toEqual([
      '1e-4',
      '2e-4',
      '',
      '5e-4',
      '0.001',
      '0.1',
      '2',
      '50',
      '1e+5',
    ]);
  });

  it('labels about five ticks with three digits on a narrow range, and never a non-positive one', () => {
    const narrow = [0.000183, 0.000185, 0.00019, 0.0002, 0.00021, 0.00022, 0.00023, 0.00024, 0.00025, 0.000255];
    const labels = logTickLabels(narrow);
    expect(labels.filter((l) => l !== '')).toEqual(['1.83e-4', '1.9e-4', '2.1e-4', '2.3e-4', '2.5e-4']);
    expect(logTickLabels([0, -1, Number.NaN])).toEqual(['', '', '']);
  });

  it('labels only powers of ten, then every other one, when the axis is too short for more', () => {
    const ticks = [1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2];
    expect(logTickLabels(ticks, 6).filter((l) => l !== '')).toEqual(['1e-4', '0.001', '0.01', '0.1', '1']);
    expect(logTickLabels(ticks, 3).filter((l) => l !== '')).toEqual(['1e-4', '0.01', '1']);
  });
});

describe('one colour per modality across the app and the figure packs', () => {
  it('gives modality r the same colour on screen and in exported figures', async () => {
    const figures = await import('../../src-main/figures/style');
    for (let r = 0; r < 10; r++) expect(modalityColour(r)).toBe(figures.modalityColor(r));
    expect(modalityColour(0)).not.toBe(modalityColour(1));
  });
});
