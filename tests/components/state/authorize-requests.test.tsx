// @vitest-environment happy-dom
// Authorize requests the host saw (no token of their own): kept bounded in the store, cleared with
// the capture, and what an ID token's nonce check and "Related" section are judged against.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../components/App.tsx';
import { PanelStore } from '../../../components/state/panel-store.ts';
import { MAX_AUTHORIZE_REQUESTS } from '../../../lib/oauth/authorize-request.ts';
import type { CapturedToken } from '../../../lib/capture/model.ts';
import { inTokenResponse, rs256 } from '../../lib/oauth/mint.ts';
import { memoryKeyRing, memoryTransport } from '../fakes.ts';

const NOW = 1_700_000_000_000;
const T = NOW / 1000 - 60;
const OP = 'https://op.example.com';
const AUTH = `${OP}/authorize?response_type=code&client_id=spa&code_challenge=c&code_challenge_method=S256`;
const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  cleanup();
});

const idToken = rs256({ iss: OP, sub: 'alice', aud: 'spa', nonce: 'n-7', iat: T, exp: T + 600 });
const entry = (token: string): CapturedToken => {
  const s = inTokenResponse('id_token', `${OP}/token`, T * 1000);
  return { token, firstSeen: s.time, lastSeen: s.time, count: 1, sightings: [s] };
};

/** A host source of authorize URLs the test pushes into. */
function authorizeSource() {
  const listeners = new Set<(url: string) => void>();
  return {
    onAuthorizeRequest(listener: (url: string) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    push(url: string) {
      for (const l of listeners) l(url);
    },
    get listening() {
      return listeners.size;
    },
  };
}

const nonceCheck = (store: PanelStore) =>
  store.detail()?.inspection?.checks?.find((c) => c.rule === 'id-nonce-mismatch')?.status;

describe('PanelStore authorize requests', () => {
  it('keeps only authorize URLs, the newest 100, and drops them on Clear', async () => {
    const source = authorizeSource();
    const store = new PanelStore({
      transport: memoryTransport([]),
      clock: () => NOW,
      host: { keyRing: memoryKeyRing(), onAuthorizeRequest: source.onAuthorizeRequest },
    });
    const stop = store.start();
    expect(source.listening).toBe(1);
    source.push(`${OP}/token?grant_type=authorization_code&code=x`);
    source.push('junk');
    expect(store.state.authorizeRequests).toEqual([]);
    for (let i = 0; i < 130; i++) source.push(`${AUTH}&nonce=n${i}`);
    expect(store.state.authorizeRequests).toHaveLength(MAX_AUTHORIZE_REQUESTS);
    expect(store.state.authorizeRequests[0]!.nonce).toBe('n30');
    expect(store.state.authorizeRequests.at(-1)!.nonce).toBe('n129');
    store.clear();
    expect(store.state.authorizeRequests).toEqual([]);
    stop();
    expect(source.listening).toBe(0);
  });

  it('judges the ID token nonce against them: unchecked, then pass once its authorize request is seen', async () => {
    const source = authorizeSource();
    const store = new PanelStore({
      transport: memoryTransport([entry(idToken)]),
      clock: () => NOW,
      host: { keyRing: memoryKeyRing(), onAuthorizeRequest: source.onAuthorizeRequest },
    });
    stops.push(store.start());
    await vi.waitFor(() => expect(store.entries()).toHaveLength(1));
    store.select(idToken);
    await vi.waitFor(() => expect(nonceCheck(store)).toBe('unchecked'));
    expect(store.detail()!.authorizeRequests).toEqual([]);

    source.push(`${AUTH}&nonce=n-1`);
    await vi.waitFor(() => expect(nonceCheck(store)).toBe('fail'));
    source.push(`${AUTH}&nonce=n-7&state=s`);
    await vi.waitFor(() => expect(nonceCheck(store)).toBe('pass'));
    expect(store.detail()!.authorizeRequests.map((r) => [r.clientId, r.nonce])).toEqual([['spa', 'n-7']]);

    store.clear();
    expect(store.state.authorizeRequests).toEqual([]);
  });
});

describe('Related section with an authorize request', () => {
  it('lists the authorize request as text (client_id · host), not as a token link', async () => {
    const source = authorizeSource();
    render(
      <App
        transport={memoryTransport([entry(idToken)])}
        clock={() => NOW}
        keyRing={memoryKeyRing()}
        onAuthorizeRequest={source.onAuthorizeRequest}
      />,
    );
    await waitFor(() => expect(source.listening).toBe(1));
    source.push(`${AUTH}&nonce=n-7`);
    fireEvent.click(await screen.findByTestId('token-row'));
    const link = await screen.findByTestId('related-token');
    expect(link.getAttribute('data-relation')).toBe('authorize-request');
    expect(link.tagName).not.toBe('BUTTON');
    expect(link.textContent).toBe('spa · op.example.com');
    await waitFor(() =>
      expect(
        document
          .querySelector('[data-testid="binding-check"][data-rule="id-nonce-mismatch"]')
          ?.getAttribute('data-status'),
      ).toBe('pass'),
    );
  });
});
