// `npm run bench:relations`: linkTokens (kinds, relations, binding peers) over a capture of 1,000 and
// 10,000 OAuth tokens: login responses, refresh chains, DPoP proofs with their access tokens. Best of five.
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Sighting } from '../../lib/capture/model.ts';
import { decodeToken } from '../../lib/decode-token.ts';
import { linkTokens, type RelatableToken } from '../../lib/oauth/index.ts';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const jwt = (header: object, claims: object) => `${b64(header)}.${b64(claims)}.${'s'.repeat(86)}`;
const OP = 'https://op.example.com';
const API = 'https://api.example.com/orders';
const T = 1_800_000_000;

function capture(n: number): RelatableToken[] {
  const out: RelatableToken[] = [];
  const add = (token: string, sightings: Sighting[]) => out.push({ token, decoded: decodeToken(token), sightings });
  for (let i = 0; out.length < n; i++) {
    const user = `user-${i % 200}`;
    const t = T + i * 60;
    const body = (member: string): Sighting => ({
      direction: 'response',
      via: 'devtools-network',
      location: { kind: 'json-body', name: member, jsonPath: member },
      url: `${OP}/token`,
      method: 'POST',
      time: t * 1000,
    });
    const at = jwt(
      { alg: 'ES256', typ: 'at+jwt' },
      {
        iss: OP,
        sub: user,
        aud: 'https://api.example.com',
        client_id: 'spa',
        iat: t,
        exp: t + 300,
        jti: `a${i}`,
        cnf: { jkt: 'k' },
      },
    );
    const atHash = createHash('sha256').update(at).digest().subarray(0, 16).toString('base64url');
    add(
      jwt(
        { alg: 'ES256', typ: 'JWT' },
        { iss: OP, sub: user, aud: 'spa', nonce: `n${i}`, iat: t, exp: t + 300, at_hash: atHash },
      ),
      [body('id_token')],
    );
    add(at, [
      body('access_token'),
      {
        direction: 'request',
        via: 'webrequest',
        location: { kind: 'header', name: 'Authorization', scheme: 'DPoP' },
        url: API,
        method: 'GET',
        requestId: `r${i}`,
        time: t * 1000 + 10,
      },
    ]);
    const ath = createHash('sha256').update(at).digest('base64url');
    add(
      jwt(
        { alg: 'ES256', typ: 'dpop+jwt', jwk: { kty: 'EC', crv: 'P-256', x: 'x', y: 'y' } },
        { jti: `p${i}`, htm: 'GET', htu: API, iat: t, ath },
      ),
      [
        {
          direction: 'request',
          via: 'webrequest',
          location: { kind: 'header', name: 'DPoP' },
          url: API,
          method: 'GET',
          requestId: `r${i}`,
          time: t * 1000 + 10,
        },
      ],
    );
  }
  return out.slice(0, n);
}

for (const n of [1_000, 10_000]) {
  const tokens = capture(n);
  let best = Infinity;
  let bestCpu = Infinity;
  let relations = 0;
  for (let round = 0; round < 5; round++) {
    const start = performance.now();
    const cpu = process.cpuUsage();
    relations = linkTokens(tokens).relations.length;
    const used = process.cpuUsage(cpu);
    best = Math.min(best, performance.now() - start);
    bestCpu = Math.min(bestCpu, (used.user + used.system) / 1000);
  }
  // CPU time as well as wall time: the machine may be shared, and wall time then counts the others' work.
  console.log(
    `linkTokens over ${n.toLocaleString('en-US')} tokens: ${best.toFixed(1)} ms wall, ${bestCpu.toFixed(1)} ms CPU (best of 5), ${relations.toLocaleString('en-US')} relations`,
  );
  console.log(
    `BENCH-ROW ${JSON.stringify({ bench: 'relations', name: `linkTokens ${n} tokens`, value: best, unit: 'ms' })}`,
  );
}
