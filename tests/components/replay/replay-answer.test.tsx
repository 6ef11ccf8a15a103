// @vitest-environment happy-dom
// README (Replay): a redirect is shown as "redirect (not followed)"; the body preview is at most
// 256 KiB and says so when cut; a JSON answer is pretty-printed.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../components/App.tsx';
import type { ReplayAnswer, SendReplay } from '../../../components/host.ts';
import { PROTOCOL_VERSION } from '../../../lib/protocol/messages.ts';
import { captured, memoryTransport } from '../fakes.ts';

const NOW = 1_700_000_000_000;
afterEach(cleanup);

async function replayOnce(answer: ReplayAnswer) {
  const token = await new SignJWT({ sub: 'alice', exp: NOW / 1000 + 600 })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode('replay-answer-secret-long-enough-for-hs256'));
  const transport = memoryTransport([
    captured(token, { requestId: 'r1', location: { kind: 'header', name: 'Authorization', scheme: 'Bearer' } }),
  ]);
  let sends = 0;
  const send: SendReplay = async () => {
    sends++;
    return { ok: true, value: answer };
  };
  render(<App transport={transport} clock={() => NOW} sendReplay={send} />);
  transport.emit({
    v: PROTOCOL_VERSION,
    kind: 'tokens',
    tabId: 1,
    tokens: [],
    dropped: 0,
    evicted: [],
    requests: [
      {
        requestId: 'r1',
        time: NOW,
        method: 'GET',
        url: 'https://api.example.com/me',
        headers: [{ name: 'Authorization', value: `Bearer ${token}` }],
        status: 200,
        tokens: [token],
      },
    ],
  });
  fireEvent.click(await screen.findByTestId('token-row'));
  fireEvent.click(await screen.findByTestId('replay'));
  const view = await screen.findByTestId('replay-view');
  fireEvent.click(within(view).getByTestId('replay-send'));
  const result = await within(view).findByTestId('replay-result');
  return { view, result, sends: () => sends };
}

const base = (o: Partial<ReplayAnswer>): ReplayAnswer => ({
  status: 200,
  statusText: 'OK',
  ms: 5,
  size: 2,
  headers: [],
  body: '{}',
  bodyTruncated: false,
  ...o,
});

describe('the replay answer', () => {
  it('a redirect reads "redirect (not followed)"', async () => {
    const { result, sends } = await replayOnce(
      base({ status: 0, statusText: '', body: '', size: 0, redirected: true }),
    );
    expect(result.querySelector('h4')!.textContent).toBe('Replay: redirect (not followed)');
    expect(sends()).toBe(1);
  });

  it('a cut preview says it shows the first 256 KiB; a whole one does not', async () => {
    const { result } = await replayOnce(base({ body: 'x'.repeat(262_144), size: 300 * 1024, bodyTruncated: true }));
    expect(result.textContent).toContain('300 KiB (preview: first 256 KiB)');
    cleanup();
    const whole = await replayOnce(base({ body: 'x'.repeat(1000), size: 1000 }));
    expect(whole.result.textContent).not.toContain('preview: first');
  });

  it('a JSON answer is pretty-printed (one member per line, indented), every lexeme as sent', async () => {
    const body = '{"user":{"sub":"alice","n":1.0e3},"ok":true}';
    const { view } = await replayOnce(base({ body, size: body.length }));
    const shown = within(view).getByTestId('replay-body');
    await waitFor(() => expect(shown.textContent).toContain('1.0e3'));
    const lines = [...shown.querySelectorAll<HTMLElement>('.json-line')];
    expect(lines.map((l) => l.textContent)).toEqual([
      '{',
      '"user": {',
      '"sub": "alice",',
      '"n": 1.0e3',
      '},',
      '"ok": true',
      '}',
    ]);
    const indent = lines.map((l) => parseInt(l.style.paddingLeft, 10));
    expect(indent[2]! - indent[1]!).toBeGreaterThan(0);
    expect(indent[1]! - indent[0]!).toBeGreaterThan(0);
    expect(indent.at(-1)).toBe(indent[0]);
  });
});
