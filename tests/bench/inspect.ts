// Throughput of inspect() (decode + verification dispatch + all rules, no key) against bare decodes
// and jwt-decode measured in the same run, in alternating rounds (medians of 9 each), on the same
// token, every function warmed first. Rates are per second of this process's CPU time
// (process.cpuUsage): every measured call is synchronous work on this thread, so time other
// processes take on a loaded machine drops out; the wall-clock ratio is printed beside it.
// Run: npx tsx tests/bench/inspect.ts
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

// The historical baseline: the common idiom, with a TextDecoder per call and Uint8Array.from with a
// mapping function (slow in V8: most of this baseline's time).
function bareDecode(token: string): unknown {
  const [h, p] = token.split('.');
  const dec = (s: string): unknown =>
    JSON.parse(
      new TextDecoder().decode(Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0))),
    );
  return [dec(h!), dec(p!)];
}

// The same decode with one TextDecoder for every call (the engine keeps one too): the baseline of
// the inspect row (issue 14: inspect ≥ 0.9× a bare decode).
const sharedDecoder = new TextDecoder();
function bareDecodeShared(token: string): unknown {
  const [h, p] = token.split('.');
  const dec = (s: string): unknown =>
    JSON.parse(
      sharedDecoder.decode(Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0))),
    );
  return [dec(h!), dec(p!)];
}

// A tight bare decode: atob, a plain loop into the bytes, one TextDecoder. Header and payload only,
// nothing checked: the floor under any decoder, printed so the distance to it stays visible.
function bareDecodeTight(token: string): unknown {
  const [h, p] = token.split('.');
  const dec = (s: string): unknown => {
    const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return JSON.parse(sharedDecoder.decode(bytes));
  };
  return [dec(h!), dec(p!)];
}

function jwtDecodeWithExp(token: string): boolean {
  const header = jwtDecode(token, { header: true });
  const payload = jwtDecode<{ exp?: number }>(token);
  return header.alg !== undefined && typeof payload.exp === 'number' && payload.exp > NOW;
}

/** Calls per second of CPU time and of wall-clock time. */
interface Rate {
  cpu: number;
  wall: number;
}

async function rate(fn: () => unknown, ms: number): Promise<Rate> {
  let n = 0;
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  while (performance.now() - start < ms) {
    for (let i = 0; i < 200; i++) await fn();
    n += 200;
  }
  const cpu = process.cpuUsage(cpu0);
  return { cpu: (n * 1e6) / Math.max(1, cpu.user + cpu.system), wall: (n * 1000) / (performance.now() - start) };
}

async function warm(fn: () => unknown): Promise<void> {
  for (let i = 0; i < 5000; i++) await fn();
}

const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
const fmt = (n: number): string => `${Math.round(n).toLocaleString('en-US').padStart(10)} ops/s`;
const pct = (x: number): string => `${(x * 100).toFixed(0)} %`;
console.log(
  `node ${process.version}, ${new Date().toISOString()}; rates per CPU second (wall-clock ratio in brackets)`,
);
for (const [name, token] of Object.entries(TOKENS)) {
  const subjects = {
    bare: () => bareDecode(token),
    shared: () => bareDecodeShared(token),
    tight: () => bareDecodeTight(token),
    jwtDecode: () => jwtDecodeWithExp(token),
    inspect: () => inspect(token, { now: NOW }),
    noQuick: () => inspect(token, { now: NOW, quickSecretCheck: false }),
  };
  type Subject = keyof typeof subjects;
  for (const fn of Object.values(subjects)) await warm(fn);
  // Alternating rounds (the order reversed every other round), medians of each and of the
  // per-round ratios: load from other processes skews both sides of a round alike.
  const rates = Object.fromEntries(Object.keys(subjects).map((k) => [k, [] as Rate[]])) as Record<Subject, Rate[]>;
  const ratios = { bare: [] as Rate[], shared: [] as Rate[], tight: [] as Rate[], noQuick: [] as Rate[] };
  for (let round = 0; round < 9; round++) {
    const order = Object.keys(subjects) as Subject[];
    if (round % 2) order.reverse();
    const r = {} as Record<Subject, Rate>;
    for (const k of order) rates[k].push((r[k] = await rate(subjects[k], 300)));
    const over = (a: Rate, b: Rate): Rate => ({ cpu: a.cpu / b.cpu, wall: a.wall / b.wall });
    ratios.bare.push(over(r.inspect, r.bare));
    ratios.shared.push(over(r.inspect, r.shared));
    ratios.tight.push(over(r.inspect, r.tight));
    ratios.noQuick.push(over(r.noQuick, r.shared));
  }
  const cpu = (k: Subject): number => median(rates[k].map((x) => x.cpu));
  const ratio = (k: keyof typeof ratios): string =>
    `${pct(median(ratios[k].map((x) => x.cpu)))} (${pct(median(ratios[k].map((x) => x.wall)))})`;
  const full = cpu('inspect');
  console.log(`\n${name} token (${token.length} chars)`);
  console.log(`  bare base64url + JSON.parse      ${fmt(cpu('bare'))}  (a TextDecoder per call)`);
  console.log(`  same, one shared TextDecoder     ${fmt(cpu('shared'))}  (baseline of the inspect row)`);
  console.log(`  tight bare decode (atob + loop)  ${fmt(cpu('tight'))}`);
  console.log(`  jwt-decode + exp check           ${fmt(cpu('jwtDecode'))}`);
  console.log(
    `  inspect (all rules, no key)      ${fmt(full)}  = ${ratio('shared')} of the shared-decoder bare decode, ${ratio('bare')} of the historical one, ${ratio('tight')} of the tight one; ${(full / cpu('jwtDecode')).toFixed(2)}x jwt-decode`,
  );
  emitRow({
    bench: 'inspect',
    name: `inspect (all rules, no key), ${name}`,
    value: full,
    unit: 'ops/s (CPU)',
    baseline: 'bare base64url + JSON.parse, one shared TextDecoder',
    baselineValue: cpu('shared'),
    speedup: median(ratios.shared.map((x) => x.cpu)),
  });
  emitRow({
    bench: 'inspect',
    name: `inspect (all rules, no key), ${name}, against a tight decode`,
    value: full,
    unit: 'ops/s (CPU)',
    baseline: 'atob + byte loop + JSON.parse (header and payload, unchecked)',
    baselineValue: cpu('tight'),
    speedup: median(ratios.tight.map((x) => x.cpu)),
  });
  if (name.startsWith('HS')) {
    console.log(
      `  inspect without quick secret chk ${fmt(cpu('noQuick'))}  = ${ratio('noQuick')} of the shared-decoder bare decode`,
    );
    // Every token new: the quick check (1,001 HMACs) runs each time instead of hitting its cache.
    const unique = Array.from({ length: 3000 }, (_, i) => {
      const input = `${b64u('{"alg":"HS256","typ":"JWT"}')}.${b64u(JSON.stringify({ sub: `u${i}`, iss: 'i', aud: 'a', iat: NOW, exp: NOW + 900 }))}`;
      return `${input}.${createHmac('sha256', 'a-strong-secret-not-in-the-list-8d2f').update(input).digest('base64url')}`;
    });
    let k = 0;
    const fresh = (await rate(() => inspect(unique[k++ % unique.length]!, { now: NOW }), 3000)).cpu;
    console.log(`  inspect, every token new         ${fmt(fresh)}  = ${(1000 / fresh).toFixed(2)} ms per new HS token`);
    emitRow({
      bench: 'inspect',
      name: `inspect, every ${name} token new (quick secret check)`,
      value: fresh,
      unit: 'ops/s (CPU)',
      baseline: 'bare base64url + JSON.parse, one shared TextDecoder',
      baselineValue: cpu('shared'),
      speedup: fresh / cpu('shared'),
    });
  }
}
