// The replay model and its store wiring, without a DOM: a fake sender plays the server.
import { SignJWT } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReplayAnswer, SendReplay } from '../../../components/host.ts';
import { PanelStore } from '../../../components/state/panel-store.ts';
import { ReplayModel, type ReplayContext, type ReplayState } from '../../../components/state/replay-state.ts';
import { decodeToken } from '../../../lib/decode-token.ts';
import { PROTOCOL_VERSION } from '../../../lib/protocol/messages.ts';
import type { ReplayRequest } from '../../../lib/replay/build-request.ts';
import type { RequestRecord, Sighting } from '../../../lib/types.ts';
import { captured, memoryTransport } from '../fakes.ts';

const NOW = 1_700_000_000_000;
const SECRET = 'replay-state-test-secret-long-enough!!';
const mint = () =>
  new SignJWT({ sub: 'alice', exp: NOW / 1000 + 600 })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(SECRET));

const record = (token: string, patch: Partial<RequestRecord> = {}): RequestRecord => ({
  requestId: 'r1',
  time: NOW,
  method: 'GET',
  url: 'https://api.example.com/me',
  headers: [
    { name: 'Authorization', value: `Bearer ${token}` },
    { name: 'User-Agent', value: 'UA' },
  ],
  status: 200,
  tokens: [token],
  ...patch,
});
const sighting = (patch: Partial<Sighting> = {}): Sighting => ({
  direction: 'request',
  via: 'webrequest',
  location: { kind: 'header', name: 'Authorization', scheme: 'Bearer' },
  method: 'GET',
  url: 'https://api.example.com/me',
  requestId: 'r1',
  time: NOW,
  ...patch,
});
const answer = (status: number, body: string): ReplayAnswer => ({
  status,
  statusText: '',
  ms: 3,
  size: body.length,
  headers: [{ name: 'content-type', value: 'application/json' }],
  body,
  bodyTruncated: false,
});

/** A server that accepts the original and unsigned tokens spelt `alg: None` only. */
function carelessServer(
  token: string,
  delayMs = 2,
): {
  send: SendReplay;
  sent: ReplayRequest[];
  inFlight: () => number;
  most: () => number;
} {
  const sent: ReplayRequest[] = [];
  let inFlight = 0;
  let most = 0;
  const send: SendReplay = async (request) => {
    sent.push(request);
    inFlight++;
    most = Math.max(most, inFlight);
    await new Promise((r) => setTimeout(r, delayMs));
    inFlight--;
    const auth = request.headers.find((h) => h.name === 'Authorization')?.value.slice(7);
    const ok = auth === token || decodeToken(auth ?? '').header?.alg === 'None';
    return {
      ok: true,
      value: ok ? answer(200, '{"user":"alice","plan":"pro"}') : answer(401, '{"error":"invalid_token"}'),
    };
  };
  return { send, sent, inFlight: () => inFlight, most: () => most };
}

function model(token: string, over: Partial<ReplayContext> = {}) {
  const states: ReplayState[] = [];
  const rec = record(token);
  const trialsFor: string[] = [];
  const m = new ReplayModel(
    {
      request: (id) => (id === rec.requestId ? rec : undefined),
      forgeContext: () => ({ keys: [], now: NOW / 1000 }),
      workbenchToken: () => undefined,
      onTrials: (t) => trialsFor.push(t),
      clock: () => NOW,
      ...over,
    },
    (s) => states.push(s),
  );
  return { m, states, trialsFor };
}

describe('ReplayModel', () => {
  it('offers a target only for a request sighting whose record kept headers, and only with a sender', async () => {
    const token = await mint();
    const { send } = carelessServer(token);
    const { m } = model(token, { send });
    expect(m.targetOf(token, sighting())).toMatchObject({ requestId: 'r1', method: 'GET' });
    expect(m.targetOf(token, sighting({ direction: 'response' }))).toBeUndefined();
    expect(m.targetOf(token, sighting({ requestId: 'other' }))).toBeUndefined();
    expect(model(token).m.targetOf(token, sighting())).toBeUndefined();
    const bare = model(token, { send, request: () => ({ ...record(token), headers: undefined }) as RequestRecord });
    expect(bare.m.targetOf(token, sighting())).toBeUndefined();
  });

  it('replays the chosen variant, asks for the rule permission first, and logs the request with its status', async () => {
    const token = await mint();
    const server = carelessServer(token);
    const permission = vi.fn(() => Promise.resolve(true));
    const { m } = model(token, { send: server.send, requestPermission: permission });
    m.openReplay(m.targetOf(token, sighting())!);
    await vi.waitFor(() => expect(m.state.replay?.planning).toBe(false), { timeout: 10_000 });
    const choices = m.state.replay!.choices.map((c) => c.id);
    expect(choices.slice(0, 2)).toEqual(['original', 'no-token']);
    expect(choices.filter((c) => c === 'no-token')).toHaveLength(1);
    expect(choices).toContain('alg-none-case#1');
    m.choose('alg-none-case#1');
    await m.sendReplay();
    expect(permission).toHaveBeenCalledTimes(1);
    const out = m.state.replay!.outcome!;
    expect(out.answer?.status).toBe(200);
    expect(out.ruleHeaders).toEqual(['User-Agent']);
    expect(decodeToken(server.sent[0]!.headers[0]!.value.slice(7)).header?.alg).toBe('None');
    expect(m.state.sentLog).toEqual([
      expect.objectContaining({ why: 'replay', method: 'GET', url: 'https://api.example.com/me', status: 200 }),
    ]);
    expect(m.state.sentLog[0]!.pending).toBeUndefined();
  });

  it('sends nothing when the permission is refused, and says so with its code', async () => {
    const token = await mint();
    const server = carelessServer(token);
    const { m } = model(token, { send: server.send, requestPermission: () => Promise.resolve(false) });
    m.openReplay(m.targetOf(token, sighting())!);
    await m.sendReplay();
    expect(server.sent).toHaveLength(0);
    expect(m.state.replay!.outcome!.error?.code).toBe('replay-permission');
    expect(m.state.sentLog).toHaveLength(0);
  });

  it('refuses a truncated body before sending anything', async () => {
    const token = await mint();
    const server = carelessServer(token);
    const rec = record(token, { method: 'POST', body: { text: '{"a":', size: 100_000, kept: 65_536 } });
    const { m } = model(token, { send: server.send, request: () => rec });
    m.openReplay(m.targetOf(token, sighting())!);
    await m.sendReplay();
    expect(m.state.replay!.outcome!.error?.code).toBe('replay-body-truncated');
    expect(server.sent).toHaveLength(0);
  });

  it('tests the endpoint: baseline first, ≤ 2 in flight, verdicts kept per token, every request logged', async () => {
    const token = await mint();
    const server = carelessServer(token);
    const { m, trialsFor } = model(token, { send: server.send });
    await m.startTest(m.targetOf(token, sighting())!);
    const t = m.state.test!;
    expect(t.running).toBe(false);
    expect(t.total).toBe(t.results.length);
    expect(t.total).toBeLessThanOrEqual(30);
    expect(server.most()).toBeLessThanOrEqual(2);
    expect(t.results[0]!.step.variant).toBe('original');
    const accepted = t.results.filter((r) => r.acceptance.verdict === 'accepted').map((r) => r.step.label);
    expect(accepted).toEqual(['as captured', 'alg: None, trailing dot', 'alg: None, no trailing dot']);
    expect(trialsFor).toEqual([token]);
    expect(m.state.trials.get(token)).toHaveLength(t.total);
    expect(m.state.sentLog).toHaveLength(t.total);
    expect(m.state.sentLog.every((e) => e.why === 'endpoint-test')).toBe(true);
  });

  it('cancels a running test: no more requests after the abort', async () => {
    const token = await mint();
    const server = carelessServer(token, 40);
    const { m } = model(token, { send: server.send });
    const run = m.startTest(m.targetOf(token, sighting())!);
    await vi.waitFor(() => expect(server.sent.length).toBeGreaterThanOrEqual(3), { timeout: 10_000 });
    m.cancelTest();
    await run;
    const sentAtCancel = server.sent.length;
    await new Promise((r) => setTimeout(r, 30));
    expect(server.sent.length).toBe(sentAtCancel);
    expect(m.state.test!.cancelled).toBe(true);
    expect(m.state.test!.results.length).toBeLessThan(m.state.test!.total);
  });
});

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

describe('PanelStore: replay', () => {
  it('an accepted forgery becomes a server-accepts-forgery finding, and the export lists the trials and the sent log', async () => {
    const token = await mint();
    const server = carelessServer(token);
    const transport = memoryTransport([
      captured(token, { requestId: 'r1', location: { kind: 'header', name: 'Authorization', scheme: 'Bearer' } }),
    ]);
    const store = new PanelStore({ transport, clock: () => NOW, host: { sendReplay: server.send } });
    stops.push(store.start());
    transport.emit({
      v: PROTOCOL_VERSION,
      kind: 'tokens',
      tabId: 1,
      tokens: [],
      dropped: 0,
      evicted: [],
      requests: [record(token)],
    });
    store.select(token);
    const s = store.detail()!.captured!.sightings[0]!;
    const target = store.replayTarget(token, s)!;
    expect(target).toBeDefined();
    await store.testEndpoint(target);
    await vi.waitFor(
      () => expect(store.detail()?.inspection?.findings.some((f) => f.rule === 'server-accepts-forgery')).toBe(true),
      { timeout: 10_000 },
    );
    const f = store.detail()!.inspection!.findings.find((x) => x.rule === 'server-accepts-forgery')!;
    expect(f.severity).toBe('critical');
    expect(f.message).toBe(
      'Server accepted alg: None, trailing dot (alg-none-case): 200, body 100 % like the original — GET https://api.example.com/me.',
    );
    expect(f.count).toBe(2);
    store.setExportOptions({ format: 'json', scope: 'all' });
    const report = JSON.parse(store.reportText()) as {
      sent: { why: string }[];
      tokens: { endpointTests: { variant: string; passed: boolean; verdict: string }[] }[];
    };
    expect(report.sent.length).toBe(store.state.replay.sentLog.length);
    const tests = report.tokens[0]!.endpointTests;
    expect(tests.filter((e) => e.verdict === 'accepted').map((e) => e.variant)).toEqual([
      'original',
      'alg-none-case',
      'alg-none-case',
    ]);
    expect(tests.find((e) => e.variant === 'alg-none')).toMatchObject({ passed: true, verdict: 'refused' });
    store.setExportOptions({ format: 'markdown' });
    const md = store.reportText();
    expect(md).toContain('**Endpoint tests**');
    expect(md).toContain('passed (refused)');
    expect(md).toContain('## Requests JWT Lens sent');
  });

  it('logs Fetch JWKS in the sent log', async () => {
    const transport = memoryTransport([]);
    const fetchText = vi.fn(() => Promise.resolve({ status: 404, text: 'no' }));
    const store = new PanelStore({ transport, clock: () => NOW, host: { fetchText } });
    stops.push(store.start());
    await store.fetchJwks('https://idp.example.com/jwks.json');
    expect(fetchText).toHaveBeenCalledTimes(1);
    expect(store.state.replay.sentLog).toEqual([
      expect.objectContaining({
        why: 'fetch-keys',
        method: 'GET',
        url: 'https://idp.example.com/jwks.json',
        status: 404,
      }),
    ]);
  });
});
