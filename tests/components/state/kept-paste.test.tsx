// The paste box and its tokens survive a reopen of the panel (a new store over the same paste store).
import { SignJWT } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PasteStore } from '../../../components/host.ts';
import { PanelStore } from '../../../components/state/panel-store.ts';
import {
  keptPaste,
  MAX_KEPT_DRAFT_CHARS,
  MAX_KEPT_PASTE_CHARS,
  readKeptPaste,
} from '../../../components/state/pasted-tokens.ts';
import type { CapturedToken } from '../../../lib/capture/model.ts';
import { captured, memoryTransport } from '../fakes.ts';

const NOW = 1_700_000_000_000;
const hs = (claims: Record<string, unknown>) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode('kept-paste-secret-long-enough!!'));

/** A paste store in memory that records every write. */
function memoryPastes(initial?: unknown): PasteStore & { value: unknown; writes: number; fail: boolean } {
  const m = {
    value: initial,
    writes: 0,
    fail: false,
    async load() {
      return m.value;
    },
    async save(record: object) {
      m.writes++;
      if (m.fail) throw new Error('quota');
      m.value = structuredClone(record);
    },
    async remove() {
      m.writes++;
      m.value = undefined;
    },
  };
  return m;
}

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

function open(pastes: PasteStore, transport = memoryTransport([])) {
  const store = new PanelStore({ transport, clock: () => NOW, host: { pastes } });
  stops.push(store.start());
  return store;
}

const pastedTokens = (store: PanelStore) =>
  store
    .entries()
    .filter((e) => e.sightings.every((s) => s.via === 'paste'))
    .map((e) => e.token);

describe('the paste box across a panel reopen', () => {
  it('lists the pasted tokens again, with the text and where each sat, after the panel is reopened', async () => {
    const pastes = memoryPastes();
    const a = await hs({ sub: 'alice' });
    const b = await hs({ sub: 'bob' });
    const first = open(pastes);
    const text = `Authorization: Bearer ${a}\nCookie: sid=${b}`;
    first.paste(text);
    await vi.waitFor(() => expect(pastes.value).toBeDefined());
    stops.pop()!();

    const second = open(pastes);
    await vi.waitFor(() => expect(pastedTokens(second).sort()).toEqual([a, b].sort()));
    expect(second.state.draft).toBe(text);
    const kinds = second.entries().flatMap((e) => e.sightings.map((s) => s.location.kind));
    expect(kinds.sort()).toEqual(['cookie', 'header']);
  });

  it('keeps what was pasted before the kept record loaded, and the captured tokens', async () => {
    const a = await hs({ sub: 'alice' });
    const b = await hs({ sub: 'bob' });
    const c = await hs({ sub: 'carol' });
    const pastes = memoryPastes(keptPaste(a, pastedMap(a)).record);
    const store = new PanelStore({
      transport: memoryTransport([captured(c, {}, NOW - 10)]),
      clock: () => NOW,
      host: { pastes },
    });
    // Pasted before start(): the user's text wins over the kept one.
    store.paste(b);
    stops.push(store.start());
    await vi.waitFor(() => expect(pastedTokens(store).sort()).toEqual([a, b].sort()));
    expect(store.state.draft).toBe(b);
    expect(store.entries().map((e) => e.token)).toContain(c);
  });

  it('Clear forgets the kept paste too', async () => {
    const pastes = memoryPastes();
    const a = await hs({ sub: 'alice' });
    const store = open(pastes);
    store.paste(a);
    await vi.waitFor(() => expect(pastes.value).toBeDefined());
    store.clear();
    await vi.waitFor(() => expect(pastes.value).toBeUndefined());
    stops.pop()!();
    const again = open(pastes);
    await new Promise((r) => setTimeout(r, 20));
    expect(pastedTokens(again)).toEqual([]);
    expect(again.state.draft).toBe('');
  });

  it('a Clear before the kept record loaded wins over it', async () => {
    const a = await hs({ sub: 'alice' });
    const pastes = memoryPastes(keptPaste(a, pastedMap(a)).record);
    const store = new PanelStore({ transport: memoryTransport([]), clock: () => NOW, host: { pastes } });
    store.clear();
    stops.push(store.start());
    await vi.waitFor(() => expect(pastes.value).toBeUndefined());
    expect(pastedTokens(store)).toEqual([]);
  });

  it('writes the latest state after a burst of edits, never an older one last', async () => {
    const pastes = memoryPastes();
    const a = await hs({ sub: 'alice' });
    const store = open(pastes);
    for (let i = 1; i <= a.length; i += 17) store.paste(a.slice(0, i));
    store.paste(a);
    await vi.waitFor(() => expect((pastes.value as { draft: string } | undefined)?.draft).toBe(a));
    // Coalesced: far fewer writes than edits.
    expect(pastes.writes).toBeLessThan(5);
  });

  it('says when the text is too long to keep, and keeps its tokens', async () => {
    const pastes = memoryPastes();
    const a = await hs({ sub: 'alice' });
    const store = open(pastes);
    const text = `${'x'.repeat(MAX_KEPT_DRAFT_CHARS)} ${a}`;
    store.paste(text);
    await vi.waitFor(() => expect(store.state.pasteNotKept).toEqual({ draft: true, tokens: 0, failed: false }));
    const kept = readKeptPaste(pastes.value)!;
    expect(kept.draft).toBe('');
    expect(kept.tokens.map((t) => t.token)).toEqual([a]);
    store.paste(a);
    await vi.waitFor(() => expect(store.state.pasteNotKept).toBeNull());
    expect(readKeptPaste(pastes.value)!.draft).toBe(a);
  });

  it('at exactly the limit the text is kept, one character over it is not', async () => {
    const pastes = memoryPastes();
    const store = open(pastes);
    const at = 'x'.repeat(MAX_KEPT_DRAFT_CHARS);
    store.paste(at);
    await vi.waitFor(() => expect(readKeptPaste(pastes.value)?.draft).toBe(at));
    expect(store.state.pasteNotKept).toBeNull();
    store.paste(`${at}y`);
    await vi.waitFor(() => expect(store.state.pasteNotKept).toMatchObject({ draft: true }));
  });

  it('a failed write keeps the paste for this panel', async () => {
    const pastes = memoryPastes();
    pastes.fail = true;
    const a = await hs({ sub: 'alice' });
    const store = open(pastes);
    store.paste(a);
    await vi.waitFor(() => expect(store.state.pasteNotKept).toMatchObject({ failed: true }));
    expect(pastes.writes).toBe(1);
    expect(pastedTokens(store)).toEqual([a]);
  });
});

function pastedMap(token: string): Map<string, CapturedToken> {
  return new Map([
    [
      token,
      {
        token,
        firstSeen: NOW - 5,
        lastSeen: NOW - 5,
        count: 1,
        sightings: [{ direction: 'input', via: 'paste', location: { kind: 'paste', name: 'paste' }, time: NOW - 5 }],
      },
    ],
  ]);
}

describe('keptPaste / readKeptPaste', () => {
  it('stays within its budget by dropping the least recently pasted tokens', () => {
    const many = new Map<string, CapturedToken>();
    for (let i = 0; i < 400; i++) {
      const token = `eyJhbGciOiJIUzI1NiJ9.${'A'.repeat(2000)}${i}.sig`;
      many.set(token, { ...pastedMap(token).get(token)!, lastSeen: NOW + i });
    }
    const { record, notKept } = keptPaste('', many);
    expect(JSON.stringify(record).length).toBeLessThanOrEqual(MAX_KEPT_PASTE_CHARS);
    expect(notKept).toEqual({ draft: false, tokens: 400 - record.tokens.length, failed: false });
    expect(keptPaste('', new Map([...many].slice(0, 3))).notKept).toBeNull();
    expect(record.tokens.length).toBeGreaterThan(50);
    // The newest are kept, oldest first.
    expect(record.tokens.at(-1)!.lastSeen).toBe(NOW + 399);
    expect(record.tokens[0]!.lastSeen).toBeGreaterThan(NOW);
  });

  it('reads back only well-formed pasted tokens (storage is a boundary)', () => {
    const good = pastedMap('eyJhbGciOiJub25lIn0.e30.').get('eyJhbGciOiJub25lIn0.e30.')!;
    const capturedOne = { ...good, token: 'eyJ.x.y', sightings: [{ ...good.sightings[0], via: 'webrequest' }] };
    for (const bad of [null, 7, 'x', [], { tokens: 'no' }]) expect(readKeptPaste(bad)?.tokens ?? []).toEqual([]);
    const read = readKeptPaste({ draft: 42, tokens: [good, { token: 1 }, capturedOne, null] })!;
    expect(read.draft).toBe('');
    expect(read.tokens).toEqual([good]);
  });
});
