// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../components/App.tsx';
import { VerificationBadge } from '../../../components/token-detail/VerificationBadge.tsx';
import { captured, memoryKeyRing, memoryTransport } from '../fakes.ts';

afterEach(cleanup);

// Pictographs that render as emoji (the key, warning and check-mark families), not text marks.
const EMOJI = /\p{Extended_Pictographic}\uFE0F|[\u{1F300}-\u{1FAFF}]/u;

describe('VerificationBadge: key confusion', () => {
  it('names the public key the HMAC was keyed with, as text, in the invalid colours', () => {
    render(
      <VerificationBadge
        verification={{ status: 'key-confusion', keyId: 'k1', alg: 'HS256', reason: 'the MAC was made with …' }}
        keys={[{ id: 'k1', label: 'IdP <signing> key', material: 'x' }]}
      />,
    );
    const badge = screen.getByTestId('verification');
    expect(badge.dataset.status).toBe('key-confusion');
    expect(badge.textContent).toContain('HMAC keyed with public key «IdP <signing> key»');
    expect(badge.textContent).not.toMatch(/verified/);
    expect(badge.textContent).not.toMatch(EMOJI);
    expect(badge.className).toContain('verification-invalid');
    expect(badge.title).toBe('the MAC was made with …');
    expect(badge.querySelector('signing')).toBeNull();
  });

  it('in the panel: a token MACed with a stored PEM shows the key-confusion badge', async () => {
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({
      type: 'spki',
      format: 'pem',
    }) as string;
    const b64u = (s: string) => Buffer.from(s).toString('base64url');
    const input = `${b64u('{"alg":"HS256","typ":"JWT"}')}.${b64u('{"sub":"admin"}')}`;
    const token = `${input}.${createHmac('sha256', pem).update(input).digest('base64url')}`;
    const store = memoryKeyRing([{ id: 'idp', label: 'IdP key', material: pem, format: 'text' }]);
    render(<App transport={memoryTransport([captured(token)])} clock={() => 1_700_000_000_000} keyRing={store} />);
    fireEvent.click(await screen.findByTestId('token-row'));
    await waitFor(() => expect(screen.getByTestId('verification').dataset.status).toBe('key-confusion'));
    expect(screen.getByTestId('verification').textContent).toContain('HMAC keyed with public key «IdP key»');
    // The key ring says what that "secret" is.
    fireEvent.click(screen.getByTestId('key-ring-toggle'));
    expect((await screen.findByTestId('key-row')).textContent).toContain(
      'not an HMAC secret: the text of an RSA public key (PEM), never used to verify',
    );
  });
});

describe('VerificationBadge: forgeries named by the engine', () => {
  it.each([
    [{ status: 'no-key', code: 'embedded-key', summary: 'signed with the key it carries ("jwk") — untrusted' }],
    [{ status: 'invalid', code: 'psychic-signature', summary: 'r = s = 0: psychic signature' }],
    [{ status: 'key-confusion', code: 'key-confusion', summary: 'HMAC keyed with public key «carried "jwk"»' }],
  ] as const)('shows the engine’s summary as text: %j', (verification) => {
    render(<VerificationBadge verification={{ ...verification, reason: 'why' }} keys={[]} />);
    const badge = screen.getByTestId('verification');
    expect(badge.textContent).toContain(verification.summary);
    expect(badge.textContent).not.toMatch(/invalid signature|no matching key/);
  });

  it('in the panel: an embedded-JWK forgery says it is signed with the key it carries', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const b64u = (s: string) => Buffer.from(s).toString('base64url');
    const jwk = publicKey.export({ format: 'jwk' });
    const input = `${b64u(JSON.stringify({ alg: 'ES256', jwk }))}.${b64u('{"sub":"admin"}')}`;
    const { createSign } = await import('node:crypto');
    const sig = createSign('SHA256').update(input).sign({ key: privateKey, dsaEncoding: 'ieee-p1363' });
    const token = `${input}.${sig.toString('base64url')}`;
    render(
      <App
        transport={memoryTransport([captured(token)])}
        clock={() => 1_700_000_000_000}
        keyRing={memoryKeyRing([])}
      />,
    );
    fireEvent.click(await screen.findByTestId('token-row'));
    await waitFor(() =>
      expect(screen.getByTestId('verification').textContent).toContain(
        'signed with the key it carries ("jwk") — untrusted',
      ),
    );
  });
});
