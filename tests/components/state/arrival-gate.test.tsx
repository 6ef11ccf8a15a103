// Issue 9: a captured token of a megabyte is decoded off the panel's main thread before it is
// listed; the messages of the worker keep their order while it waits.
import { UnsecuredJWT } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import { ArrivalGate, LARGE_TOKEN_CHARS } from '../../../components/state/arrival-gate.ts';
import { decodeCached, hasDecoded } from '../../../components/state/token-view.ts';
import { decodeToken, type DecodedToken } from '../../../lib/decode-token.ts';
import { PROTOCOL_VERSION, type WorkerMessage } from '../../../lib/protocol/messages.ts';
import { captured } from '../fakes.ts';

let serial = 0;
function largeToken(): string {
  return new UnsecuredJWT({ sub: `big-${serial++}-${Math.random()}`, pad: 'x'.repeat(LARGE_TOKEN_CHARS) }).encode();
}
function smallToken(): string {
  return new UnsecuredJWT({ sub: `small-${serial++}-${Math.random()}` }).encode();
}
function tokensMessage(...tokens: string[]): WorkerMessage {
  return {
    v: PROTOCOL_VERSION,
    kind: 'tokens',
    tabId: 1,
    tokens: tokens.map((t) => captured(t)),
    evicted: [],
    dropped: 0,
  };
}
function settings(preserveLog: boolean): WorkerMessage {
  return { v: PROTOCOL_VERSION, kind: 'settings', preserveLog };
}
/** A decode function whose answers the test releases one by one. */
function heldDecoder() {
  const pending: { token: string; resolve: (d: DecodedToken | undefined) => void; reject: (e: unknown) => void }[] = [];
  const fn = vi.fn(
    (token: string) =>
      new Promise<DecodedToken | undefined>((resolve, reject) => pending.push({ token, resolve, reject })),
  );
  return { fn, pending };
}
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('ArrivalGate', () => {
  it('passes messages without large tokens straight through, in order', () => {
    const applied: WorkerMessage[] = [];
    const { fn } = heldDecoder();
    const gate = new ArrivalGate((m) => applied.push(m), fn);
    const a = tokensMessage(smallToken());
    const b = settings(true);
    gate.accept(a);
    gate.accept(b);
    expect(applied).toEqual([a, b]);
    expect(fn).not.toHaveBeenCalled();
  });

  it('holds a message with a large token (and every later one) until it is decoded off the thread, and seeds the decoding', async () => {
    const applied: WorkerMessage[] = [];
    const { fn, pending } = heldDecoder();
    const gate = new ArrivalGate((m) => applied.push(m), fn);
    const big = largeToken();
    const first = tokensMessage(smallToken(), big);
    const later = tokensMessage(smallToken());
    gate.accept(first);
    gate.accept(settings(false));
    gate.accept(later);
    expect(applied).toEqual([]);
    expect(gate.waiting).toBe(3);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(fn.mock.calls[0]![0]).toBe(big);
    expect(hasDecoded(big)).toBe(false);

    const offThread = structuredClone(decodeToken(big));
    pending[0]!.resolve(offThread);
    await flush();
    expect(applied.map((m) => m.kind)).toEqual(['tokens', 'settings', 'tokens']);
    expect(applied[0]).toBe(first);
    expect(applied[2]).toBe(later);
    expect(gate.waiting).toBe(0);
    // The list finds the worker's decoding: the panel's thread does not decode the megabyte again.
    expect(hasDecoded(big)).toBe(true);
    expect(decodeCached(big)).toBe(offThread);
  });

  it('does not ask again for a token already decoded', async () => {
    const { fn, pending } = heldDecoder();
    const applied: WorkerMessage[] = [];
    const gate = new ArrivalGate((m) => applied.push(m), fn);
    const big = largeToken();
    gate.accept(tokensMessage(big));
    pending[0]!.resolve(decodeToken(big));
    await flush();
    gate.accept(tokensMessage(big));
    expect(applied).toHaveLength(2);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['answers nothing', (p: { resolve: (d: undefined) => void }) => p.resolve(undefined)],
    ['fails', (p: { reject: (e: unknown) => void }) => p.reject(new Error('worker gone'))],
  ])('still lists the token when the off-thread decoding %s (the panel decodes it itself)', async (_, settle) => {
    const { fn, pending } = heldDecoder();
    const applied: WorkerMessage[] = [];
    const gate = new ArrivalGate((m) => applied.push(m), fn);
    const big = largeToken();
    gate.accept(tokensMessage(big));
    settle(pending[0]! as never);
    await flush();
    expect(applied).toHaveLength(1);
    expect(hasDecoded(big)).toBe(false);
    expect(decodeCached(big).payload).toMatchObject({ sub: expect.stringMatching(/^big-/) });
  });

  it('ignores an answer for another token', async () => {
    const { fn, pending } = heldDecoder();
    const gate = new ArrivalGate(() => undefined, fn);
    const big = largeToken();
    gate.accept(tokensMessage(big));
    pending[0]!.resolve(decodeToken(largeToken()));
    await flush();
    expect(hasDecoded(big)).toBe(false);
  });

  it('applies nothing after stop, even when the decoding lands later', async () => {
    const { fn, pending } = heldDecoder();
    const applied: WorkerMessage[] = [];
    const gate = new ArrivalGate((m) => applied.push(m), fn);
    const big = largeToken();
    gate.accept(tokensMessage(big));
    gate.stop();
    pending[0]!.resolve(decodeToken(big));
    await flush();
    gate.accept(settings(true));
    expect(applied).toEqual([]);
  });

  it('without an off-thread decoder applies every message at once', () => {
    const applied: WorkerMessage[] = [];
    const gate = new ArrivalGate((m) => applied.push(m));
    const m = tokensMessage(largeToken());
    gate.accept(m);
    expect(applied).toEqual([m]);
  });
});

describe("the worker's decoding survives the structured clone to the panel", () => {
  it.each([
    [
      'a signed token',
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
    ],
    ['an own __proto__ claim', `${b64({ alg: 'none' })}.${b64Text('{"__proto__":{"admin":true},"sub":"x"}')}.`],
    ['a duplicate claim', `${b64({ alg: 'none' })}.${b64Text('{"exp":1,"exp":2}')}.`],
    ['a payload of 64 KiB', largeToken()],
  ])('%s', (_, token) => {
    const d = decodeToken(token);
    const clone = structuredClone(d);
    expect(clone).toEqual(d);
    expect(Object.keys(clone.payload as object)).toEqual(Object.keys(d.payload as object));
    expect(Object.prototype.hasOwnProperty.call(clone.payload, '__proto__')).toBe(
      Object.prototype.hasOwnProperty.call(d.payload, '__proto__'),
    );
  });
});

function b64(v: unknown): string {
  return b64Text(JSON.stringify(v));
}
function b64Text(s: string): string {
  return Buffer.from(s).toString('base64url');
}
