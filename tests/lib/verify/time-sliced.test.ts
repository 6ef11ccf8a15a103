import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseKeyEntry } from '../../../lib/keys/parse-key.ts';
import { findKeyConfusion } from '../../../lib/verify/key-confusion.ts';
import { tryCandidates } from '../../../lib/verify/verify-jws.ts';
import { timeSlice } from '../../../lib/util/time-slice.ts';
import { seededEd25519 } from '../../support/seeded-ed25519.ts';

// Issue 9 part 4: work proportional to a big JWKS (key-confusion secrets, candidate trials) runs in
// slices with a turn of the event loop between them, never as one long task.

/** Counts turns of the event loop (a setTimeout chain) while `work` runs. */
async function turnsDuring(work: () => Promise<unknown>): Promise<number> {
  let turns = 0;
  let on = true;
  const tick = () => {
    turns++;
    if (on) setTimeout(tick, 0);
  };
  setTimeout(tick, 0);
  try {
    await work();
  } finally {
    on = false;
  }
  return turns;
}

const jwksOf = (n: number) =>
  JSON.stringify({
    keys: Array.from({ length: n }, (_, i) => ({
      // Seeded, not generated: Node 20 can deadlock exporting thousands of generated keys (see the helper).
      ...(seededEd25519(i).publicKey.export({ format: 'jwk' }) as object),
      kid: `k${i}`,
    })),
  });

describe('time slices', () => {
  it('a slice is due after its milliseconds, and a pause starts a new one after a macrotask', async () => {
    let t = 0;
    const slice = timeSlice(8, () => t);
    expect(slice.due()).toBe(false);
    t = 8;
    expect(slice.due()).toBe(true);
    let timerRan = false;
    setTimeout(() => (timerRan = true), 0);
    await slice.pause();
    expect(timerRan).toBe(true);
    expect(slice.due()).toBe(false);
  });

  it('key confusion over a 1,000-key JWKS lets the event loop run while it hashes', async () => {
    const parsed = await parseKeyEntry({ id: 'big', material: jwksOf(1000), format: 'jwks' });
    expect(parsed.items).toHaveLength(1000);
    const input = new TextEncoder().encode('eyJhbGciOiJIUzM4NCJ9.eyJzdWIiOiJ4In0');
    // Prepares the key's texts once (computing them awaits WebCrypto anyway).
    const sig256 = createHmac('sha256', 'not a key text').update(input).digest();
    expect(await findKeyConfusion([parsed], 'HS256', input, sig256)).toBeUndefined();
    // Now the texts are ready: keying and hashing 5,000 secrets for HS384 is pure computation.
    const sig384 = createHmac('sha384', 'not a key text').update(input).digest();
    const turns = await turnsDuring(async () =>
      expect(await findKeyConfusion([parsed], 'HS384', input, sig384)).toBeUndefined(),
    );
    expect(turns).toBeGreaterThan(1);
  });

  it('trying thousands of candidates lets the event loop run between them', async () => {
    const parsed = await parseKeyEntry({ id: 'big', material: jwksOf(3000), format: 'jwks' });
    // Attempts that fail at once (no WebCrypto wait): only the loop itself would hold the thread.
    const turns = await turnsDuring(async () => {
      let spent = 0;
      const { outcome: out } = await tryCandidates('EdDSA', parsed.items, [], undefined, 'verify', () => {
        for (let i = 0; i < 20_000; i++) spent += i; // a few µs of work per candidate
        return Promise.reject(new Error('no'));
      });
      expect(spent).toBeGreaterThan(0);
      expect(out.status).toBe('invalid');
      expect(out.tried).toBe(3000);
    });
    expect(turns).toBeGreaterThan(1);
  });

  it('keying a multi-megabyte key text (a JWKS with padding) is hashed in chunks between turns, and still finds the confusion', async () => {
    const material = `${jwksOf(1)}${' '.repeat(8 * 1_048_576)}`;
    const parsed = await parseKeyEntry({ id: 'padded', material, format: 'jwks' });
    const input = new TextEncoder().encode('eyJhbGciOiJIUzM4NCJ9.eyJzdWIiOiJ4In0');
    // Prepare the texts first (WebCrypto awaits), so only the keying remains.
    expect(
      await findKeyConfusion([parsed], 'HS256', input, createHmac('sha256', 'other').update(input).digest()),
    ).toBeUndefined();
    const forged = createHmac('sha384', material).update(input).digest();
    let outcome: Awaited<ReturnType<typeof findKeyConfusion>>;
    const turns = await turnsDuring(async () => {
      outcome = await findKeyConfusion([parsed], 'HS384', input, forged);
    });
    expect(outcome!).toMatchObject({ status: 'key-confusion', keyId: 'padded' });
    // 8 MiB of SHA-384 takes tens of milliseconds: one task without the chunks.
    expect(turns).toBeGreaterThan(2);
  });
});
