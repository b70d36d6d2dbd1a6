import { describe, expect, it } from 'vitest';
import { divergingColour, MISSING_COLOUR, sequentialColour, textColourOn } from '../../src-renderer/lib/charts/colour-scale';
import { modalityColour, modeDash, OKABE_ITO } from '../../src-renderer/lib/charts/palette';

function lightness(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return 0.2126 * (r as number) + 0.7152 * (g as number) + 0.0722 * (b as number);
}

describe('colour scales', () => {
  it('sequential scale gets darker as the probability rises, and clamps', () => {
    const steps = [0, 0.25, 0.5, 0.75, 1].map(sequentialColour);
    for (let i = 1; i < steps.length; i++) expect(lightness(steps[i] as string)).toBeLessThan(lightness(steps[i - 1] as string));
    expect(sequentialColour(-1)).toBe(sequentialColour(0));
    expect(sequentialColour(2)).toBe(sequentialColour(1));
  });

  it('diverging scale is white at 0 and Okabe-Ito blue / vermillion at the ends', () => {
    expect(divergingColour(0, 0.2)).toBe('#ffffff');
    expect(divergingColour(-0.2, 0.2).toUpperCase()).toBe(OKABE_ITO.blue);
    expect(divergingColour(0.5, 0.2).toUpperCase()).toBe(OKABE_ITO.vermillion);
  });

  it('shows missing values in grey', () => {
    expect(sequentialColour(null)).toBe(MISSING_COLOUR);
    expect(divergingColour(Number.NaN, 1)).toBe(MISSING_COLOUR);
  });

  it('picks readable text', () => {
    expect(textColourOn('#ffffff')).toBe('#000000');
    expect(textColourOn('#081d58')).toBe('#ffffff');
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
