import { defineConfig } from '@playwright/test';

// DevTools windows then show up as Pages, and extension panels inside them as Frames.
process.env.PW_CHROMIUM_ATTACH_TO_OTHER = '1';

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  // One Chromium at a time: the machine has 2 cores and each test launches its own browser.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: { trace: 'retain-on-failure' },
});
