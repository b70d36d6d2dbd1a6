/**
 * `validateConfig` for the app's editor: a partial configuration (merged over the schema's
 * defaults) comes back valid, normalised, hashed and with the predicted winner, or as the list of
 * problems, each naming its setting. Bad input is an answer here, never an exception.
 */
import type { ValidationResult } from '../api/lab-api';
import { configHash } from '../config/hash';
import { normaliseConfig } from '../config/resolve';
import type { RunConfig } from '../config/schema';
import { ConfigError, configIssues, validateConfig } from '../config/validate';
import { predictFromInitialWeights } from './prediction';

export function checkConfig(input: unknown): ValidationResult {
  const issues = configIssues(input);
  if (issues.length > 0) return { ok: false, issues };
  const config = normaliseConfig(validateConfig(input));
  let prediction = null;
  try {
    prediction = predictFromInitialWeights(config);
  } catch {
    // The prediction is a courtesy; a configuration the addon refuses is reported when it runs.
  }
  return { ok: true, config: config as unknown as Record<string, unknown>, hash: configHash(config), prediction };
}

/** The validated configuration of a run to start; throws a ConfigError naming every bad setting. */
export function requireValidConfig(input: unknown): RunConfig {
  const issues = configIssues(input);
  if (issues.length > 0) throw new ConfigError(`the configuration is not valid: ${issues.map((i) => i.message).join('; ')}`);
  return normaliseConfig(validateConfig(input));
}
