// Benchmark: verifyToken against a 50-key mixed ring vs one jose compactVerify with a pre-imported
// key. Prints µs per token and the ratio (target ≤ 1.2 when the token's kid selects the key).
// Run: npx tsx tests/bench/verify-ring.ts
import { SignJWT, compactVerify, exportJWK, exportSPKI, generateKeyPair, type CryptoKey } from 'jose';
import { verifyToken } from '../../lib/verify/index.ts';
import type { KeyEntry } from '../../lib/types.ts';
import { emitRow } from './report.ts';

const enc = new TextEncoder();

async function time(fn: () => Promise<unknown>, iterations: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) await fn();
  return ((performance.now() - t0) * 1000) / iterations;
}

// Alternates the two measurements for 9 paired rounds and reports the medians (of each time and of
// the per-round ratio): load from other processes on the machine then skews both sides of a pair alike.
async function compare(
  name: string,
  n: number,
  base: () => Promise<unknown>,
  ours: () => Promise<unknown>,
): Promise<void> {
  await time(base, 200);
  await time(ours, 200);
  const bs: number[] = [];
  const os: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < 9; r++) {
    const bt = await time(base, n);
    const ot = await time(ours, n);
    bs.push(bt);
    os.push(ot);
    ratios.push(ot / bt);
  }
  const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const b = median(bs);
  const o = median(os);
  console.log(
    `${name.padEnd(46)} compactVerify ${b.toFixed(1).padStart(7)} µs | verifyToken ${o.toFixed(1).padStart(7)} µs | median ratio ${median(ratios).toFixed(2)}`,
  );
  emitRow({
    bench: 'verify',
    name: `verifyToken, 50-key ring: ${name}`,
    value: o,
    unit: 'µs',
    baseline: 'one pre-imported compactVerify',
    baselineValue: b,
    speedup: 1 / median(ratios),
  });
}

async function main(): Promise<void> {
  const ring: KeyEntry[] = [];
  for (let i = 0; i < 15; i++)
    ring.push(
      i % 3 === 0
        ? {
            id: `hs${i}`,
            material: JSON.stringify({ kty: 'oct', kid: `hs-${i}`, k: Buffer.alloc(32, i).toString('base64url') }),
          }
        : { id: `hs${i}`, material: `secret-number-${i}` },
    );
  const rsPairs = await Promise.all(Array.from({ length: 15 }, () => generateKeyPair('RS256', { extractable: true })));
  for (const [i, p] of rsPairs.entries())
    ring.push(
      i % 2 === 0
        ? { id: `rs${i}`, material: JSON.stringify({ ...(await exportJWK(p.publicKey)), kid: `rs-${i}` }) }
        : { id: `rs${i}`, material: await exportSPKI(p.publicKey) },
    );
  const esPairs = await Promise.all(Array.from({ length: 12 }, () => generateKeyPair('ES256', { extractable: true })));
  for (const [i, p] of esPairs.entries())
    ring.push({
      id: `es${i}`,
      material: JSON.stringify({ ...(await exportJWK(p.publicKey)), ...(i % 2 ? {} : { kid: `es-${i}` }) }),
    });
  const edPairs = await Promise.all(Array.from({ length: 8 }, () => generateKeyPair('Ed25519', { extractable: true })));
  for (const [i, p] of edPairs.entries())
    ring.push({ id: `ed${i}`, material: JSON.stringify({ ...(await exportJWK(p.publicKey)), kid: `ed-${i}` }) });
  console.log(`ring: ${ring.length} keys (15 HMAC, 15 RSA, 12 P-256, 8 Ed25519)\n`);

  const sign = (alg: string, key: CryptoKey | Uint8Array, kid?: string) =>
    new SignJWT({ sub: 'user-1', iat: 1_700_000_000 }).setProtectedHeader({ alg, ...(kid ? { kid } : {}) }).sign(key);

  const cases: { name: string; token: string; key: CryptoKey | Uint8Array; alg: string }[] = [];
  const rsPriv = rsPairs[14]!.privateKey;
  cases.push({
    name: 'RS256, kid selects the key',
    token: await sign('RS256', rsPairs[14]!.privateKey, 'rs-14'),
    key: rsPairs[14]!.publicKey,
    alg: 'RS256',
  });
  cases.push({
    name: 'ES256, kid selects the key',
    token: await sign('ES256', esPairs[10]!.privateKey, 'es-10'),
    key: esPairs[10]!.publicKey,
    alg: 'ES256',
  });
  cases.push({
    name: 'EdDSA, kid selects the key',
    token: await sign('EdDSA', edPairs[7]!.privateKey, 'ed-7'),
    key: edPairs[7]!.publicKey,
    alg: 'EdDSA',
  });
  const hsKey = Buffer.alloc(32, 12);
  cases.push({
    name: 'HS256, kid selects the key',
    token: await sign('HS256', hsKey, 'hs-12'),
    key: hsKey,
    alg: 'HS256',
  });
  cases.push({
    name: 'RS256, no kid (key is 15th of 15 RSA keys)',
    token: await sign('RS256', rsPriv),
    key: rsPairs[14]!.publicKey,
    alg: 'RS256',
  });
  cases.push({
    name: 'HS256, no kid (secret is 14th of 15)',
    token: await sign('HS256', enc.encode('secret-number-14')),
    key: enc.encode('secret-number-14'),
    alg: 'HS256',
  });

  for (const c of cases) {
    const check = await verifyToken(c.token, ring);
    if (check.status !== 'verified') throw new Error(`${c.name}: ${check.status} ${check.reason}`);
    const n = c.alg === 'HS256' ? 1000 : 400;
    await compare(
      `${c.name} (tried ${check.tried})`,
      n,
      () => compactVerify(c.token, c.key),
      () => verifyToken(c.token, ring),
    );
  }

  // An HS256 token no stored secret verifies: every asymmetric key's confusion secrets (PEM, JWK
  // text…) are tried as the HMAC key before the answer is "invalid".
  const stranger = await sign('HS256', enc.encode('a-secret-nobody-stored'));
  const miss = await verifyToken(stranger, ring);
  if (miss.status !== 'invalid') throw new Error(`stranger: ${miss.status} ${miss.reason}`);
  await time(() => verifyToken(stranger, ring), 50);
  const rounds: number[] = [];
  for (let r = 0; r < 5; r++) rounds.push(await time(() => verifyToken(stranger, ring), 100));
  const best = rounds.sort((x, y) => x - y)[2]!;
  console.log(
    `${'HS256, no stored secret (key-confusion scan of 35 keys)'.padEnd(46)} verifyToken ${best.toFixed(1).padStart(7)} µs`,
  );
}

await main();
