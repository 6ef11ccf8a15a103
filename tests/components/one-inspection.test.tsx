// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../components/App.tsx';
import { inspect } from '../../lib/index.ts';
import type { InspectOptions } from '../../lib/types.ts';
import { captured, memoryKeyRing, memoryTransport } from './fakes.ts';

const NOW = 1_700_000_000_000;
afterEach(cleanup);

describe('the panel asks the engine once per token', () => {
  it('shows travel findings from the one inspection, with their count', async () => {
    const token = await new SignJWT({
      sub: 'carol',
      iss: 'https://idp.example.com/',
      aud: 'api',
      exp: NOW / 1000 + 600,
    })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('one-inspection-test-secret-long-enough'));
    const entry = captured(token, { url: 'http://app.example.com/api/me' }, NOW);
    const sighting = entry.sightings[0]!;
    entry.sightings = [sighting, { ...sighting, time: NOW + 1 }, { ...sighting, time: NOW + 2 }];
    entry.count = 3;
    const calls: InspectOptions[] = [];
    const inspectFn = (t: string, o: InspectOptions) => {
      calls.push(o);
      return inspect(t, o);
    };
    render(
      <App transport={memoryTransport([entry])} clock={() => NOW} keyRing={memoryKeyRing()} inspectFn={inspectFn} />,
    );
    fireEvent.click(await screen.findByTestId('token-row'));
    const finding = await waitFor(() => {
      const f = screen.getAllByTestId('finding').find((el) => el.getAttribute('data-rule') === 'sent-over-http');
      expect(f).toBeDefined();
      return f!;
    });
    expect(finding.querySelector('[data-testid="finding-count"]')?.textContent).toBe('×3');
    // Nothing else inspects it again: no second decode, verification or findings pass.
    await new Promise((r) => setTimeout(r, 300));
    expect(calls).toHaveLength(1);
    expect(calls[0]!.sightings).toHaveLength(3);
  });
});
