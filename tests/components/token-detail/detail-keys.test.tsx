// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../components/App.tsx';
import { JsonView } from '../../../components/common/JsonView.tsx';
import { KeyForm } from '../../../components/key-ring/KeyForm.tsx';
import { captured, memoryKeyRing, memoryTransport } from '../fakes.ts';

const NOW = 1_700_000_000_000;
const clock = () => NOW;
const SECRET = 'component-test-secret-that-is-long-enough';
const hs = (claims: Record<string, unknown>, header: Record<string, unknown> = {}, secret = SECRET) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', ...header })
    .sign(new TextEncoder().encode(secret));

afterEach(cleanup);

async function openToken(token: string, store = memoryKeyRing()) {
  render(<App transport={memoryTransport([captured(token)])} clock={clock} keyRing={store} />);
  fireEvent.click(await screen.findByTestId('token-row'));
  return screen.getByTestId('token-detail');
}

async function addKey(material: string, format = 'auto') {
  fireEvent.click(screen.getByTestId('add-key'));
  fireEvent.input(await screen.findByTestId('key-material'), { target: { value: material } });
  fireEvent.change(screen.getByTestId('key-format'), { target: { value: format } });
  fireEvent.click(screen.getByTestId('save-key'));
}

describe('token detail', () => {
  it('alg none: critical finding with explanation and reference link, not verifiable', async () => {
    const detail = await openToken(new UnsecuredJWT({ sub: 'mallory' }).encode());
    await waitFor(() => expect(within(detail).getAllByTestId('finding').length).toBeGreaterThan(0));
    const findings = within(detail).getAllByTestId('finding');
    expect(findings[0]!.dataset.rule).toBe('alg-none');
    expect(findings[0]!.dataset.severity).toBe('critical');
    const severities = findings.map((f) => f.dataset.severity);
    const order = ['critical', 'high', 'medium', 'low', 'info'];
    expect([...severities].sort((a, b) => order.indexOf(a!) - order.indexOf(b!))).toEqual(severities);
    const link = within(findings[0]!).getByRole('link', { name: /RFC 8725/ });
    expect(link.getAttribute('href')).toBe('https://www.rfc-editor.org/rfc/rfc8725#section-3.1');
    expect(within(detail).getByTestId('verification').dataset.status).toBe('not-applicable');
  });

  it('no key → "no matching key"; a header jwk is flagged as untrusted', async () => {
    const { publicKey } = await generateKeyPair('ES256');
    const jwk = await exportJWK(publicKey);
    const detail = await openToken(await hs({ sub: 'x' }, { jwk }));
    await waitFor(() => expect(within(detail).getByTestId('verification').dataset.status).toBe('no-key'));
    expect(within(detail).getByTestId('verification').textContent).toContain('no matching key');
    expect(within(detail).getByTestId('verification-embedded').textContent).toContain(
      'key supplied by the token (untrusted)',
    );
  });

  it('adding the right secret turns the token verified, naming the key; a wrong one says invalid', async () => {
    const store = memoryKeyRing();
    await openToken(await hs({ sub: 'alice' }), store);
    await addKey('not-the-right-secret-but-long-enough-000', 'text');
    await waitFor(() => expect(screen.getAllByTestId('key-row')).toHaveLength(1));
    expect(screen.getByTestId('key-row').textContent).not.toContain('not-the-right-secret');
    fireEvent.click(screen.getByTestId('reveal-key'));
    expect(screen.getByTestId('key-row').textContent).toContain('not-the-right-secret');
    fireEvent.click(screen.getAllByTestId('token-row')[0]!);
    await waitFor(() => expect(screen.getByTestId('verification').dataset.status).toBe('invalid'));
    expect(screen.getByTestId('verification').textContent).toContain('invalid signature');

    fireEvent.click(screen.getByTestId('add-key'));
    fireEvent.input(await screen.findByTestId('key-label'), { target: { value: 'staging' } });
    fireEvent.input(screen.getByTestId('key-material'), { target: { value: SECRET } });
    fireEvent.click(screen.getByTestId('save-key'));
    await waitFor(() => expect(screen.getAllByTestId('key-row')).toHaveLength(2));
    expect(store.saved.at(-1)).toHaveLength(2);
    fireEvent.click(screen.getAllByTestId('token-row')[0]!);
    await waitFor(() => expect(screen.getByTestId('verification').dataset.status).toBe('verified'));
    expect(screen.getByTestId('verification').textContent).toContain('verified with key «staging»');
  });

  it('a weak secret found by the search adds a finding naming it and can go to the key ring', async () => {
    const token = await hs({ sub: 'weak' }, {}, 'zebra-unicorn-42');
    render(
      <App
        transport={memoryTransport([captured(token)])}
        clock={clock}
        crack={(_t, { onProgress }) => {
          onProgress({ tried: 1, total: 2 });
          return { cancel() {}, done: Promise.resolve({ secret: 'zebra-unicorn-42', tried: 2, total: 2 }) };
        }}
      />,
    );
    fireEvent.click(await screen.findByTestId('token-row'));
    fireEvent.click(await screen.findByTestId('crack-start'));
    await waitFor(() => expect(screen.getByTestId('crack-found').textContent).toContain('zebra-unicorn-42'));
    await waitFor(() => {
      const f = screen.getAllByTestId('finding').find((e) => e.dataset.rule === 'weak-hmac-secret');
      expect(f?.textContent).toContain('zebra-unicorn-42');
    });
    fireEvent.click(screen.getByTestId('crack-add-key'));
    await waitFor(() => expect(screen.getByTestId('verification').dataset.status).toBe('verified'));
  });

  it('export: redacted by default, signatures only when asked', async () => {
    const token = await hs({ sub: 'alice' });
    const signature = token.split('.')[2]!;
    await openToken(token);
    fireEvent.click(screen.getByTestId('export-open'));
    const preview = () => (screen.getByTestId('export-preview') as HTMLTextAreaElement).value;
    expect(preview()).toContain('# JWT Lens report');
    expect(preview()).toContain('<redacted>');
    expect(preview()).not.toContain(signature);
    fireEvent.change(screen.getByTestId('export-format'), { target: { value: 'json' } });
    expect(JSON.parse(preview()).tokens[0].token).toMatch(/<redacted>$/);
    fireEvent.click(screen.getByTestId('export-include-secrets'));
    expect(preview()).toContain(signature);
  });
});

describe('key form validation', () => {
  const form = (onSave = () => {}) => render(<KeyForm id="k1" onSave={onSave} onCancel={() => {}} />);
  it('a broken PEM gets a specific message and is not saved', async () => {
    let saved = false;
    form(() => (saved = true));
    fireEvent.input(screen.getByTestId('key-material'), {
      target: { value: '-----BEGIN PUBLIC KEY-----\nnot base64 at all!!\n-----END PUBLIC KEY-----' },
    });
    fireEvent.click(screen.getByTestId('save-key'));
    const error = await screen.findByTestId('key-error');
    expect(error.textContent).toMatch(/PEM|base64/i);
    expect(saved).toBe(false);
  });
  it('a broken JWK gets a specific message', async () => {
    form();
    fireEvent.input(screen.getByTestId('key-material'), { target: { value: '{"kty":"RSA","e":"AQAB"}' } });
    fireEvent.change(screen.getByTestId('key-format'), { target: { value: 'jwk' } });
    fireEvent.click(screen.getByTestId('save-key'));
    expect((await screen.findByTestId('key-error')).textContent).toMatch(/"n"|modulus|n\b/);
  });
  it('offers every format and refuses empty material', async () => {
    form();
    const options = [...(screen.getByTestId('key-format') as HTMLSelectElement).options].map((o) => o.value);
    expect(options).toEqual(['auto', 'text', 'base64', 'base64url', 'hex', 'pem', 'jwk', 'jwks', 'ssh']);
    fireEvent.click(screen.getByTestId('save-key'));
    expect((await screen.findByTestId('key-error')).textContent).toContain('Paste the key material');
  });
});

describe('JsonView', () => {
  it('keeps the original text, explains registered claims and folds', () => {
    render(
      <JsonView
        text={'{"iss":"x","exp":1.0e9,"cnf":{"jkt":"a"}}'}
        testId="payload-json"
        label="p"
        tooltips="payload"
      />,
    );
    const view = screen.getByTestId('payload-json');
    expect(view.textContent).toContain('"exp": 1.0e9');
    expect(view.querySelector('[data-claim="iss"]')!.getAttribute('title')).toContain('Issuer');
    expect(view.querySelector('[data-claim="cnf"]')!.getAttribute('title')).toContain('Confirmation');
    const folds = screen.getAllByRole('button', { name: 'Collapse' });
    fireEvent.click(folds[1]!);
    expect(view.textContent).not.toContain('"jkt"');
    fireEvent.click(screen.getByRole('button', { name: 'Expand' }));
    expect(view.textContent).toContain('"jkt": "a"');
  });
  it('renders hostile text as text', () => {
    render(<JsonView text={'{"name":"<img src=x onerror=alert(1)>"}'} testId="payload-json" label="p" />);
    expect(screen.getByTestId('payload-json').querySelector('img')).toBeNull();
    expect(screen.getByTestId('payload-json').textContent).toContain('<img src=x onerror=alert(1)>');
  });
});
