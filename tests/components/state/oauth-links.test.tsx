// The store computes the capture's OAuth links once per capture change and feeds the peers to inspections.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { inspect } from '../../../lib/inspect/index.ts';
import { PROTOCOL_VERSION } from '../../../lib/protocol/messages.ts';
import type { InspectFn } from '../../../components/state/inspect-token.ts';
import { PanelStore } from '../../../components/state/panel-store.ts';
import type { CapturedToken, Sighting } from '../../../lib/capture/model.ts';
import { ath, dpopProof, rs256, sentIn } from '../../lib/oauth/mint.ts';
import { memoryKeyRing, memoryTransport } from '../fakes.ts';

const NOW = 1_700_000_000_000;
const T = NOW / 1000 - 60;
const API = 'https://api.example.com/orders';
const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

const entry = (token: string, sightings: Sighting[]): CapturedToken => ({
  token,
  firstSeen: sightings[0]!.time,
  lastSeen: sightings[0]!.time,
  count: sightings.length,
  sightings,
});

describe('PanelStore OAuth links', () => {
  it('links once per capture change, not per read, and inspects a proof with its access token', async () => {
    const access = rs256(
      { iss: 'https://op.example.com', sub: 'alice', client_id: 'spa', aud: 'https://api.example.com', iat: T },
      { typ: 'at+jwt' },
    );
    const proof = dpopProof({ jti: 'j', htm: 'GET', htu: API, iat: T, ath: ath(access) });
    const seen: Record<string, unknown> = {};
    const inspectFn: InspectFn = (token, options) => {
      seen[token] = options.peers;
      return inspect(token, options);
    };
    const transport = memoryTransport([entry(proof, [sentIn('DPoP', API, T * 1000, { requestId: 'r' })])]);
    const store = new PanelStore({ transport, clock: () => NOW, host: { keyRing: memoryKeyRing() }, inspectFn });
    stops.push(store.start());
    await vi.waitFor(() => expect(store.entries()).toHaveLength(1));
    const first = store.links();
    expect(store.links()).toBe(first);
    expect(first.relations).toEqual([]);

    transport.emit({
      v: PROTOCOL_VERSION,
      kind: 'tokens',
      tabId: 1,
      tokens: [entry(access, [sentIn('Authorization', API, T * 1000, { requestId: 'r', scheme: 'DPoP' })])],
      evicted: [],
      dropped: 0,
    });
    await vi.waitFor(() => expect(store.entries()).toHaveLength(2));
    const second = store.links();
    expect(second).not.toBe(first);
    expect(store.links()).toBe(second);
    expect(second.byToken.get(proof)!.map((r) => r.relation)).toEqual(['dpop-proof-for']);

    store.select(proof);
    await vi.waitFor(() => {
      const d = store.detail()!;
      expect(d.related.map((r) => [r.relation, r.label])).toEqual([['dpop-proof-for', 'Access token · alice']]);
      expect(d.inspection?.checks?.find((c) => c.rule === 'dpop-ath-mismatch')?.status).toBe('pass');
    });
    expect(seen[proof]).toEqual({ accessTokens: [access] });
    expect(store.detail()!.related).toBe(store.detail()!.related);
  });
});
