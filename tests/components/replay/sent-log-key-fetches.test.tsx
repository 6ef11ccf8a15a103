// @vitest-environment happy-dom
// README: every request JWT Lens sends is in the sent log — Fetch JWKS, OIDC discovery (the
// configuration document, then its jwks_uri) and the token's own key URLs (jku, x5u) — with its status.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../components/App.tsx';
import type { FetchText } from '../../../components/host.ts';
import { captured, fullDetail, memoryKeyRing, memoryTransport } from '../fakes.ts';

const NOW = 1_700_000_000_000;
afterEach(cleanup);

const entries = () =>
  within(screen.getByTestId('sent-log'))
    .getAllByTestId('sent-entry')
    .map((e) => ({
      why: e.dataset.why,
      status: e.dataset.status,
      method: e.children[2]!.textContent,
      url: e.children[3]!.textContent,
    }))
    .reverse(); // the view lists newest first

describe('the sent log for key fetches', () => {
  it('lists both discovery requests and each jku / x5u fetch with its status', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' }] });
    const token = await new SignJWT({ iss: 'https://idp.example.com', sub: 'alice', exp: NOW / 1000 + 600 })
      .setProtectedHeader({
        alg: 'RS256',
        kid: 'k1',
        jku: 'https://keys.attacker.example/jwks.json',
        x5u: 'https://keys.attacker.example/cert.pem',
      })
      .sign(privateKey);
    const asked: string[] = [];
    const fetchText: FetchText = async (url) => {
      asked.push(url);
      if (url === 'https://idp.example.com/.well-known/openid-configuration')
        return {
          status: 200,
          text: JSON.stringify({ issuer: 'https://idp.example.com', jwks_uri: 'https://idp.example.com/keys' }),
        };
      if (url === 'https://idp.example.com/keys') return { status: 200, text: jwks };
      if (url.endsWith('/jwks.json')) return { status: 200, text: jwks };
      return { status: 404, text: 'not here' };
    };
    render(
      <App
        transport={memoryTransport([captured(token)])}
        clock={() => NOW}
        fetchText={fetchText}
        keyRing={memoryKeyRing()}
      />,
    );
    fireEvent.click(await screen.findByTestId('token-row'));
    const detail = await fullDetail();
    expect(screen.queryByTestId('sent-log')).toBeNull();

    fireEvent.click(within(detail).getByTestId('fetch-issuer-jwks'));
    await waitFor(() => expect(entries()).toHaveLength(2));
    await waitFor(() => expect(entries().every((e) => e.status !== undefined)).toBe(true));
    expect(entries()).toEqual([
      {
        why: 'fetch-keys',
        status: '200',
        method: 'GET',
        url: 'https://idp.example.com/.well-known/openid-configuration',
      },
      { why: 'fetch-keys', status: '200', method: 'GET', url: 'https://idp.example.com/keys' },
    ]);

    const detail2 = screen.getByTestId('token-detail');
    // One acknowledgement covers the token's key URLs.
    fireEvent.click(within(detail2).getAllByTestId('key-url-ack')[0]!);
    fireEvent.click(within(detail2).getByTestId('fetch-jku'));
    await waitFor(() => expect(entries()).toHaveLength(3));
    await waitFor(() => expect(entries()[2]!.status).toBe('200'));
    fireEvent.click(within(screen.getByTestId('token-detail')).getByTestId('fetch-x5u'));
    await waitFor(() => expect(entries()).toHaveLength(4));
    await waitFor(() => expect(entries()[3]!.status).toBe('404'));
    expect(entries().slice(2)).toEqual([
      { why: 'fetch-keys', status: '200', method: 'GET', url: 'https://keys.attacker.example/jwks.json' },
      { why: 'fetch-keys', status: '404', method: 'GET', url: 'https://keys.attacker.example/cert.pem' },
    ]);
    // Nothing was fetched that the log does not show.
    expect(asked).toEqual(entries().map((e) => e.url));
  });
});
