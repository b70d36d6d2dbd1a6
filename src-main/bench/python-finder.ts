import { runChild } from './child-process';

/**
 * Python interpreters to try, in order: the one the user names, the one on PATH, and the
 * system's own. They differ in practice: a pip NumPy on PATH next to Debian's python3 with
 * Debian's Numba.
 */
export function pythonCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const named = env.MODCOMP_PYTHON ? [env.MODCOMP_PYTHON] : [];
  return [...new Set([...named, 'python3', '/usr/bin/python3'])];
}

const found = new Map<string, string | null>();

/** The first candidate that imports every module, or null; remembered for the process's life. */
export async function findPython(modules: string[], candidates = pythonCandidates()): Promise<string | null> {
  const key = `${candidates.join('|')}:${modules.join(',')}`;
  if (found.has(key)) return found.get(key) ?? null;
  let result: string | null = null;
  for (const python of candidates) {
    try {
      const out = await runChild(python, ['-c', `import ${modules.join(', ')}`], process.env, false);
      if (out.code === 0) {
        result = python;
        break;
      }
    } catch {
      // Not installed at that path: try the next one.
    }
  }
  found.set(key, result);
  return result;
}
