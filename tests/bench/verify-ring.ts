// Benchmark: verifyToken against a 50-key mixed ring vs one jose compactVerify with a pre-imported
// key, for every algorithm family with and without kid. Prints µs per token and the ratio (issue 14
// target: ≤ 1.2). Times are per call of this process's CPU time (process.cpuUsage: the main thread
// and the thread pool WebCrypto verifies on), so time other processes take on a loaded machine drops
// out; the wall-clock ratio is printed beside it. Run: npx tsx tests/bench/verify-ring.ts
import { SignJWT, compactVerify, exportJWK, exportSPKI, generateKeyPair, importJWK, type CryptoKey } from 'jose';
import { verifyToken } from '../../lib/verify/index.ts';
import type { KeyEntry } from '../../lib/types.ts';
import { emitRow } from './report.ts';

const enc = new TextEncoder();

/** µs per call of CPU time and of wall-clock time. */
interface Cost {
  cpu: number;
  wall: number;
}

async function time(fn: () => Promise<unknown>, iterations: number): Promise<Cost> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (let i = 0; i < iterations; i++) await fn();
  const c = process.cpuUsage(c0);
  return { cpu: (c.user + c.system) / iterations, wall: ((performance.now() - t0) * 1000) / iterations };
}

const ROUNDS = 41;

// Alternates the two measurements in short batches for 41 paired rounds (the order reversed every
// other round) and reports the medians (of each time and of the per-round ratio): load from other
// processes on the machine then skews both sides of a pair alike.
async function compare(
  name: string,
  n: number,
  base: () => Promise<unknown>,
  ours: () => Promise<unknown>,
): Promise<void> {
  await time(base, 10 * n);
  await time(ours, 10 * n);
  const bs: Cost[] = [];
  const os: Cost[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    if (r % 2) {
      os.push(await time(ours, n));
      bs.push(await time(base, n));
    } else {
      bs.push(await time(base, n));
      os.push(await time(ours, n));
    }
  }
  const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const ratio = (k: keyof Cost): number => median(os.map((o, i) => o[k] / bs[i]![k]));
  const b = median(bs.map((x) => x.cpu));
  const o = median(os.map((x) => x.cpu));
  console.log(
    `${name.padEnd(46)} compactVerify ${b.toFixed(1).padStart(7)} µs | verifyToken ${o.toFixed(1).padStart(7)} µs | median ratio ${ratio('cpu').toFixed(2)} (wall ${ratio('wall').toFixed(2)})`,
  );
  emitRow({
    bench: 'verify',
    name: `verifyToken, 50-key ring: ${name}`,
    value: o,
    unit: 'µs (CPU)',
    baseline: 'one pre-imported compactVerify',
    baselineValue: b,
    speedup: 1 / ratio('cpu'),
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
    name: 'RS256, no kid (key is 15th of 15 RSA keys)',
    token: await sign('RS256', rsPriv),
    key: rsPairs[14]!.publicKey,
    alg: 'RS256',
  });
  // RSA-PSS over the same stored RSA keys; jose's key is imported for PS256 (a CryptoKey has one algorithm).
  const psKey = (await importJWK(await exportJWK(rsPairs[12]!.publicKey), 'PS256')) as CryptoKey;
  const psPriv = (await importJWK(
    { ...(await exportJWK(rsPairs[12]!.privateKey)), alg: 'PS256' },
    'PS256',
  )) as CryptoKey;
  cases.push({
    name: 'PS256, kid selects the key',
    token: await sign('PS256', psPriv, 'rs-12'),
    key: psKey,
    alg: 'PS256',
  });
  cases.push({ name: 'PS256, no kid', token: await sign('PS256', psPriv), key: psKey, alg: 'PS256' });
  cases.push({
    name: 'ES256, kid selects the key',
    token: await sign('ES256', esPairs[10]!.privateKey, 'es-10'),
    key: esPairs[10]!.publicKey,
    alg: 'ES256',
  });
  cases.push({
    name: 'ES256, no kid (key is 12th of 12 P-256 keys)',
    token: await sign('ES256', esPairs[11]!.privateKey),
    key: esPairs[11]!.publicKey,
    alg: 'ES256',
  });
  cases.push({
    name: 'EdDSA, kid selects the key',
    token: await sign('EdDSA', edPairs[7]!.privateKey, 'ed-7'),
    key: edPairs[7]!.publicKey,
    alg: 'EdDSA',
  });
  cases.push({
    name: 'EdDSA, no kid (key is 6th of 8 Ed25519 keys)',
    token: await sign('EdDSA', edPairs[5]!.privateKey),
    key: edPairs[5]!.publicKey,
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
    name: 'HS256, no kid (secret is 14th of 15)',
    token: await sign('HS256', enc.encode('secret-number-14')),
    key: enc.encode('secret-number-14'),
    alg: 'HS256',
  });
  cases.push({
    name: 'HS512, no kid (secret is 14th of 15)',
    token: await sign('HS512', enc.encode('secret-number-14')),
    key: enc.encode('secret-number-14'),
    alg: 'HS512',
  });

  // The first call tries keys in ring order; later ones try the key that last verified the alg first.
  const colds = [];
  for (const c of cases) colds.push(await verifyToken(c.token, ring));
  // Every path warmed (JIT) before the first measurement, so the first case is not measured cold.
  for (let i = 0; i < 2; i++)
    for (const c of cases) {
      await time(() => compactVerify(c.token, c.key), 150);
      await time(() => verifyToken(c.token, ring), 150);
    }
  for (const [i, c] of cases.entries()) {
    const cold = colds[i]!;
    // The measured state: this token's key is the one that last verified its alg.
    await verifyToken(c.token, ring);
    const check = await verifyToken(c.token, ring);
    if (check.status !== 'verified') throw new Error(`${c.name}: ${check.status} ${check.reason}`);
    const n = c.alg.startsWith('HS') ? 60 : 20;
    await compare(
      `${c.name} (tried ${check.tried}${cold.tried !== check.tried ? `, cold ${cold.tried}` : ''})`,
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
  for (let r = 0; r < 5; r++) rounds.push((await time(() => verifyToken(stranger, ring), 100)).cpu);
  const best = rounds.sort((x, y) => x - y)[2]!;
  console.log(
    `${'HS256, no stored secret (key-confusion scan of 35 keys)'.padEnd(46)} verifyToken ${best.toFixed(1).padStart(7)} µs`,
  );
}

await main();
