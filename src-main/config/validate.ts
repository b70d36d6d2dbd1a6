/**
 * Turns a user's configuration object into a validated RunConfig, or a ConfigError whose message
 * names each bad setting and what it allows (one line, fit for `modcomp: ...`).
 */
import { LIMITS, runConfigSchema, type RunConfig } from './schema';
import { describeRange, fieldByPath, fieldTable, sectionNames } from './fields';

/** A user mistake in a configuration: the CLI prints its message and exits with code 2. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Edit distance, for "did you mean" suggestions. */
function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j] as number;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      prev[j] = Math.min(above + 1, (prev[j - 1] as number) + 1, diag + cost);
      diag = above;
    }
  }
  return prev[b.length] as number;
}

/** The known setting closest to `path`: same leaf name in another section first, else edit distance. */
export function suggestSetting(path: string): string | null {
  const known = [...fieldTable().map((f) => f.path), ...sectionNames()];
  const lower = path.toLowerCase();
  const leaf = lower.split('.').pop() ?? lower;
  const sameLeaf = known.find((k) => (k.toLowerCase().split('.').pop() ?? '') === leaf);
  if (sameLeaf) return sameLeaf;
  let best: string | null = null;
  let bestScore = Infinity;
  for (const candidate of known) {
    const c = candidate.toLowerCase();
    const cLeaf = c.split('.').pop() ?? c;
    const score = Math.min(levenshtein(lower, c), levenshtein(leaf, cLeaf) + 1);
    if (score < bestScore) {
      bestScore = score;
      best = candidate;
    }
  }
  // Only suggest when the guess is plausibly a typo, not an unrelated word.
  return best !== null && bestScore <= Math.max(2, Math.floor(leaf.length / 3)) ? best : null;
}

export function unknownSettingMessage(path: string): string {
  const guess = suggestSetting(path);
  return `unknown setting ${path}` + (guess ? `; did you mean ${guess}?` : `; see \`modcomp config\` for the list`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Unknown keys, with suggestions (zod's own message would not say what was meant). */
function unknownKeyIssues(input: Record<string, unknown>): ConfigIssueInfo[] {
  const sections = new Set(sectionNames());
  const leaves = new Set(fieldTable().map((f) => f.path));
  const issues: ConfigIssueInfo[] = [];
  const report = (path: string): void => void issues.push({ path, message: unknownSettingMessage(path) });
  const visit = (prefix: string, node: Record<string, unknown>): void => {
    for (const [key, value] of Object.entries(node)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (sections.has(path)) {
        if (isPlainObject(value)) visit(path, value); // else reported as a type error by the schema
      } else if (!leaves.has(path)) {
        report(path);
      }
    }
  };
  visit('', input);
  return issues;
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let node: unknown = input;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

function show(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? text.slice(0, 57) + '...' : text;
}

interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  origin?: string;
}

/** The setting an issue is about: a field path, a section, or '' for the whole configuration. */
function issuePath(issue: Issue): string {
  const keys = issue.path.map(String);
  if (keys.length === 0) return '';
  if (sectionNames().includes(keys.join('.'))) return keys.join('.');
  // The longest leading part that names a setting (a list entry's index follows its setting).
  for (let depth = keys.length; depth >= 1; depth--) {
    const field = fieldByPath(keys.slice(0, depth).join('.'));
    if (field) return field.path;
  }
  return keys.join('.');
}

function formatIssue(issue: Issue, input: unknown): string {
  if (issue.code === 'custom') return issue.message;
  const keys = issue.path.map(String);
  const got = show(valueAt(input, issue.path));
  if (keys.length === 0) return `the configuration must be a JSON object of settings, got ${got}`;
  if (sectionNames().includes(keys.join('.'))) {
    return `${keys.join('.')} must be an object of settings, got ${got}`;
  }
  const fieldPath = issuePath(issue);
  const field = fieldByPath(fieldPath);
  if (!field) return `${keys.join('.')}: ${issue.message}`;
  const isEntry = keys.length > field.path.split('.').length;
  if (isEntry) {
    const where = `${field.path}[${keys[keys.length - 1]}]`;
    const allowed = describeRange(field)
      .replace(/^a list of /, '')
      .replace(/^finite numbers, each between/, 'a finite number between')
      .replace(/^finite numbers/, 'a finite number');
    return `${where} must be ${allowed}, got ${got}`;
  }
  if (issue.origin === 'array' && (issue.code === 'too_small' || issue.code === 'too_big')) {
    const cap = field.path === 'train.modes' ? LIMITS.K + 1 : LIMITS.K;
    return `${field.path} must be ${describeRange(field)} with 1 to ${cap} entries, got ${got}`;
  }
  return `${field.path} must be ${describeRange(field)}, got ${got}`;
}

/** One problem of a configuration: the setting it names (dotted path, '' for the whole) and the message. */
export interface ConfigIssueInfo {
  path: string;
  message: string;
}

/**
 * Every problem of a (merged) configuration object, each with the setting it names, for doors
 * that show issues beside each setting (the app's editor); [] when the configuration is valid.
 */
export function configIssues(input: unknown): ConfigIssueInfo[] {
  const issues: ConfigIssueInfo[] = [];
  if (isPlainObject(input)) issues.push(...unknownKeyIssues(input));
  if (issues.length === 0) {
    const result = runConfigSchema.safeParse(input);
    if (result.success) return [];
    for (const issue of result.error.issues) issues.push({ path: issuePath(issue as Issue), message: formatIssue(issue as Issue, input) });
  }
  const seen = new Set<string>();
  return issues.filter((i) => !seen.has(i.message) && (seen.add(i.message), true));
}

/** Validates a complete (merged) configuration object, filling defaults; throws ConfigError. */
export function validateConfig(input: unknown): RunConfig {
  const issues = configIssues(input);
  if (issues.length > 0) throw new ConfigError(issues.map((i) => i.message).join('; '));
  return runConfigSchema.parse(input);
}
