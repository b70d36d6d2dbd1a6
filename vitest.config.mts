import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Native training and tfjs gradient checks are CPU-heavy; the 2-core CI machine needs room.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The default reporter keeps its output; the second adds the plain closing line CI reads.
    reporters: ['default', './tests/reporters/closing-line.ts'],
  },
});
