// Throughput of inspect() (decode + verification dispatch + all rules, no key) against two baselines
// measured in the same run, in alternating rounds (median of 9 each). Run: npx tsx tests/bench/inspect.ts
import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { jwtDecode } from 'jwt-decode';
import { inspect } from '../../lib/index.ts';
import { emitRow } from './report.ts';

const NOW = Math.floor(Date.now() / 1000);
const b64u = (s: string | Uint8Array): string => Buffer.from(s).toString('base64url');
const claims = b64u(
  JSON.stringify({
    iss: 'https://idp.example.com',
    sub: 'user-1',
    aud: 'api',
    iat: NOW,
    exp: NOW + 900,
    scope: 'read write',
  }),
);
const rsIn = `${b64u('{"alg":"RS256","typ":"JWT","kid":"k1"}')}.${claims}`;
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const hsIn = `${b64u('{"alg":"HS256","typ":"JWT"}')}.${claims}`;
const TOKENS = {
  RS256: `${rsIn}.${b64u(sign('sha256', Buffer.from(rsIn), rsa))}`,
  HS256: `${hsIn}.${createHmac('sha256', 'a-strong-secret-not-in-the-list-8d2f').update(hsIn).digest('base64url')}`,
};

function bareDecode(token: string): unknown {
  const [h, p] = token.split('.');
  const dec = (s: string): unknown =>
    JSON.parse(
      new TextDecoder().decode(Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0))),
    );
  return [dec(h!), dec(p!)];
}

// The same decode with one TextDecoder for every call (the engine keeps one too): the stricter
// baseline, printed beside the historical one so the comparison is visible both ways.
const sharedDecoder = new TextDecoder();
function bareDecodeShared(token: string): unknown {
  const [h, p] = token.split('.');
  const dec = (s: string): unknown =>
    JSON.parse(
      sharedDecoder.decode(Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0))),
    );
  return [dec(h!), dec(p!)];
}

function jwtDecodeWithExp(token: string): boolean {
  const header = jwtDecode(token, { header: true });
  const payload = jwtDecode<{ exp?: number }>(token);
  return header.alg !== undefined && typeof payload.exp === 'number' && payload.exp > NOW;
}

async function opsPerSec(fn: () => unknown, ms = 1500): Promise<number> {
  for (let i = 0; i < 2000; i++) await fn();
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    for (let i = 0; i < 200; i++) await fn();
    n += 200;
  }
  return (n * 1000) / (performance.now() - start);
}

const fmt = (n: number): string => `${Math.round(n).toLocaleString('en-US').padStart(10)} ops/s`;
console.log(`node ${process.version}, ${new Date().toISOString()}`);
for (const [name, token] of Object.entries(TOKENS)) {
  // Alternating rounds, medians of each (load from other processes on the machine skews all alike);
  // the ratio to bare decoding is the median of the per-round ratios.
  const bares: number[] = [];
  const shareds: number[] = [];
  const sharedRatios: number[] = [];
  const jds: number[] = [];
  const fulls: number[] = [];
  const noQuicks: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < 9; round++) {
    bares.push(await opsPerSec(() => bareDecode(token), 300));
    shareds.push(await opsPerSec(() => bareDecodeShared(token), 300));
    jds.push(await opsPerSec(() => jwtDecodeWithExp(token), 300));
    fulls.push(await opsPerSec(() => inspect(token, { now: NOW }), 300));
    noQuicks.push(await opsPerSec(() => inspect(token, { now: NOW, quickSecretCheck: false }), 300));
    ratios.push(fulls.at(-1)! / bares.at(-1)!);
    sharedRatios.push(fulls.at(-1)! / shareds.at(-1)!);
  }
  const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const bare = median(bares);
  const jd = median(jds);
  const full = median(fulls);
  const noQuick = median(noQuicks);
  console.log(`\n${name} token (${token.length} chars)`);
  console.log(`  bare base64url + JSON.parse      ${fmt(bare)}`);
  console.log(`  same, one shared TextDecoder     ${fmt(median(shareds))}`);
  console.log(`  jwt-decode + exp check           ${fmt(jd)}`);
  console.log(
    `  inspect (all rules, no key)      ${fmt(full)}  = ${(median(ratios) * 100).toFixed(0)} % of bare (median per-round ratio), ${(full / jd).toFixed(2)}x jwt-decode`,
  );
  emitRow({
    bench: 'inspect',
    name: `inspect (all rules, no key), ${name}`,
    value: full,
    unit: 'ops/s',
    baseline: 'bare base64url + JSON.parse',
    baselineValue: bare,
    speedup: median(ratios),
  });
  console.log(
    `  inspect ÷ bare with a shared TextDecoder: ${(median(sharedRatios) * 100).toFixed(0)} % (median per-round ratio)`,
  );
  if (name.startsWith('HS')) {
    // Every token new: the quick check (1,001 HMACs) runs each time instead of hitting its cache.
    const unique = Array.from({ length: 3000 }, (_, i) => {
      const input = `${b64u('{"alg":"HS256","typ":"JWT"}')}.${b64u(JSON.stringify({ sub: `u${i}`, iss: 'i', aud: 'a', iat: NOW, exp: NOW + 900 }))}`;
      return `${input}.${createHmac('sha256', 'a-strong-secret-not-in-the-list-8d2f').update(input).digest('base64url')}`;
    });
    let k = 0;
    const fresh = await opsPerSec(() => inspect(unique[k++ % unique.length]!, { now: NOW }), 3000);
    console.log(`  inspect, every token new         ${fmt(fresh)}  = ${(1000 / fresh).toFixed(2)} ms per new HS token`);
    emitRow({
      bench: 'inspect',
      name: `inspect, every ${name} token new (quick secret check)`,
      value: fresh,
      unit: 'ops/s',
      baseline: 'bare base64url + JSON.parse',
      baselineValue: bare,
      speedup: fresh / bare,
    });
    console.log(
      `  inspect without quick secret chk ${fmt(noQuick)}  = ${((noQuick / bare) * 100).toFixed(0)} % of bare, ${(noQuick / jd).toFixed(2)}x jwt-decode`,
    );
  }
}
