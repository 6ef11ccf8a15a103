// The store runs without a DOM: these tests drive it through its intents, as the views do.
import { SignJWT, UnsecuredJWT } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { inspect } from '../../../lib/inspect/index.ts';
import { PROTOCOL_VERSION } from '../../../lib/protocol/messages.ts';
import type { InspectFn } from '../../../components/state/inspect-token.ts';
import { DRAFT, PanelStore } from '../../../components/state/panel-store.ts';
import { rowValidity } from '../../../components/state/token-rows.ts';
import { captured, memoryKeyRing, memoryTransport } from '../fakes.ts';

const NOW = 1_700_000_000_000;
const clock = () => NOW;
const SECRET = 'store-test-secret-that-is-long-enough!!';
const hs = (claims: Record<string, unknown>, secret = SECRET) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(secret));

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

async function setup(options: { inspectFn?: InspectFn; pageUrl?: () => string | undefined } = {}) {
  const alice = await hs({ sub: 'alice', iss: 'https://idp.example.com/', exp: NOW / 1000 + 600 });
  const bob = await hs({ sub: 'bob', exp: NOW / 1000 - 3600 });
  const none = new UnsecuredJWT({ sub: 'mallory' }).encode();
  const transport = memoryTransport([
    captured(alice, {}, NOW - 3000),
    captured(bob, { location: { kind: 'cookie', name: 'session' } }, NOW - 2000),
    captured(
      none,
      { location: { kind: 'query', name: 'access_token' }, url: `https://api.example.com/x?access_token=${none}` },
      NOW - 1000,
    ),
  ]);
  const ring = memoryKeyRing();
  const store = new PanelStore({
    transport,
    clock,
    host: { keyRing: ring, ...(options.pageUrl ? { pageUrl: options.pageUrl } : {}) },
    ...(options.inspectFn ? { inspectFn: options.inspectFn } : {}),
  });
  let changes = 0;
  store.subscribe(() => changes++);
  stops.push(store.start());
  await vi.waitFor(() => expect(store.state.ring.loaded).toBe(true));
  return { store, transport, ring, alice, bob, none, changes: () => changes };
}

const labels = (store: PanelStore) => store.listed().map((c) => store.rowOf(c).label);

// The list for a filter text computed with no earlier filter to narrow from.
function filterFromScratch(store: PanelStore, text: string): string[] {
  const previous = store.state.filterText;
  store.setFilter('\u0000reset');
  (store as unknown as { lastMatch: unknown }).lastMatch = undefined;
  store.setFilter(text);
  const out = labels(store);
  store.setFilter(previous);
  return out;
}

describe('PanelStore', () => {
  it('takes the capture from the transport and lists it newest first', async () => {
    const { store } = await setup();
    expect(store.state.capture.status).toEqual({ state: 'connected' });
    expect(labels(store)).toEqual(['mallory', 'bob', 'alice']);
    // Memoised: nothing changed, the same list object.
    expect(store.listed()).toBe(store.listed());
  });

  it('applies incremental worker events: new tokens, evictions, clears', async () => {
    const { store, transport, alice } = await setup();
    const carol = await hs({ sub: 'carol' });
    transport.emit({
      v: PROTOCOL_VERSION,
      kind: 'tokens',
      tabId: 1,
      tokens: [captured(carol, {}, NOW)],
      evicted: [alice],
      dropped: 4,
    });
    expect(labels(store)).toEqual(['carol', 'mallory', 'bob']);
    expect(store.state.capture.dropped).toBe(4);
    transport.emit({ v: PROTOCOL_VERSION, kind: 'cleared', tabId: 1, reason: 'navigation' });
    expect(store.entries()).toEqual([]);
  });

  it('notifies subscribers on every change, and stops after unsubscribe', async () => {
    const { store } = await setup();
    const seen: string[] = [];
    const stop = store.subscribe(() => seen.push(store.state.filterText));
    store.setFilter('a');
    store.setFilter('ab');
    stop();
    store.setFilter('abc');
    expect(seen).toEqual(['a', 'ab']);
  });

  it('filters and sorts; a new column sorts ascending, counts most first, a second click flips', async () => {
    const { store } = await setup();
    store.setFilter('expired');
    expect(labels(store)).toEqual(['bob']);
    expect(store.filter().terms.length).toBe(1);
    store.setFilter('');
    store.sortBy('subject');
    expect(store.state.sort).toEqual({ column: 'subject', descending: false });
    expect(labels(store)).toEqual(['alice', 'bob', 'mallory']);
    store.sortBy('subject');
    expect(labels(store)).toEqual(['mallory', 'bob', 'alice']);
    store.sortBy('count');
    expect(store.state.sort).toEqual({ column: 'count', descending: true });
  });

  it('typing on narrows from the previous matches and lists exactly what a fresh filter lists', async () => {
    const { store } = await setup();
    await vi.waitFor(() => expect(store.state.inspected).toBeGreaterThan(0));
    const seq = ['', 'a', 'al', 'ali', 'alic', 'al', 'b', 'bo', 'bob', 'o', '-o', 'is:expired', 'is:expired b'];
    for (const text of seq) {
      store.setFilter(text);
      const typed = labels(store);
      expect(typed).toEqual(filterFromScratch(store, text));
    }
  });

  it('a pasted token is listed as pasted and selected; typing replaces it; one malformed token is the malformed draft', async () => {
    const { store } = await setup();
    const token = await hs({ sub: 'pasted-person' });
    store.paste(token.slice(0, -3));
    store.paste(token);
    expect(store.entries()).toHaveLength(4);
    expect(store.state.selected).toBe(token);
    expect(store.rowOf(store.entries()[0]!).pasted).toBe(true);
    expect(store.detail()?.view.label).toBe('pasted-person');
    store.paste('abc.def');
    expect(store.state.selected).toBe(DRAFT);
    expect(store.detail()?.view.decoded.kind).toBe('malformed');
    expect(store.entries()).toHaveLength(4);
    // Only text that is one token gets the malformed view: prose holds no token at all.
    store.paste('not a token');
    expect(store.state.selected).toBeNull();
    expect(store.pasteReading()).toEqual({ kind: 'none', form: 'text' });
    expect(store.detail()).toBeUndefined();
    store.paste('  ');
    expect(store.state.selected).toBeNull();
    expect(store.detail()).toBeUndefined();
  });

  it('the malformed view shows the token alone, without the Bearer in front', async () => {
    const { store } = await setup();
    store.paste('Bearer abc.def');
    expect(store.state.selected).toBe(DRAFT);
    expect(store.detail()?.token).toBe('abc.def');
  });

  it('a pasted cURL command lists every token in it, each with where it sat, and selects the first', async () => {
    const { store } = await setup();
    const [a, b, c] = [await hs({ sub: 'in-query' }), await hs({ sub: 'in-header' }), await hs({ sub: 'in-cookie' })];
    store.paste(
      `curl 'https://api.example.com/api/me?access_token=${a}' \\\n  -H 'authorization: Bearer ${b}' \\\n  -b 'sid=${c}'`,
    );
    expect(store.entries()).toHaveLength(6);
    expect(store.state.selected).toBe(a);
    const where = (t: string) =>
      store
        .entries()
        .find((e) => e.token === t)!
        .sightings.map((s) => [s.via, s.location]);
    expect(where(a)).toEqual([['paste', { kind: 'query', name: 'access_token' }]]);
    expect(where(b)).toEqual([['paste', { kind: 'header', name: 'authorization', scheme: 'Bearer' }]]);
    expect(where(c)).toEqual([['paste', { kind: 'cookie', name: 'sid' }]]);
    for (const t of [a, b, c]) expect(store.rowOf(store.entries().find((e) => e.token === t)!).pasted).toBe(true);
    // The filter finds pasted tokens by where they sat and by the pasted URL.
    store.setFilter('name:sid');
    expect(labels(store)).toEqual(['in-cookie']);
    store.setFilter('url:/api/me is:pasted');
    expect(labels(store).sort()).toEqual(['in-cookie', 'in-header', 'in-query']);
    store.setFilter('is:captured');
    expect(labels(store)).toEqual(['mallory', 'bob', 'alice']);
    // Typing on at the end of the same text counts nothing twice.
    store.paste(`${store.state.draft} `);
    expect(store.entries().find((e) => e.token === a)!.count).toBe(1);
  });

  it('the expired filter turns over the second exp passes, exactly when the row state does', async () => {
    let now = NOW;
    const exp = NOW / 1000 + 1;
    const token = await hs({ sub: 'edge', exp });
    const store = new PanelStore({ transport: memoryTransport([captured(token, {}, NOW)]), clock: () => now });
    stops.push(store.start());
    store.setFilter('expired');
    expect(store.listed()).toHaveLength(0);
    const rules = () => store.rowOf(store.entries()[0]!).findings.map((f) => f.rule);
    await vi.waitFor(() => expect(store.rowOf(store.entries()[0]!).inspected).toBe(true));
    expect(rules()).not.toContain('expired');
    now = exp * 1000 - 1;
    await new Promise((r) => setTimeout(r, 1100));
    expect(store.listed()).toHaveLength(0);
    now = exp * 1000;
    await vi.waitFor(() => expect(store.state.now).toBe(exp * 1000), { timeout: 3000 });
    expect(store.listed()).toHaveLength(1);
    expect(rowValidity(store.rowOf(store.listed()[0]!), store.state.now, store.state.clockSkew)).toBe('expired');
    // The findings follow at the same turn: the token is inspected again once exp has passed.
    await vi.waitFor(() => expect(rules()).toContain('expired'), { timeout: 3000 });
    // A skew moves both together.
    store.setClockSkew(5);
    expect(store.listed()).toHaveLength(0);
    store.setClockSkew('-3');
    expect(store.state.clockSkew).toBe(0);
    expect(store.listed()).toHaveLength(1);
  });

  it('inspects every token once in the background and merges token and travel findings, most severe first', async () => {
    const calls: string[] = [];
    const inspectFn: InspectFn = (token, options) => {
      calls.push(token);
      return inspect(token, options);
    };
    const { store, none } = await setup({ inspectFn });
    store.select(none);
    await vi.waitFor(() => expect(store.detail()?.inspection).toBeDefined());
    const findings = store.detail()!.inspection!.findings;
    const rules = findings.map((f) => f.rule);
    expect(rules).toContain('alg-none');
    // From the sighting: the token travelled in a URL.
    expect(rules).toContain('token-in-url');
    const order = ['critical', 'high', 'medium', 'low', 'info'];
    const severities = findings.map((f) => order.indexOf(f.severity));
    expect([...severities].sort((a, b) => a - b)).toEqual(severities);
    expect(new Set(findings.map((f) => `${f.rule}|${f.message}`)).size).toBe(findings.length);
    await vi.waitFor(() => expect(new Set(calls).size).toBe(3));
    expect(calls).toHaveLength(3);
    await vi.waitFor(() => expect(store.rowOf(store.entries()[0]!).worst).toBe('critical'));
  });

  it('inspects a token again when it gains a sighting, keeping its verification fresh', async () => {
    const calls: string[] = [];
    const inspectFn: InspectFn = (token, options) => {
      calls.push(token);
      return inspect(token, options);
    };
    const { store, transport, alice } = await setup({ inspectFn });
    store.select(alice);
    await vi.waitFor(() => expect(calls.filter((t) => t === alice)).toHaveLength(1));
    expect(store.detail()!.inspection!.findings.map((f) => f.rule)).not.toContain('token-in-url');
    const inUrl = captured(alice, {
      location: { kind: 'query', name: 'token' },
      url: `https://api.example.com/?token=${alice}`,
    });
    transport.emit({ v: PROTOCOL_VERSION, kind: 'tokens', tabId: 1, tokens: [inUrl], evicted: [], dropped: 0 });
    expect(store.detail()!.fresh).toBe(true);
    await vi.waitFor(() => expect(store.detail()!.inspection!.findings.map((f) => f.rule)).toContain('token-in-url'));
    expect(calls.filter((t) => t === alice)).toHaveLength(2);
  });

  it('re-inspects under a new page URL (third-party findings follow the page)', async () => {
    const page: { url?: string } = {};
    const { store, alice } = await setup({ pageUrl: () => page.url });
    store.select(alice);
    await vi.waitFor(() => expect(store.detail()?.inspection).toBeDefined());
    expect(store.detail()!.inspection!.findings.map((f) => f.rule)).not.toContain('third-party-recipient');
    // The store reads the page URL on its one-second tick.
    page.url = 'https://shop.other.test/';
    await vi.waitFor(
      () => expect(store.detail()!.inspection!.findings.map((f) => f.rule)).toContain('third-party-recipient'),
      { timeout: 3000 },
    );
  });

  it('key ring: a saved key is persisted, every token re-verified; remove, import and export report what they did', async () => {
    const { store, ring, alice } = await setup();
    store.select(alice);
    await vi.waitFor(() => expect(store.detail()?.inspection?.verification.status).toBe('no-key'));
    store.startAddKey();
    expect(store.state.pane).toBe('keys');
    expect(store.state.keyEditing).toEqual({ kind: 'new' });
    store.saveKey({ id: 'k1', label: 'api secret', material: SECRET, format: 'text' });
    expect(store.state.keyEditing).toBeNull();
    expect(ring.saved.at(-1)!.map((k) => k.id)).toEqual(['k1']);
    expect(store.state.ring.message?.text).toContain('Saved «api secret»');
    expect(store.detail()!.fresh).toBe(false);
    await vi.waitFor(() => expect(store.detail()!.inspection!.verification.status).toBe('verified'));
    expect(store.detail()!.fresh).toBe(true);
    await vi.waitFor(() => expect(store.state.ring.facts.get('k1')).toBeDefined());

    const file = store.exportKeys(false);
    expect(file).not.toContain(SECRET);
    expect(store.state.ring.message?.text).toMatch(/^Exported 0 keys; 1 with secrets left out/);
    const withSecrets = store.exportKeys(true);
    expect(withSecrets).toContain(SECRET);
    store.removeKey('k1');
    expect(store.state.ring.keys).toEqual([]);
    expect(store.state.ring.message?.text).toBe('Removed «api secret».');
    await store.importKeys('{ not json');
    expect(store.state.ring.message?.error).toBe(true);
    expect(store.state.ring.keys).toEqual([]);
    await store.importKeys(withSecrets);
    expect(store.state.ring.message).toEqual({ text: 'Imported 1 key.' });
    expect(store.state.ring.keys.map((k) => k.material)).toEqual([SECRET]);
  });

  it('a found weak secret re-inspects the token with it', async () => {
    const weak = await hs({ sub: 'weak' }, 'secret');
    const transport = memoryTransport([captured(weak)]);
    const store = new PanelStore({ transport, clock });
    stops.push(store.start());
    store.select(weak);
    store.setCracked(weak, 'secret');
    expect(store.detail()!.cracked).toBe('secret');
    await vi.waitFor(() =>
      expect(store.detail()!.inspection!.findings.some((f) => f.message.includes('"secret"'))).toBe(true),
    );
    expect(store.reportInput(store.entries()[0]!).crackedSecret).toBe('secret');
  });

  it('with an off-thread quick check, inspects without it, then again with the common secret it found', async () => {
    const weak = await hs({ sub: 'weak' }, 'secret');
    const strong = await hs({ sub: 'strong' });
    const none = new UnsecuredJWT({ sub: 'n' }).encode();
    const calls: { token: string; quick: boolean | undefined; cracked: string | undefined }[] = [];
    const inspectFn: InspectFn = (token, options) => {
      calls.push({ token, quick: options.quickSecretCheck, cracked: options.crackedSecret });
      return inspect(token, options);
    };
    const asked: string[] = [];
    const quickSecretCheck = async (token: string) => {
      asked.push(token);
      return token === weak ? 'secret' : undefined;
    };
    const transport = memoryTransport([captured(weak), captured(strong), captured(none)]);
    const store = new PanelStore({ transport, clock, host: { quickSecretCheck }, inspectFn });
    stops.push(store.start());
    store.select(weak);
    await vi.waitFor(() =>
      expect(
        store
          .detail()!
          .inspection!.findings.find((f) => f.rule === 'weak-hmac-secret' && f.message.includes('"secret"')),
      ).toBeDefined(),
    );
    // Only HS tokens are sent to the worker, each once; no inspection on this thread ran the check.
    expect(asked.sort()).toEqual([strong, weak].sort());
    expect(calls.every((c) => c.quick === false)).toBe(true);
    expect(calls.filter((c) => c.token === weak).map((c) => c.cracked)).toEqual([undefined, 'secret']);
    expect(calls.filter((c) => c.token === strong)).toHaveLength(1);
  });

  it('clear and preserve log go to the worker; clear also forgets pasted tokens and the selection', async () => {
    const { store, transport } = await setup();
    store.paste(await hs({ sub: 'p' }));
    store.setPreserveLog(true);
    store.clear();
    expect(transport.sent).toEqual([
      { v: PROTOCOL_VERSION, kind: 'preserve-log', enabled: true },
      { v: PROTOCOL_VERSION, kind: 'clear' },
    ]);
    expect(store.state.pasted.size).toBe(0);
    expect(store.state.selected).toBeNull();
    expect(store.state.draft).toBe('');
  });

  it('export: opens on the selected token, redacted Markdown; JSON and the listed tokens on request', async () => {
    const { store, alice, bob } = await setup();
    store.select(alice);
    await vi.waitFor(() => expect(store.detail()?.inspection).toBeDefined());
    store.toggleExport();
    expect(store.state.exportOptions).toEqual({ scope: 'selected', format: 'markdown', includeSecrets: false });
    const md = store.reportText();
    expect(md).toContain('alice');
    expect(md).not.toContain('bob');
    expect(md).not.toContain(alice.split('.')[2]!);
    store.setExportOptions({ format: 'json', scope: 'all' });
    const report = JSON.parse(store.reportText()) as { tokens: { token: string }[] };
    expect(report.tokens).toHaveLength(3);
    store.setExportOptions({ includeSecrets: true });
    const full = JSON.parse(store.reportText()) as { tokens: { token: string }[] };
    expect(full.tokens.map((t) => t.token)).toContain(bob);
    store.closeExport();
    expect(store.state.exportOpen).toBe(false);
  });

  it('the detail of the selected token is inspected first', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const order: string[] = [];
    const inspectFn: InspectFn = async (token, options) => {
      await gate;
      order.push(token);
      return inspect(token, options);
    };
    const { store, alice } = await setup({ inspectFn });
    store.select(alice);
    release();
    await vi.waitFor(() => expect(order).toHaveLength(3));
    // The first run had started before the selection; the selected token is next.
    expect(order.indexOf(alice)).toBeLessThanOrEqual(1);
  });
});
