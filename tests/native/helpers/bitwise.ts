/**
 * Bit-level equality of plain values and typed arrays, reporting the first differing path.
 * Numbers compare with Object.is on purpose: NaN equals NaN (metrics use NaN for "not
 * applicable") and -0 differs from +0 (a sign flip is a real difference in the arithmetic).
 */
export function firstBitDifference(a: unknown, b: unknown, path = '$'): string | null {
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b)) return `${path}: typed array vs ${typeof b}`;
    if (a.constructor !== b.constructor) return `${path}: ${a.constructor.name} vs ${b.constructor.name}`;
    const bytesA = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const bytesB = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    if (bytesA.length !== bytesB.length) return `${path}: ${bytesA.length} vs ${bytesB.length} bytes`;
    const element = (a as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
    for (let i = 0; i < bytesA.length; i++) {
      if (bytesA[i] !== bytesB[i]) {
        const index = Math.floor(i / element);
        const values = [a, b].map((view) => String((view as unknown as ArrayLike<number>)[index]));
        return `${path}[${index}]: ${values[0] ?? ''} vs ${values[1] ?? ''}`;
      }
    }
    return null;
  }
  if (typeof a === 'number' || typeof b === 'number') return Object.is(a, b) ? null : `${path}: ${String(a)} vs ${String(b)}`;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object')
    return a === b ? null : `${path}: ${String(a)} vs ${String(b)}`;
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: array vs object`;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const difference = firstBitDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`);
    if (difference) return difference;
  }
  return null;
}
