// @vitest-environment happy-dom
// README: a pasted text over 64 KiB is not kept across a reopen, and the paste box says so. The bound
// counts characters (UTF-16 units, 65,536), not UTF-8 bytes.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../components/App.tsx';
import type { PasteStore } from '../../../components/host.ts';
import { memoryTransport } from '../fakes.ts';

afterEach(cleanup);

function memoryPastes(): PasteStore {
  let value: unknown;
  return {
    load: async () => value,
    save: async (r) => void (value = structuredClone(r)),
    remove: async () => void (value = undefined),
  };
}

function paste(text: string) {
  fireEvent.input(screen.getByTestId('paste-token'), { target: { value: text } });
}

describe('the paste-not-kept notice', () => {
  it('is absent at 65,536 characters and shown at 65,537; it counts characters, not bytes', async () => {
    render(<App transport={memoryTransport([])} pastes={memoryPastes()} />);
    await screen.findByTestId('paste-token');
    paste('x'.repeat(65_536));
    await waitFor(() => expect((screen.getByTestId('paste-token') as HTMLTextAreaElement).value).toHaveLength(65_536));
    expect(screen.queryByTestId('paste-not-kept')).toBeNull();

    paste('x'.repeat(65_537));
    const notice = await screen.findByTestId('paste-not-kept');
    expect(notice.textContent).toBe(
      'Not kept when the panel closes: this text is over 65,536 characters (its tokens are kept).',
    );

    // 40,000 × "é" is 80,000 UTF-8 bytes but 40,000 characters: kept, no notice.
    paste('é'.repeat(40_000));
    await waitFor(() => expect(screen.queryByTestId('paste-not-kept')).toBeNull());
  });
});
