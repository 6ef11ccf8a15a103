// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { exportPKCS8, exportSPKI, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../components/App.tsx';
import type { PreferenceStore } from '../../../components/host.ts';
import { decodeBase64Url } from '../../../lib/base64url.ts';
import { captured, memoryKeyRing, memoryTransport } from '../fakes.ts';

const NOW = 1_700_000_000_000;
const clock = () => NOW;
const SECRET = 'workbench-test-secret-long-enough-for-hs256';
const utf8 = new TextEncoder();

afterEach(cleanup);

function memoryPreferences(
  initial: Record<string, unknown> = {},
): PreferenceStore & { value(): Record<string, unknown> } {
  let value = { ...initial };
  return {
    value: () => value,
    load: async () => value,
    save: async (patch) => {
      value = { ...value, ...patch };
    },
  };
}

const encoded = () => screen.getByTestId('workbench-encoded').textContent ?? '';
const textarea = (id: string) => screen.getByTestId(id) as HTMLTextAreaElement;
const segmentText = (token: string, i: number) => new TextDecoder().decode(decodeBase64Url(token.split('.')[i]!).bytes);

async function setup(prefs = memoryPreferences(), keys = memoryKeyRing()) {
  // The header as a server might write it: spacing and member order that a re-serialiser would lose.
  const source = await new SignJWT({ sub: 'alice', role: 'user', iat: NOW / 1000, exp: NOW / 1000 + 600 })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(utf8.encode(SECRET));
  const transport = memoryTransport([
    captured(source, { location: { kind: 'cookie', name: 'session' }, url: 'https://app.example.com/' }, NOW - 1000),
  ]);
  const utils = render(<App transport={transport} clock={clock} preferences={prefs} keyRing={keys} />);
  await waitFor(() => expect(screen.getAllByTestId('token-row')).toHaveLength(1));
  return { ...utils, source, prefs, keys, transport };
}

async function openWorkbench() {
  fireEvent.click(screen.getByTestId('token-row'));
  fireEvent.click(await screen.findByTestId('open-workbench'));
  return screen.findByTestId('workbench');
}

describe('workbench', () => {
  it('opens a captured token with its decoded text exactly and its own signature kept', async () => {
    const { source } = await setup();
    await openWorkbench();
    expect(textarea('workbench-header').value).toBe(segmentText(source, 0));
    expect(textarea('workbench-payload').value).toBe(segmentText(source, 1));
    expect(encoded()).toBe(source);
    expect((screen.getByTestId('workbench-alg') as HTMLSelectElement).value).toBe('HS256');
  });

  it('encodes what is typed in the payload byte for byte (duplicate members, number spellings, escapes)', async () => {
    const { source } = await setup();
    await openWorkbench();
    const typed = '{ "sub": "alice", "role": "user",\n  "role": "admin", "n": 1.0e3, "e": "\\u00e9" }';
    fireEvent.input(textarea('workbench-payload'), { target: { value: typed } });
    await waitFor(() => expect(segmentText(encoded(), 1)).toBe(typed));
    // Header untouched, the original signature kept (no key chosen yet).
    expect(encoded().split('.')[0]).toBe(source.split('.')[0]);
    expect(encoded().split('.')[2]).toBe(source.split('.')[2]);
  });

  it('re-signs with an inline secret in each format; a bad hex secret is a specific inline error', async () => {
    await setup();
    await openWorkbench();
    fireEvent.input(screen.getByTestId('workbench-secret'), { target: { value: SECRET } });
    await waitFor(async () =>
      expect((await jwtVerify(encoded(), utf8.encode(SECRET), { currentDate: new Date(NOW) })).payload.sub).toBe(
        'alice',
      ),
    );
    const viaText = encoded();
    const hex = Array.from(utf8.encode(SECRET), (b) => b.toString(16).padStart(2, '0')).join('');
    fireEvent.change(screen.getByTestId('workbench-secret-format'), { target: { value: 'hex' } });
    fireEvent.input(screen.getByTestId('workbench-secret'), { target: { value: hex } });
    await waitFor(() => expect(screen.queryByTestId('workbench-pending')).toBeNull());
    expect(encoded()).toBe(viaText);
    fireEvent.change(screen.getByTestId('workbench-secret-format'), { target: { value: 'base64url' } });
    fireEvent.input(screen.getByTestId('workbench-secret'), {
      target: { value: btoa(SECRET).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') },
    });
    await waitFor(() => expect(screen.queryByTestId('workbench-pending')).toBeNull());
    expect(encoded()).toBe(viaText);
    fireEvent.change(screen.getByTestId('workbench-secret-format'), { target: { value: 'hex' } });
    fireEvent.input(screen.getByTestId('workbench-secret'), { target: { value: 'abc' } });
    const error = await screen.findByTestId('workbench-error');
    expect(error.querySelector('[data-code]')!.getAttribute('data-code')).toBe('hex-odd-length');
    // The last good token stays shown.
    expect(encoded()).toBe(viaText);
  });

  it('the alg select edits the header textually; typing alg in the header moves the select', async () => {
    await setup();
    await openWorkbench();
    const header = '{"typ":"JWT",  "alg":"HS256", "kid":"k1"}';
    fireEvent.input(textarea('workbench-header'), { target: { value: header } });
    fireEvent.change(screen.getByTestId('workbench-alg'), { target: { value: 'HS512' } });
    expect(textarea('workbench-header').value).toBe('{"typ":"JWT",  "alg":"HS512", "kid":"k1"}');
    const options = [...(screen.getByTestId('workbench-alg') as HTMLSelectElement).options].map((o) => o.value);
    expect(options).toEqual(expect.arrayContaining(['HS256', 'RS256', 'PS512', 'ES384', 'EdDSA', 'none']));
    fireEvent.input(textarea('workbench-header'), { target: { value: '{"alg":"ES256"}' } });
    expect((screen.getByTestId('workbench-alg') as HTMLSelectElement).value).toBe('ES256');
    // ES256 with no private key: a specific error, no token made from nothing.
    expect((await screen.findByTestId('workbench-error')).textContent).toMatch(/private key/i);
  });

  it('shows invalid JSON inline with part, line and column, and still encodes (and signs) the text', async () => {
    const { source } = await setup();
    await openWorkbench();
    fireEvent.input(textarea('workbench-payload'), { target: { value: '{\n  "sub": "alice",\n  oops\n}' } });
    const error = await screen.findByTestId('workbench-error');
    const item = error.querySelector('[data-part="payload"]')!;
    expect(item.getAttribute('data-line')).toBe('3');
    expect(item.getAttribute('data-column')).toBe('3');
    expect(item.textContent).toContain('Payload, line 3, column 3');
    await waitFor(() => expect(segmentText(encoded(), 1)).toBe('{\n  "sub": "alice",\n  oops\n}'));
    // Signed too: the HMAC is over the typed bytes.
    fireEvent.input(screen.getByTestId('workbench-secret'), { target: { value: SECRET } });
    await waitFor(() => expect(encoded().split('.')[2]).not.toBe(source.split('.')[2]));
    const [h, p, sig] = encoded().split('.');
    const mac = await crypto.subtle.sign(
      'HMAC',
      await crypto.subtle.importKey('raw', utf8.encode(SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']),
      utf8.encode(`${h}.${p}`),
    );
    expect(sig).toBe(Buffer.from(mac).toString('base64url'));
    expect(segmentText(encoded(), 1)).toBe('{\n  "sub": "alice",\n  oops\n}');
    expect(screen.getByTestId('workbench-error').textContent).toContain('Payload, line 3, column 3');
  });

  it('time helpers edit the payload textually', async () => {
    await setup();
    await openWorkbench();
    fireEvent.click(screen.getByTestId('workbench-expire'));
    expect(textarea('workbench-payload').value).toContain(`"exp":${NOW / 1000 - 60}`);
    fireEvent.click(screen.getByTestId('workbench-nbf'));
    expect(textarea('workbench-payload').value).toMatch(new RegExp(`"nbf":\\s*${NOW / 1000 + 3600}`));
    fireEvent.input(screen.getByTestId('workbench-exp-minutes'), { target: { value: '5' } });
    fireEvent.click(screen.getByTestId('workbench-exp-in'));
    expect(textarea('workbench-payload').value).toContain(`"exp":${NOW / 1000 + 300}`);
  });

  it('adds the token as a forged entry linked to its source, kept in the preferences, exported only when ticked', async () => {
    const { source, prefs } = await setup();
    await openWorkbench();
    fireEvent.input(textarea('workbench-payload'), {
      target: { value: segmentText(source, 1).replace('"role":"user"', '"role":"admin"') },
    });
    fireEvent.input(screen.getByTestId('workbench-secret'), { target: { value: SECRET } });
    await waitFor(async () =>
      expect((await jwtVerify(encoded(), utf8.encode(SECRET), { currentDate: new Date(NOW) })).payload.role).toBe(
        'admin',
      ),
    );
    const forged = encoded();
    fireEvent.click(screen.getByTestId('workbench-add'));
    await waitFor(() => expect(screen.getAllByTestId('token-row')).toHaveLength(2));
    const row = screen.getAllByTestId('token-row').find((r) => within(r).queryByTestId('forged-badge'))!;
    expect(row).toBeTruthy();
    // Not traffic: nothing went to the worker.
    expect((prefs.value().forgedTokens as { token: string; source: string }[])[0]).toMatchObject({
      token: forged,
      source,
    });
    fireEvent.click(screen.getByTestId('workbench-added'));
    const detail = await screen.findByTestId('token-detail');
    expect(within(detail).getByTestId('forged-badge').textContent).toBe('forged');
    fireEvent.click(within(detail).getByTestId('forged-from'));
    await waitFor(() =>
      expect(within(screen.getByTestId('token-detail')).getByTestId('forged-child').dataset.token).toBe(forged),
    );

    // Export: forged entries only when "include forged tokens" is ticked.
    fireEvent.click(screen.getByTestId('export-open'));
    fireEvent.change(screen.getByTestId('export-scope'), { target: { value: 'all' } });
    fireEvent.change(screen.getByTestId('export-format'), { target: { value: 'json' } });
    const report = () => JSON.parse((screen.getByTestId('export-preview') as HTMLTextAreaElement).value);
    await waitFor(() => expect(report().tokens).toHaveLength(1));
    expect(report().tokens[0].forged).toBeUndefined();
    fireEvent.click(screen.getByTestId('export-include-forged'));
    await waitFor(() => expect(report().tokens).toHaveLength(2));
    expect(report().tokens.filter((t: { forged?: unknown }) => t.forged)).toHaveLength(1);
    cleanup();

    // A reopened panel (same preferences) lists it again, still forged and linked.
    render(<App transport={memoryTransport([])} clock={clock} preferences={prefs} />);
    await waitFor(() => expect(screen.getAllByTestId('token-row')).toHaveLength(1));
    expect(within(screen.getByTestId('token-row')).getByTestId('forged-badge')).toBeTruthy();
    fireEvent.click(screen.getByTestId('token-row'));
    // Its source was not captured in this panel: the link says so instead of offering to open it.
    const from = await screen.findByTestId('forged-from');
    expect(from.tagName).toBe('SPAN');
    expect(from.textContent).toContain('(no longer listed)');
    // Removed from the list and from the preferences.
    fireEvent.click(await screen.findByTestId('forged-remove'));
    await waitFor(() => expect(screen.queryAllByTestId('token-row')).toHaveLength(0));
    expect(prefs.value().forgedTokens).toEqual([]);
  });

  it('Ctrl+Enter adds, Esc goes back to the source token', async () => {
    await setup();
    const wb = await openWorkbench();
    fireEvent.click(screen.getByTestId('workbench-expire'));
    await waitFor(() => expect(screen.queryByTestId('workbench-pending')).toBeNull());
    fireEvent.keyDown(textarea('workbench-payload'), { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(screen.getAllByTestId('token-row')).toHaveLength(2));
    fireEvent.keyDown(wb, { key: 'Escape' });
    expect(screen.queryByTestId('workbench')).toBeNull();
    expect(within(screen.getByTestId('token-detail')).getByTestId('forged-child')).toBeTruthy();
  });

  it('"New token" opens the HS256 template signed with the default secret', async () => {
    await setup();
    fireEvent.click(screen.getByTestId('new-token'));
    await screen.findByTestId('workbench');
    expect(JSON.parse(textarea('workbench-header').value)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const payload = JSON.parse(textarea('workbench-payload').value);
    expect(payload).toMatchObject({ sub: expect.any(String), name: expect.any(String), iat: NOW / 1000 });
    expect(payload.exp).toBe(NOW / 1000 + 3600);
    await waitFor(() => expect(encoded().split('.')).toHaveLength(3));
    const secret = (screen.getByTestId('workbench-secret') as HTMLInputElement).value;
    expect((await jwtVerify(encoded(), utf8.encode(secret), { currentDate: new Date(NOW) })).payload).toEqual(payload);
  });

  it('the alg-none variant applies into the editor and the engine flags it', async () => {
    await setup();
    await openWorkbench();
    const button = await screen.findByRole('button', { name: /alg none$/ });
    expect(button.dataset.variant).toBe('alg-none');
    fireEvent.click(button);
    await waitFor(() => expect(JSON.parse(textarea('workbench-header').value).alg).toBe('none'));
    await waitFor(() =>
      expect(
        within(screen.getByTestId('workbench-findings'))
          .getAllByTestId('finding')
          .map((f) => f.dataset.rule),
      ).toContain('alg-none'),
    );
    expect(encoded().split('.')[2]).toBe('');
  });

  it('"Re-sign with a known secret" signs the tampered payload with the ring secret; the token verifies with it', async () => {
    const { source } = await setup(
      memoryPreferences(),
      memoryKeyRing([{ id: 'k1', label: 'app secret', material: SECRET, format: 'text' }]),
    );
    await openWorkbench();
    fireEvent.input(textarea('workbench-payload'), {
      target: { value: segmentText(source, 1).replace('"role":"user"', '"role":"admin"') },
    });
    await waitFor(() => expect(segmentText(encoded(), 1)).toContain('"role":"admin"'));
    fireEvent.click(screen.getByRole('button', { name: 'Re-sign with a known secret' }));
    await waitFor(async () =>
      expect((await jwtVerify(encoded(), utf8.encode(SECRET), { currentDate: new Date(NOW) })).payload.role).toBe(
        'admin',
      ),
    );
    await waitFor(() =>
      expect(within(screen.getByTestId('workbench')).getByTestId('verification').dataset.status).toBe('verified'),
    );
    expect(within(screen.getByTestId('workbench')).getByTestId('verification').textContent).toContain('app secret');
  });

  it('key confusion with a public key of the ring: HS256 over the PEM bytes, badge says what it is', async () => {
    const { publicKey } = await generateKeyPair('RS256', { extractable: true });
    const pem = await exportSPKI(publicKey);
    await setup(memoryPreferences(), memoryKeyRing([{ id: 'pub', label: 'server key', material: pem, format: 'pem' }]));
    await openWorkbench();
    fireEvent.click(await screen.findByRole('button', { name: /key confusion/i }));
    await waitFor(() => expect(JSON.parse(textarea('workbench-header').value).alg).toBe('HS256'));
    // Forging every byte spelling (PEM ± newline, PKCS#1, DER, JWK) takes a few seconds under happy-dom.
    const outputs = await screen.findAllByTestId('workbench-variant-output', {}, { timeout: 10_000 });
    expect(outputs.length).toBeGreaterThan(1);
    // The first output is keyed with one of the PEM's byte spellings: one of them verifies it.
    const token = encoded();
    const spellings = [pem, pem.trimEnd(), `${pem.trimEnd()}\n`];
    const verified = await Promise.all(
      spellings.map((k) =>
        jwtVerify(token, utf8.encode(k), { currentDate: new Date(NOW) }).then(
          () => true,
          () => false,
        ),
      ),
    );
    expect(verified).toContain(true);
    await waitFor(() =>
      expect(within(screen.getByTestId('workbench')).getByTestId('verification').dataset.status).toBe('key-confusion'),
    );
    expect(within(screen.getByTestId('workbench')).getByTestId('verification').textContent).toContain(
      'HMAC keyed with public key «server key»',
    );
  }, 20_000);

  it('"Generate a key pair" saves it to the ring, shows its public JWK, JWKS and PEM, and the token verifies', async () => {
    const keys = memoryKeyRing();
    await setup(memoryPreferences(), keys);
    await openWorkbench();
    fireEvent.change(screen.getByTestId('workbench-alg'), { target: { value: 'ES256' } });
    expect(screen.getByTestId('workbench-pair-kind')).toHaveProperty('value', 'P-256');
    fireEvent.click(screen.getByTestId('workbench-generate'));
    const generated = await screen.findByTestId('workbench-generated');
    expect(generated.textContent).toContain('Public JWK');
    expect(generated.textContent).toContain('BEGIN PUBLIC KEY');
    await waitFor(() => expect(keys.saved.at(-1)).toHaveLength(1));
    await waitFor(() =>
      expect(within(screen.getByTestId('workbench')).getByTestId('verification').dataset.status).toBe('verified'),
    );
    expect(encoded().split('.')).toHaveLength(3);
  });

  it('the key chooser offers the ring keys that fit the algorithm: secrets for HS*, the curve for ES256', async () => {
    const rsa = await exportPKCS8((await generateKeyPair('RS256', { extractable: true })).privateKey);
    const p256 = await exportPKCS8((await generateKeyPair('ES256', { extractable: true })).privateKey);
    await setup(
      memoryPreferences(),
      memoryKeyRing([
        { id: 's', label: 'a secret', material: SECRET, format: 'text' },
        { id: 'r', label: 'rsa private', material: rsa, format: 'pem' },
        { id: 'e', label: 'p256 private', material: p256, format: 'pem' },
      ]),
    );
    await openWorkbench();
    const options = () =>
      [...(screen.getByTestId('workbench-key') as HTMLSelectElement).options].map((o) => o.textContent ?? '');
    await waitFor(() => expect(options()).toContain('key ring: a secret'));
    expect(options().filter((o) => o.startsWith('key ring:'))).toEqual(['key ring: a secret']);
    fireEvent.change(screen.getByTestId('workbench-alg'), { target: { value: 'ES256' } });
    // (once the engine has described the ring's keys)
    await waitFor(
      () => expect(options().filter((o) => o.startsWith('key ring:'))).toEqual(['key ring: p256 private']),
      { timeout: 8000 },
    );
    fireEvent.change(screen.getByTestId('workbench-alg'), { target: { value: 'PS384' } });
    expect(options().filter((o) => o.startsWith('key ring:'))).toEqual(['key ring: rsa private']);
    // PS384 picked the RSA key: the token verifies with its public half.
    await waitFor(
      () => expect(within(screen.getByTestId('workbench')).getByTestId('verification').dataset.status).toBe('verified'),
      { timeout: 8000 },
    );
  }, 20_000);
});
