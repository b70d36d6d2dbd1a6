/**
 * Svelte actions that colour an element through the CSSOM, which the content security policy
 * allows (inline style attributes it does not): `paint` fills the background and picks readable
 * text on it, `ink` colours the text.
 */
import { textColourOn } from './colour-scale';

export function paint(node: HTMLElement, colour: string): { update(colour: string): void } {
  const apply = (c: string): void => {
    node.style.backgroundColor = c;
    node.style.color = textColourOn(c);
  };
  apply(colour);
  return { update: apply };
}

export function ink(node: HTMLElement, colour: string): { update(colour: string): void } {
  node.style.color = colour;
  return { update: (c: string) => (node.style.color = c) };
}
