// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { KeyRow } from '../../../components/key-ring/KeyRow.tsx';
import type { KeyEntry } from '../../../lib/types.ts';

afterEach(cleanup);

// A JWK Set over 64 KiB: 1,500 Ed25519-shaped public members, and one with a private member too.
const member = (i: number, extra = '') => `{"kty":"OKP","crv":"Ed25519","kid":"k${i}","x":"${'A'.repeat(43)}"${extra}}`;
const publicSet = `{"keys":[${Array.from({ length: 1_500 }, (_, i) => member(i)).join(',')}]}`;
const privateSet = `{"keys":[${Array.from({ length: 1_500 }, (_, i) => member(i, i === 1_499 ? `,"d":"${'B'.repeat(43)}"` : '')).join(',')}]}`;

function row(material: string) {
  const entry: KeyEntry = { id: 'big', label: 'big set', material, format: 'jwks' };
  render(
    <ul>
      <KeyRow entry={entry} facts={undefined} onEdit={() => undefined} onRemove={() => undefined} />
    </ul>,
  );
  return screen.getByTestId('key-material-view');
}

describe('key row of a JWK Set over 64 KiB', () => {
  it('is masked while its secrecy is worked out in a later turn, then shown when it holds no secret', async () => {
    expect(publicSet.length).toBeGreaterThan(64 * 1024);
    const view = row(publicSet);
    // Drawn masked: the megabyte parse that decides waits for a turn of its own.
    expect(view.textContent).toBe(`•••••••••••• (${publicSet.length} characters)`);
    await waitFor(() => expect(view.textContent).toBe(`${publicSet.slice(0, 400)}…`));
    expect(screen.queryByTestId('reveal-key')).toBeNull();
  });

  it('stays masked, with a Reveal button, when a member holds a private key', async () => {
    const view = row(privateSet);
    await new Promise((r) => setTimeout(r, 50));
    expect(view.textContent).toBe(`•••••••••••• (${privateSet.length} characters)`);
    expect(screen.getByTestId('reveal-key').textContent).toBe('Reveal');
  });
});
