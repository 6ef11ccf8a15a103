// @vitest-environment happy-dom
// Issue 14: the quick secret check of a new HS token (the empty key and 1,000 common secrets) runs
// off the panel's main thread when the host has a worker for it: in the list's inspections, in the
// token detail that names the secret, and in the workbench, where every edit makes a new token.
import { cleanup, render, screen, within } from '@testing-library/preact';
import { SignJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../components/App.tsx';
import { WorkbenchModel, type WorkbenchContext } from '../../../components/state/workbench-state.ts';
import * as secretChecks from '../../../lib/inspect/secret-checks.ts';
import { captured, memoryKeyRing, memoryTransport } from '../fakes.ts';

// Counts the common-secret search on this thread (the fake workers below never call it).
vi.mock('../../../lib/inspect/secret-checks.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../lib/inspect/secret-checks.ts')>();
  return { ...actual, findCommonSecret: vi.fn(actual.findCommonSecret) };
});
const searched = vi.mocked(secretChecks.findCommonSecret);

const NOW = 1_700_000_000_000;
const hs = (sub: string, secret: string) =>
  new SignJWT({ sub }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(secret));

beforeEach(() => {
  searched.mockClear();
});
afterEach(cleanup);

describe('the quick secret check stays off the main thread', () => {
  it('the detail names the common secret the worker found without searching the list here', async () => {
    const weak = await hs(`weak-${Math.random()}`, 'secret');
    const asked: string[] = [];
    const quickSecretCheck = async (token: string) => {
      asked.push(token);
      return token === weak ? 'secret' : undefined;
    };
    render(
      <App
        transport={memoryTransport([captured(weak)])}
        clock={() => NOW}
        keyRing={memoryKeyRing()}
        quickSecretCheck={quickSecretCheck}
      />,
    );
    (await screen.findByTestId('token-row')).click();
    const detail = await screen.findByTestId('token-detail');
    // The worker's answer comes back as the token's secret: the finding offers to add it.
    await within(detail).findByTestId('finding-add-key', {}, { timeout: 10_000 });
    expect(within(detail).getByTestId('findings').textContent).toContain('"secret"');
    expect(asked).toEqual([weak]);
    expect(searched).not.toHaveBeenCalled();
  });

  it('without a worker the detail still finds the common secret on its own', async () => {
    const weak = await hs(`inline-${Math.random()}`, 'secret');
    render(<App transport={memoryTransport([captured(weak)])} clock={() => NOW} keyRing={memoryKeyRing()} />);
    (await screen.findByTestId('token-row')).click();
    const detail = await screen.findByTestId('token-detail');
    await within(detail).findByTestId('finding-add-key', {}, { timeout: 10_000 });
    expect(searched).toHaveBeenCalled();
  });

  it('the workbench asks the worker about each new HS token and shows the secret it found', async () => {
    const asked: string[] = [];
    const ctx: WorkbenchContext = {
      keys: () => [],
      now: () => NOW,
      clockSkew: () => 0,
      crackedOf: () => undefined,
      otherTokens: () => [],
      addKey: () => undefined,
      // The worker's answer (the workbench signs with the common secret "secret").
      quickCheck: async (token) => {
        asked.push(token);
        return 'secret';
      },
    };
    const model = WorkbenchModel.fromTemplate(ctx, () => undefined);
    model.setSecret('secret');
    model.setPayload(`{"sub":"bench-${Math.random()}"}`);
    model.encodeNow();
    await vi.waitFor(
      () => {
        expect(model.state.inspecting).toBe(false);
        const weak = model.state.inspection?.findings.find((f) => f.rule === 'weak-hmac-secret');
        expect(weak?.message).toContain('"secret"');
      },
      { timeout: 10_000 },
    );
    expect(asked).toContain(model.state.token);
    expect(searched).not.toHaveBeenCalled();
    model.dispose();
  });
});
