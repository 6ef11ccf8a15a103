// The request log in the panel store: applied from worker messages, exported with the tokens.
import { SignJWT } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RequestRecord } from '../../../lib/capture/model.ts';
import { PROTOCOL_VERSION } from '../../../lib/protocol/messages.ts';
import { REDACTED, redactToken } from '../../../lib/export/redact.ts';
import { PanelStore } from '../../../components/state/panel-store.ts';
import { captured, memoryKeyRing, memoryTransport } from '../fakes.ts';

const NOW = 1_700_000_000_000;
const hs = (claims: Record<string, unknown>) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode('request-log-test-secret-long-enough!!'));

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

const record = (id: string, tokens: string[], o: Partial<RequestRecord> = {}): RequestRecord => ({
  requestId: id,
  time: NOW - 1000,
  method: 'GET',
  url: 'https://api.example.com/me',
  ...(tokens.length ? { headers: [{ name: 'Authorization', value: `Bearer ${tokens[0]}` }] } : {}),
  status: 401,
  challenge: { raw: 'Bearer error="invalid_token"', scheme: 'Bearer', error: 'invalid_token' },
  tokens,
  ...o,
});

describe('PanelStore: the request log', () => {
  it('applies records and evictions from tokens batches, and exports those of the reported tokens, redacted', async () => {
    const alice = await hs({ sub: 'alice', exp: NOW / 1000 + 600 });
    const bob = await hs({ sub: 'bob', exp: NOW / 1000 + 600 });
    const transport = memoryTransport([captured(alice, {}, NOW - 3000), captured(bob, {}, NOW - 2000)]);
    const store = new PanelStore({ transport, clock: () => NOW, host: { keyRing: memoryKeyRing() } });
    stops.push(store.start());
    await vi.waitFor(() => expect(store.state.ring.loaded).toBe(true));
    transport.emit({
      v: PROTOCOL_VERSION,
      kind: 'tokens',
      tabId: 1,
      tokens: [],
      evicted: [],
      dropped: 0,
      requests: [record('a', [alice]), record('b', [bob]), record('plain', []), record('gone', [bob])],
    });
    transport.emit({
      v: PROTOCOL_VERSION,
      kind: 'tokens',
      tabId: 1,
      tokens: [],
      evicted: [],
      dropped: 0,
      requestsEvicted: ['gone'],
    });
    expect([...store.requests().keys()]).toEqual(['a', 'b', 'plain']);

    store.select(alice);
    store.toggleExport();
    store.setExportOptions({ format: 'json' });
    const selected = JSON.parse(store.reportText()) as {
      requests: { requestId: string; tokens: string[]; headers?: unknown }[];
    };
    expect(selected.requests.map((r) => r.requestId)).toEqual(['a']);
    expect(selected.requests[0]!.tokens).toEqual([redactToken(alice)]);
    expect(selected.requests[0]!.headers).toEqual([{ name: 'Authorization', value: REDACTED }]);
    store.setExportOptions({ scope: 'all' });
    const all = JSON.parse(store.reportText()) as { requests: { requestId: string }[] };
    expect(all.requests.map((r) => r.requestId)).toEqual(['a', 'b', 'plain']);
    store.setExportOptions({ includeSecrets: true });
    const full = JSON.parse(store.reportText()) as { requests: { tokens: string[] }[] };
    expect(full.requests[0]!.tokens).toEqual([alice]);

    // A clear empties the log.
    transport.emit({ v: PROTOCOL_VERSION, kind: 'cleared', tabId: 1, reason: 'user' });
    expect(store.requests().size).toBe(0);
  });
});
