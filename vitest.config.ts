import preact from '@preact/preset-vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [preact()],
  test: {
    include: [
      'tests/lib/**/*.test.ts',
      'tests/entrypoints/**/*.test.ts',
      'tests/components/**/*.test.tsx',
      'tests/tools/**/*.test.ts',
      'tests/demo-app/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 20_000,
    setupFiles: ['tests/setup-dom.ts'],
  },
});
