// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { CompactEncrypt, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../components/App.tsx';
import { captured, fullDetail, memoryKeyRing, memoryTransport } from '../fakes.ts';

const NOW = 1_700_000_000_000;
afterEach(cleanup);

describe('keys the token chooses (jku / x5u)', () => {
  it('fetches nothing until the user acknowledges the warning and clicks, then verifies with an untrusted label', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] };
    const jku = 'https://attacker.example/keys.json';
    const token = await new SignJWT({ sub: 'mallory', iss: 'https://idp.example' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1', jku })
      .sign(privateKey);
    const fetched: string[] = [];
    const fetchText = async (url: string) => {
      fetched.push(url);
      return { status: 200, text: JSON.stringify(jwks) };
    };
    render(
      <App
        transport={memoryTransport([captured(token)])}
        clock={() => NOW}
        keyRing={memoryKeyRing()}
        fetchText={fetchText}
      />,
    );
    fireEvent.click(await screen.findByTestId('token-row'));
    const detail = screen.getByTestId('token-detail');
    const warning = await within(detail).findByTestId('key-url-warning');
    expect(warning.textContent).toContain('The token itself chose jku');
    expect(warning.textContent).toContain(jku);
    // The badge says the token carries a key URL; nothing is fetched on its own.
    await waitFor(() => expect(within(detail).getByTestId('verification').dataset.status).toBe('no-key'));
    const fetchButton = within(warning).getByTestId('fetch-jku') as HTMLButtonElement;
    expect(fetchButton.disabled).toBe(true);
    expect(fetched).toEqual([]);

    fireEvent.click(within(warning).getByTestId('key-url-ack'));
    expect(fetchButton.disabled).toBe(false);
    fireEvent.click(fetchButton);
    await waitFor(() => expect(fetched).toEqual([jku]));
    await waitFor(() =>
      expect(screen.getByTestId('key-actions-message').textContent).toContain('Added «untrusted jku'),
    );
    fireEvent.click(screen.getAllByTestId('token-row')[0]!);
    await waitFor(() => expect(screen.getByTestId('verification').dataset.status).toBe('verified'), { timeout: 5000 });
    expect(screen.getByTestId('verification').textContent).toContain('untrusted jku');
  });
});

describe('JWE', () => {
  it('shows the protected header, then the decrypted payload once a stored key decrypts it', async () => {
    const secret = crypto.getRandomValues(new Uint8Array(32));
    const jwe = await new CompactEncrypt(new TextEncoder().encode('{"sub":"enc-user","scope":"secret-things"}'))
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', cty: 'JWT', kid: 'dir-1' })
      .encrypt(secret);
    const hex = Buffer.from(secret).toString('hex');
    render(<App transport={memoryTransport([captured(jwe)])} clock={() => NOW} keyRing={memoryKeyRing()} />);
    fireEvent.click(await screen.findByTestId('token-row'));
    const detail = await fullDetail();
    expect(within(detail).getByTestId('header-json').textContent).toContain('"enc": "A256GCM"');
    expect(within(detail).getByTestId('jwe-encrypted')).toBeTruthy();
    expect(within(detail).queryByTestId('payload-json')).toBeNull();

    fireEvent.click(screen.getByTestId('add-key'));
    fireEvent.input(await screen.findByTestId('key-material'), { target: { value: hex } });
    fireEvent.change(screen.getByTestId('key-format'), { target: { value: 'hex' } });
    fireEvent.click(screen.getByTestId('save-key'));

    await waitFor(() => expect(screen.getAllByTestId('key-row')).toHaveLength(1));
    fireEvent.click(screen.getAllByTestId('token-row')[0]!);
    await waitFor(() => expect(screen.getByTestId('payload-json').textContent).toContain('"sub": "enc-user"'), {
      timeout: 5000,
    });
    await waitFor(() => expect(screen.getByTestId('verification').dataset.status).toBe('verified'), { timeout: 5000 });
  });
});
