// Issue 9: a token of a megabyte pasted whole is decoded off the panel's main thread before it is
// listed; the paste box shows the text at once, and a later change of the text wins.
import { UnsecuredJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import type { DecodeOffThread } from '../../../components/host.ts';
import { LARGE_TOKEN_CHARS } from '../../../components/state/arrival-gate.ts';
import { PanelStore } from '../../../components/state/panel-store.ts';
import { decodeCached, hasDecoded } from '../../../components/state/token-view.ts';
import { decodeToken, type DecodedToken } from '../../../lib/decode-token.ts';
import { memoryTransport } from '../fakes.ts';

const NOW = 1_700_000_000_000;
const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

let serial = 0;
const large = () =>
  new UnsecuredJWT({ sub: `large-${serial++}-${Math.random()}`, pad: 'p'.repeat(LARGE_TOKEN_CHARS) }).encode();
const small = () => new UnsecuredJWT({ sub: `small-${serial++}-${Math.random()}` }).encode();

function held() {
  const pending: { token: string; resolve: (d: DecodedToken | undefined) => void; reject: (e: unknown) => void }[] = [];
  const decodeLarge: DecodeOffThread = (token) =>
    new Promise((resolve, reject) => pending.push({ token, resolve, reject }));
  return { decodeLarge, pending };
}

function open(decodeLarge: DecodeOffThread) {
  const store = new PanelStore({ transport: memoryTransport([]), clock: () => NOW, host: { decodeLarge } });
  stops.push(store.start());
  return store;
}
const listed = (store: PanelStore) => store.entries().map((e) => e.token);
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('pasting a large token', () => {
  it('shows the text at once and lists the token once the worker decoded it, with that decoding', async () => {
    const { decodeLarge, pending } = held();
    const store = open(decodeLarge);
    const token = large();
    store.paste(`  ${token}\n`);
    expect(store.state.draft).toBe(`  ${token}\n`);
    expect(listed(store)).toEqual([]);
    expect(pending.map((p) => p.token)).toEqual([token]);
    // Nothing reads the megabyte on this thread meanwhile: the paste box's status reads the text before it.
    expect(store.pasteReading()).toEqual({ kind: 'empty' });
    expect(hasDecoded(token)).toBe(false);

    const offThread = structuredClone(decodeToken(token));
    pending[0]!.resolve(offThread);
    await flush();
    expect(listed(store)).toEqual([token]);
    expect(store.state.selected).toBe(token);
    expect(store.pasteReading()).toMatchObject({ kind: 'tokens', form: 'token' });
    // The list, the paste reading and the detail all use the worker's decoding.
    expect(decodeCached(token)).toBe(offThread);
  });

  it('lists it all the same when the worker fails (decoded on the main thread then)', async () => {
    const { decodeLarge, pending } = held();
    const store = open(decodeLarge);
    const token = large();
    store.paste(token);
    pending[0]!.reject(new Error('worker gone'));
    await flush();
    expect(listed(store)).toEqual([token]);
  });

  it('drops the decoding when the text changed or was cleared before it landed', async () => {
    const { decodeLarge, pending } = held();
    const store = open(decodeLarge);
    const first = large();
    const second = small();
    store.paste(first);
    store.paste(second);
    expect(listed(store)).toEqual([second]);
    pending[0]!.resolve(decodeToken(first));
    await flush();
    expect(listed(store)).toEqual([second]);
    expect(store.state.selected).toBe(second);

    const third = large();
    store.paste(third);
    store.clear();
    pending[1]!.resolve(decodeToken(third));
    await flush();
    expect(listed(store)).toEqual([]);
    expect(store.state.draft).toBe('');
  });

  it("lists only the last text's large token when another paste came before the first one landed", async () => {
    const { decodeLarge, pending } = held();
    const store = open(decodeLarge);
    const a = small();
    store.paste(a);
    expect(listed(store)).toEqual([a]);
    const b = large();
    store.paste(b);
    const c = large();
    store.paste(c);
    pending[1]!.resolve(decodeToken(c));
    pending[0]!.resolve(decodeToken(b));
    await flush();
    // Pasted tokens pile up as they always do; the superseded large token is never listed.
    expect(listed(store).sort()).toEqual([a, c].sort());
    expect(store.state.selected).toBe(c);
  });

  it('lists a small token, or any text with spaces, at once without the worker', () => {
    const { decodeLarge, pending } = held();
    const store = open(decodeLarge);
    const token = small();
    store.paste(`Authorization: Bearer ${token}`);
    expect(listed(store)).toEqual([token]);
    expect(pending).toEqual([]);
  });
});
