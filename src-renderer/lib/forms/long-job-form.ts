/**
 * Reading the forms that start a long job (the paper check, the remedy comparison): the same
 * fields in both, checked the same way, so a mistake reads alike in either view.
 */

/** An empty field is `undefined` (the job's default); anything but a whole number >= min is refused by name. */
export function wholeNumber(text: string, name: string, min: number): number | undefined {
  if (text.trim() === '') return undefined;
  if (!/^\d+$/.test(text.trim()) || Number(text) < min) throw new Error(`${name} must be a whole number of at least ${min}`);
  return Number(text);
}

/** The trial settings (`path=value`), one per comma or line; blanks dropped. */
export function trialSettings(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
