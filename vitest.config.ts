import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['vocabulary/**/*.test.ts', 'harness/**/*.test.ts', 'mock-idp/**/*.test.ts', 'provider/**/*.test.ts', 'e2e/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // A page that updates over SSE or a chunked render may lag on a loaded 2-core CI machine: polls wait for
    // what they expect rather than fail after vitest's default second. They still fail when it never comes.
    expect: { poll: { timeout: 10_000 } },
  },
});
