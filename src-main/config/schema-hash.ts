/**
 * A short identity of the run schema: the hash of its JSON Schema export. Two processes that
 * agree on it accept and resolve the same settings, so a queue worker can refuse work written
 * by a coordinator whose schema differs instead of training it under other rules.
 */
import { z } from 'zod';
import { configHash } from './hash';
import { runConfigFieldsSchema } from './schema';

let cached: string | null = null;

export function schemaHash(): string {
  cached ??= configHash(z.toJSONSchema(runConfigFieldsSchema, { io: 'input' })).slice(0, 16);
  return cached;
}
