/** The order modes are shown in everywhere: joint, then unimodal:r by r, then anything else by name. */
export function compareModes(a: string, b: string): number {
  const rank = (m: string): [number, number, string] =>
    m === 'joint' ? [0, 0, m] : m.startsWith('unimodal:') ? [1, Number(m.slice(9)), m] : [2, 0, m];
  const [ra, na, sa] = rank(a);
  const [rb, nb, sb] = rank(b);
  return ra - rb || na - nb || (sa < sb ? -1 : sa > sb ? 1 : 0);
}
