import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ALIVE_MS,
  HOLD_HEARTBEAT,
  HOLD_MS,
  HOLD_SCRIPT,
  RELEASE_SCRIPT,
} from '../../entrypoints/devtools-panel/page-scripts.ts';

// A page with a fetch that answers at once; the hold script runs in it as inspectedWindow.eval would.
function page() {
  const calls: unknown[][] = [];
  const response = { clone: () => ({ arrayBuffer: async () => new ArrayBuffer(0) }) };
  const window: Record<PropertyKey, unknown> = {
    fetch: (...args: unknown[]) => {
      calls.push(args);
      return Promise.resolve(response);
    },
  };
  const context = { window, Request: class {}, URLSearchParams, setTimeout, Symbol, String, Promise, Object, Date };
  const run = (script: string) => runInNewContext(script, context) as unknown;
  const fetch = (init?: Record<string, unknown>) =>
    (window.fetch as (u: string, i?: unknown) => Promise<unknown>)('https://idp.test/token', init);
  return { run, fetch, calls, response };
}

const settled = async (p: Promise<unknown>) => {
  let done = false;
  void p.then(() => (done = true));
  for (let i = 0; i < 10; i++) await Promise.resolve();
  return done;
};

afterEach(() => {
  vi.useRealTimers();
});

describe('the token-response hold (runs in the inspected page)', () => {
  it('installs once per document', () => {
    const p = page();
    expect(p.run(HOLD_SCRIPT)).toBe('installed');
    expect(p.run(HOLD_SCRIPT)).toBe('present');
  });

  it('holds the answer to a token request until the panel releases it; other requests pass at once', async () => {
    const p = page();
    p.run(HOLD_SCRIPT);
    expect(await settled(p.fetch())).toBe(true);
    expect(await settled(p.fetch({ method: 'POST', body: 'q=grant_type' }))).toBe(true);
    const form = p.fetch({ method: 'POST', body: 'grant_type=authorization_code&code=abc' });
    const params = p.fetch({ method: 'post', body: new URLSearchParams({ grant_type: 'refresh_token' }) });
    expect(await settled(form)).toBe(false);
    expect(await settled(params)).toBe(false);
    expect(p.calls).toHaveLength(4); // the requests themselves went out unchanged
    expect(p.run(RELEASE_SCRIPT)).toBe(true);
    expect(await form).toBe(p.response);
    expect(await params).toBe(p.response);
  });

  it('lets the page go on by itself after HOLD_MS when no panel releases it', async () => {
    vi.useFakeTimers();
    const p = page();
    p.run(HOLD_SCRIPT);
    const held = p.fetch({ method: 'POST', body: 'grant_type=refresh_token' });
    expect(await settled(held)).toBe(false);
    await vi.advanceTimersByTimeAsync(HOLD_MS - 10);
    expect(await settled(held)).toBe(false);
    await vi.advanceTimersByTimeAsync(20);
    expect(await held).toBe(p.response);
  });

  it('never holds once the panel has stopped beating (closed panel); the storage poll keeps it armed', async () => {
    vi.useFakeTimers();
    const p = page();
    p.run(HOLD_SCRIPT);
    await vi.advanceTimersByTimeAsync(ALIVE_MS - 500);
    p.run(`${HOLD_HEARTBEAT}1`); // the poll's prefix, as the panel sends it every second
    await vi.advanceTimersByTimeAsync(ALIVE_MS - 500);
    expect(await settled(p.fetch({ method: 'POST', body: 'grant_type=refresh_token' }))).toBe(false);
    await vi.advanceTimersByTimeAsync(ALIVE_MS + 1);
    expect(await settled(p.fetch({ method: 'POST', body: 'grant_type=refresh_token' }))).toBe(true);
    p.run(HOLD_SCRIPT); // a reopened panel re-arms it
    expect(await settled(p.fetch({ method: 'POST', body: 'grant_type=refresh_token' }))).toBe(false);
  });

  it('release in a page without the hold does nothing', () => {
    expect(page().run(RELEASE_SCRIPT)).toBe(false);
  });
});
