import { test as base, expect } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { launchWithExtension, type ExtensionBrowser } from './harness.ts';
import { capturedToken, openPanelInTab } from './panel-harness.ts';

const test = base.extend<{ ext: ExtensionBrowser }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their dependencies.
  ext: async ({}, use) => {
    const ext = await launchWithExtension();
    await use(ext);
    await ext.close();
  },
});

const hs = (secret: string, alg = 'HS256') =>
  new SignJWT({ sub: 'crack' }).setProtectedHeader({ alg, typ: 'JWT' }).sign(new TextEncoder().encode(secret));

test('a user wordlist file is streamed to the worker pool and searched (CRLF, BOM), HS384 too', async ({ ext }) => {
  const secret = 'only-in-my-wordlist-7c1';
  const token = await hs(secret, 'HS384');
  const page = await openPanelInTab(ext, { snapshot: [capturedToken(token)] });
  await page.getByTestId('token-row').click();
  const lines = Array.from({ length: 50_000 }, (_, i) => `mine-${i}`);
  lines.splice(31_337, 0, secret);
  await page.getByTestId('crack-wordlist').setInputFiles({
    name: 'mine.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`),
  });
  await page.getByTestId('crack-start').click();
  await expect(page.getByTestId('crack-found')).toContainText(secret, { timeout: 30_000 });
  await expect(page.getByTestId('crack-result')).toContainText('Secret found after');
});

test('a big wordlist shows progress, rate and ETA, and cancel stops the search', async ({ ext }) => {
  const token = await hs('not-in-any-list-e4a9');
  const page = await openPanelInTab(ext, { snapshot: [capturedToken(token)] });
  await page.getByTestId('token-row').click();
  // ~3 M lines, 40 MB: a few seconds of search on two cores.
  const line = 'candidate-secret-0000000\n';
  const buffer = Buffer.alloc(line.length * 3_000_000);
  for (let i = 0; i < 3_000_000; i++) buffer.write(`candidate-secret-${String(i).padStart(7, '0')}\n`, i * line.length);
  const dir = mkdtempSync(join(tmpdir(), 'jwt-lens-crack-'));
  const file = join(dir, 'big.txt');
  writeFileSync(file, buffer);
  await page.getByTestId('crack-wordlist').setInputFiles(file);
  await page.getByTestId('crack-start').click();
  await expect(page.getByTestId('crack-progress')).toContainText(/left/, { timeout: 20_000 });
  await expect(page.getByTestId('crack-speed')).toContainText(/[1-9][\d,]* candidates\/s/);
  await page.getByTestId('crack-cancel').click();
  await expect(page.getByTestId('crack-result')).toContainText('Cancelled after');
  const tried = Number(
    /after ([\d,]+)/.exec((await page.getByTestId('crack-result').textContent()) ?? '')![1]!.replace(/,/g, ''),
  );
  expect(tried).toBeGreaterThan(0);
  expect(tried).toBeLessThan(3_000_000);
  rmSync(dir, { recursive: true, force: true });
});
