import { test as base, type Frame, type Page } from '@playwright/test';
import { startDemoServer, type DemoServer } from '../demo-app/server.ts';
import { findDevTools, launchWithExtension, openJwtPanel, type ExtensionBrowser } from './harness.ts';

/** Fixtures: the demo app, and Chromium with the extension and real DevTools open on the app. */
export const test = base.extend<
  { ext: ExtensionBrowser; app: Page; openPanel: () => Promise<Frame> },
  { demo: DemoServer }
>({
  demo: [
    // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their dependencies.
    async ({}, use) => {
      const demo = await startDemoServer();
      await use(demo);
      await demo.close();
    },
    { scope: 'worker' },
  ],
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their dependencies.
  ext: async ({}, use) => {
    const ext = await launchWithExtension({ devtools: true });
    await use(ext);
    await ext.close();
  },
  app: async ({ ext }, use) => {
    const page = ext.context.pages().find((p) => !p.url().startsWith('devtools://')) ?? (await ext.context.newPage());
    await use(page);
  },
  openPanel: async ({ ext, app }, use) => {
    await use(async () => {
      const devtools = await findDevTools(ext.context, ext.extensionId, app.url());
      return openJwtPanel(devtools, ext.extensionId);
    });
  },
});

export { expect } from '@playwright/test';
