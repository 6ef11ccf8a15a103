// `npm run demo`: builds the extension (npm script), starts the demo app and opens Chromium with
// JWT Lens loaded and DevTools open on the app's JWT panel.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumPath, findDevTools, launchWithExtension, openJwtPanel } from '../e2e/harness.ts';
import { startDemoServer, type DemoServer } from './server.ts';

process.env.PW_CHROMIUM_ATTACH_TO_OTHER = '1';

const OUT_DIR = fileURLToPath(new URL('../../.demo-output/', import.meta.url));

async function main(): Promise<number> {
  if (!chromiumPath()) {
    console.error(
      [
        'JWT Lens demo: no Chromium or Chrome found.',
        '  Debian/Ubuntu:  sudo apt-get install chromium',
        '  Fedora:         sudo dnf install chromium',
        '  macOS/Windows:  install Google Chrome, then run with CHROMIUM_PATH set to its executable, e.g.',
        '                  CHROMIUM_PATH="/Applications/Google Chrome.app/Contents/MacOS/Google Chrome" npm run demo',
      ].join('\n'),
    );
    return 1;
  }
  const headful =
    Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY || process.platform !== 'linux') && !process.env.CI;
  let demo: DemoServer;
  try {
    demo = await startDemoServer(Number(process.env.PORT ?? 5177));
  } catch {
    demo = await startDemoServer(0);
  }
  console.log(`Demo app: ${demo.url}`);
  const ext = await launchWithExtension({ devtools: true, headless: !headful });
  const app = ext.context.pages().find((p) => !p.url().startsWith('devtools://')) ?? (await ext.context.newPage());
  await app.goto(demo.url);
  await app.waitForSelector('body[data-done="1"]', { state: 'attached', timeout: 20_000 });
  const devtools = await findDevTools(ext.context, ext.extensionId, demo.url);
  const panel = await openJwtPanel(devtools, ext.extensionId);
  await panel.getByTestId('token-row').first().waitFor();
  const rows = await panel.getByTestId('token-row').allInnerTexts();
  console.log(`\nThe JWT panel lists ${rows.length} tokens:`);
  for (const r of rows) console.log(`  • ${r.replace(/\s+/g, ' ').trim()}`);

  if (headful) {
    console.log(
      '\nChromium is open with DevTools on the demo app (JWT panel). Close the browser or press Ctrl+C to stop.',
    );
    await new Promise<void>((resolve) => {
      ext.context.on('close', () => resolve());
      process.on('SIGINT', () => resolve());
    });
    await ext.close().catch(() => undefined);
  } else {
    await panel.getByTestId('token-row').first().click();
    await devtools.setViewportSize({ width: 1280, height: 800 }).catch(() => undefined);
    mkdirSync(OUT_DIR, { recursive: true });
    const shot = join(OUT_DIR, 'panel.png');
    await devtools.screenshot({ path: shot });
    console.log(`\nNo display here, so Chromium ran headless. Screenshot of the panel: ${shot}`);
    console.log('To use JWT Lens interactively, run `npm run demo` on a machine with a display (a desktop session),');
    console.log('or load .output/chrome-mv3 as an unpacked extension in chrome://extensions (Developer mode).');
    await ext.close();
  }
  await demo.close();
  return 0;
}

process.exitCode = await main();
