// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../components/App.tsx';
import type { ReplayAnswer, SendReplay } from '../../../components/host.ts';
import { decodeToken } from '../../../lib/decode-token.ts';
import { PROTOCOL_VERSION } from '../../../lib/protocol/messages.ts';
import type { ReplayRequest } from '../../../lib/replay/build-request.ts';
import type { CapturedToken } from '../../../lib/capture/model.ts';
import { captured, memoryTransport } from '../fakes.ts';

const NOW = 1_700_000_000_000;
afterEach(cleanup);

const mint = () =>
  new SignJWT({ sub: 'alice', exp: NOW / 1000 + 600 })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode('replay-views-secret-long-enough-for-hs256'));

const answer = (status: number, body: string): ReplayAnswer => ({
  status,
  statusText: status === 200 ? 'OK' : 'Unauthorized',
  ms: 12,
  size: body.length,
  headers: [{ name: 'x-served-by', value: '<b>edge</b>' }],
  body,
  bodyTruncated: false,
});

async function setup(send?: SendReplay) {
  const token = await mint();
  const entry: CapturedToken = captured(token, {
    requestId: 'r1',
    location: { kind: 'header', name: 'Authorization', scheme: 'Bearer' },
  });
  // A second sighting without a kept request: no buttons on it.
  entry.sightings.push({ ...entry.sightings[0]!, requestId: 'r2', time: NOW - 5000 });
  entry.count = 2;
  const transport = memoryTransport([entry]);
  render(<App transport={transport} clock={() => NOW} {...(send ? { sendReplay: send } : {})} />);
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
        responseHeaders: [{ name: 'content-type', value: 'application/json' }],
        tokens: [token],
      },
    ],
  });
  fireEvent.click(await screen.findByTestId('token-row'));
  await screen.findByTestId('token-detail');
  return token;
}

describe('Replay views', () => {
  it('shows Replay and Test endpoint only on a sighting whose request was kept, and only with a sender', async () => {
    await setup(async () => ({ ok: true, value: answer(200, '{}') }));
    const rows = await screen.findAllByTestId('sighting-row');
    expect(rows).toHaveLength(2);
    // Newest first: the older sighting (r1) is the one whose request was kept.
    await waitFor(() => expect(within(rows[1]!).getByTestId('replay')).toBeTruthy());
    expect(within(rows[1]!).getByTestId('test-endpoint')).toBeTruthy();
    expect(within(rows[0]!).queryByTestId('replay')).toBeNull();
    expect(screen.getAllByTestId('replay')).toHaveLength(1);
    cleanup();
    await setup();
    expect(screen.queryByTestId('replay')).toBeNull();
  });

  it('replays, shows status, time, size, headers and the body as text beside the original, and logs it', async () => {
    const sent: ReplayRequest[] = [];
    const hostile = '<img src=x onerror="window.pwned=1"> not JSON \u202e';
    await setup(async (r) => {
      sent.push(r);
      return {
        ok: true,
        value: sent.length === 1 ? answer(200, hostile) : answer(401, '{"error": "invalid_token",  "n": 1e400}'),
      };
    });
    fireEvent.click(await screen.findByTestId('replay'));
    const view = await screen.findByTestId('replay-view');
    fireEvent.click(within(view).getByTestId('replay-send'));
    const result = await within(view).findByTestId('replay-result');
    expect(result.getAttribute('data-status')).toBe('200');
    expect(result.textContent).toContain('12 ms');
    expect(within(view).getByTestId('replay-body').textContent).toContain('<img src=x');
    expect(view.querySelector('img')).toBeNull();
    expect(view.querySelector('b')).toBeNull();
    expect(within(view).getByTestId('replay-body').textContent).toContain('⟨U+202E⟩');
    expect(within(view).getByTestId('replay-original').getAttribute('data-status')).toBe('200');
    // No token: the server's 401 and its JSON body, every lexeme as sent.
    fireEvent.change(within(view).getByTestId('replay-variant'), { target: { value: 'no-token' } });
    fireEvent.click(within(view).getByTestId('replay-send'));
    await waitFor(() => expect(within(view).getByTestId('replay-result').getAttribute('data-status')).toBe('401'));
    expect(sent[1]!.headers.some((h) => h.name === 'Authorization')).toBe(false);
    expect(within(view).getByTestId('replay-body').textContent).toContain('1e400');
    const log = screen.getByTestId('sent-log');
    expect(
      within(log)
        .getAllByTestId('sent-entry')
        .map((e) => e.getAttribute('data-status')),
    ).toEqual(['401', '200']);
  });

  it('runs Test this endpoint: rows with variant, status, accepted; done; the finding shows in the detail', async () => {
    let token = '';
    token = await setup(async (r) => {
      const auth = r.headers.find((h) => h.name === 'Authorization')?.value.slice(7) ?? '';
      const ok = auth === token || decodeToken(auth).header?.alg === 'none';
      return { ok: true, value: ok ? answer(200, '{"user":"alice"}') : answer(401, '{"error":"invalid_token"}') };
    });
    fireEvent.click(await screen.findByTestId('test-endpoint'));
    const view = await screen.findByTestId('endpoint-test');
    await within(view).findByTestId('endpoint-test-done', {}, { timeout: 15_000 });
    const rows = within(view).getAllByTestId('endpoint-result');
    expect(rows[0]!.getAttribute('data-variant')).toBe('original');
    const accepted = rows
      .filter((r) => r.getAttribute('data-accepted') === 'true')
      .map((r) => r.getAttribute('data-variant'));
    expect(accepted).toEqual(['original', 'alg-none', 'alg-none']);
    expect(rows.find((r) => r.getAttribute('data-variant') === 'no-token')!.getAttribute('data-status')).toBe('401');
    expect(within(view).getByTestId('endpoint-test-done').getAttribute('data-accepted')).toBe('2');
    const finding = await waitFor(
      () => {
        const f = document.querySelector('[data-testid="finding"][data-rule="server-accepts-forgery"]');
        if (!f) throw new Error('no finding yet');
        return f;
      },
      { timeout: 10_000 },
    );
    expect(finding.getAttribute('data-severity')).toBe('critical');
    expect(finding.textContent).toContain(
      'Server accepted alg: none, trailing dot (alg-none): 200, body 100 % like the original',
    );
  }, 30_000);
});
