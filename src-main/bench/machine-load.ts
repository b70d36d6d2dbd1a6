import * as fs from 'node:fs';

/** Busy and total CPU jiffies summed over all cores, from Linux's /proc/stat; null elsewhere. */
function cpuJiffies(): { busy: number; total: number } | null {
  try {
    const first = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const fields = first.trim().split(/\s+/).slice(1).map(Number);
    const total = fields.reduce((a, b) => a + b, 0);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0); // idle + iowait
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/**
 * Fraction of the machine's CPU used by *other* work over a short window, taken before a case.
 * Two cores leave no headroom: a neighbour compiling halves either engine's speed, so a timing
 * taken on a busy machine is flagged instead of silently reported.
 */
export async function otherCpuLoad(windowMs = 500): Promise<number | null> {
  const before = cpuJiffies();
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  const after = cpuJiffies();
  if (!before || !after || after.total <= before.total) return null;
  return (after.busy - before.busy) / (after.total - before.total);
}
