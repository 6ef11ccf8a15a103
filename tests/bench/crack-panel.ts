// The weak-secret search in the real panel (Chromium, the in-tab harness, the worker pool): the
// shipped 104k list for a token whose secret is not in it, from the click to the result.
// Needs a build. Run: npx wxt build && npx tsx tests/bench/crack-panel.ts
import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { launchWithExtension } from '../e2e/harness.ts';
import { capturedToken, openPanelInTab } from '../e2e/panel-harness.ts';
import { emitRow } from './report.ts';

const b64u = (s: string): string => Buffer.from(s).toString('base64url');
/** The bench token (111-byte signing input, the same as tests/bench/crack.ts), secret not in the list. */
export const BENCH_INPUT = `${b64u('{"alg":"HS256","typ":"JWT"}')}.${b64u('{"sub":"1234567890","name":"John Doe","iat":1516239022}')}`;
/** Its secret. */
export const BENCH_SECRET = 'not-in-the-list-3b9e';
/** The bench token. */
export const BENCH_TOKEN = `${BENCH_INPUT}.${createHmac('sha256', BENCH_SECRET).update(BENCH_INPUT).digest('base64url')}`;

/** Median of some numbers. */
export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Runs the panel search `rounds` times after `warmup` untimed rounds (the pool's prepare has then
 * loaded the list and optimised the kernel in every worker, as for a user's second click); returns
 * each timed round's candidates and milliseconds.
 */
export async function panelCrackRounds(
  rounds = 5,
  warmup = 1,
): Promise<{ tried: number; ms: number; cores: number }[]> {
  const ext = await launchWithExtension();
  try {
    const page = await openPanelInTab(ext, { snapshot: [capturedToken(BENCH_TOKEN)] });
    await page.getByTestId('token-row').click();
    await page.getByTestId('crack-start').waitFor();
    const out: { tried: number; ms: number; cores: number }[] = [];
    for (let r = 0; r < warmup + rounds; r++) {
      // Let the pool take its workers back and re-prepare between rounds, as between two clicks.
      await page.waitForTimeout(300);
      const res = await page.evaluate(
        () =>
          new Promise<{ text: string; ms: number; cores: number }>((resolve) => {
            const result = document.querySelector('[data-testid="crack-result"]')!;
            // While the search runs the result line is empty; the next text is its outcome.
            let running = false;
            const t0 = performance.now();
            const seen = new MutationObserver(() => {
              const text = result.textContent ?? '';
              if (text === '') running = true;
              else if (running) {
                seen.disconnect();
                resolve({ text, ms: performance.now() - t0, cores: navigator.hardwareConcurrency });
              }
            });
            seen.observe(result, { childList: true, subtree: true, characterData: true });
            document.querySelector<HTMLButtonElement>('[data-testid="crack-start"]')!.click();
          }),
      );
      if (!/Not found in|Secret found/.test(res.text)) throw new Error(`the search did not finish: ${res.text}`);
      const tried = Number(/([\d,]+) candidates/.exec(res.text)?.[1]?.replace(/,/g, '') ?? NaN);
      if (r >= warmup) out.push({ tried, ms: res.ms, cores: res.cores });
    }
    return out;
  } finally {
    await ext.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rounds = await panelCrackRounds();
  for (const [i, r] of rounds.entries())
    console.log(
      `round ${i + 1}: ${r.tried.toLocaleString('en-US')} candidates in ${r.ms.toFixed(0)} ms = ${Math.round((r.tried / r.ms) * 1000).toLocaleString('en-US')}/s (${r.cores} workers)`,
    );
  const rates = rounds.map((r) => (r.tried / r.ms) * 1000);
  const best = Math.max(...rates);
  const mid = median(rates);
  console.log(
    `after 1 untimed warm-up round: best ${Math.round(best).toLocaleString('en-US')}, median ${Math.round(mid).toLocaleString('en-US')} candidates/s`,
  );
  emitRow({
    bench: 'crack',
    name: 'panel search (Chromium, worker pool, median round)',
    value: mid,
    unit: 'candidates/s',
  });
}
