/**
 * Minimal SVG element building: escaped text, coordinates with at most two decimals, attributes in
 * the order given. No ids, no timestamps: equal input gives equal bytes.
 */

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A coordinate or length in points, rounded to 1/100 pt. */
export function num(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

type AttrValue = string | number | null | undefined;

function attributes(attrs: Record<string, AttrValue>): string {
  return Object.entries(attrs)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => ` ${k}="${typeof v === 'number' ? num(v) : escapeXml(v as string)}"`)
    .join('');
}

export function element(name: string, attrs: Record<string, AttrValue>, children?: string): string {
  return children === undefined ? `<${name}${attributes(attrs)}/>` : `<${name}${attributes(attrs)}>${children}</${name}>`;
}

export function textElement(text: string, attrs: Record<string, AttrValue>): string {
  return element('text', attrs, escapeXml(text));
}

/** A path through points; a NaN point breaks the line (the next finite point starts a new piece). */
export function polylinePath(points: [number, number][]): string {
  let d = '';
  let pen = false;
  for (const [x, y] of points) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${num(x)} ${num(y)}`;
    pen = true;
  }
  return d;
}
