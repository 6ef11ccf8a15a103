// `npm run bench:workbench`: what one keystroke in the workbench costs — the encode (and sign) of the
// typed text plus the inspection of the new token, per algorithm — median and p95 over many runs.
// The panel debounces typing by 100 ms, so this is the delay after the pause, not per key.
import { exportPKCS8, generateKeyPair } from 'jose';
import { inspectToken } from '../../components/state/inspect-token.ts';
import { encodeToken, type EncodeInput, type SigningAlg } from '../../lib/forge/index.ts';
import { emitRow } from './report.ts';

const RUNS = Number(process.argv[2] ?? 200);
const now = Math.floor(Date.now() / 1000);
const header = (alg: string) => `{"alg":"${alg}","typ":"JWT"}`;
const payload = (i: number) =>
  `{"sub":"alice","role":"admin","n":${i},"iat":${now},"exp":${now + 3600},"name":"${'x'.repeat(200)}"}`;

async function keyFor(alg: SigningAlg): Promise<EncodeInput['signing']> {
  if (alg.startsWith('HS'))
    return {
      mode: 'sign',
      alg,
      key: { kind: 'secret', bytes: new TextEncoder().encode('a-string-secret-at-least-256-bits-long') },
    };
  const pair = await generateKeyPair(alg === 'EdDSA' ? 'Ed25519' : alg, { extractable: true });
  return { mode: 'sign', alg, key: { kind: 'private', text: await exportPKCS8(pair.privateKey) } };
}

const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

for (const alg of ['HS256', 'RS256', 'PS256', 'ES256', 'EdDSA'] as const) {
  const signing = await keyFor(alg);
  const encode: number[] = [];
  const total: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = await encodeToken(
      { headerText: header(alg), payloadText: payload(i), signing },
      { allowInvalidJson: true },
    );
    const t1 = performance.now();
    if (!r.ok) throw new Error(r.error.message);
    await inspectToken(r.value.token, { keys: [], now, sightings: [] });
    const t2 = performance.now();
    if (i >= 5) {
      encode.push(t1 - t0);
      total.push(t2 - t0);
    }
  }
  const med = quantile(total, 0.5);
  console.log(
    `${alg.padEnd(6)} encode+sign median ${quantile(encode, 0.5).toFixed(2)} ms · with inspection median ${med.toFixed(2)} ms, p95 ${quantile(total, 0.95).toFixed(2)} ms (${RUNS} runs)`,
  );
  emitRow({ bench: 'workbench', name: `${alg} keystroke (encode + sign + inspect), median`, value: med, unit: 'ms' });
}
