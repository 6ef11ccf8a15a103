import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { verifyToken, type VerifyOutcome } from '../../../lib/verify/index.ts';
import type { KeyEntry } from '../../../lib/types.ts';

const VECTORS = fileURLToPath(new URL('../../vectors/', import.meta.url));
const read = (path: string): unknown => JSON.parse(readFileSync(`${VECTORS}${path}`, 'utf8'));

type Json = Record<string, unknown>;
interface Case {
  name: string;
  token: string;
  keys: KeyEntry[];
  status: VerifyOutcome['status'];
  plaintext?: string;
  why?: string;
}

const jwkEntry = (id: string, key: unknown): KeyEntry => ({
  id,
  material: typeof key === 'string' ? key : JSON.stringify(key),
});

// RFC 7520 JWS examples (§4): compact, general and flattened JSON.
function cookbookJws(): Case[] {
  const out: Case[] = [];
  for (const file of readdirSync(`${VECTORS}jose-cookbook/jws`).sort()) {
    const v = read(`jose-cookbook/jws/${file}`) as Json;
    const input = v.input as Json;
    const output = v.output as Json;
    const keys = Array.isArray(input.key) ? input.key : [input.key];
    const detached = file.startsWith('4_5');
    for (const [i, key] of keys.entries()) {
      const entry = [jwkEntry(`${file}-key${i}`, key)];
      if (typeof output.compact === 'string')
        out.push({
          name: `${file} compact`,
          token: output.compact,
          keys: entry,
          status: detached ? 'invalid' : 'verified',
          ...(detached
            ? { why: 'detached payload (RFC 7515 App. F) is not supplied, so the empty payload fails' }
            : {}),
        });
      for (const form of ['json', 'json_flat'] as const)
        if (output[form])
          out.push({
            name: `${file} ${form} key ${i}`,
            token: JSON.stringify(output[form]),
            keys: entry,
            status: detached ? 'not-applicable' : 'verified',
            ...(detached ? { why: 'detached payload: nothing to verify' } : {}),
          });
    }
  }
  return out;
}

// RFC 7520 JWE examples (§5): compact only; JWE JSON serialisation is reported unsupported.
function cookbookJwe(): Case[] {
  const out: Case[] = [];
  for (const file of readdirSync(`${VECTORS}jose-cookbook/jwe`).sort()) {
    const v = read(`jose-cookbook/jwe/${file}`) as Json;
    const input = v.input as Json;
    const output = v.output as Json;
    const keys = (Array.isArray(input.key) ? input.key : [input.key ?? input.pwd]).map((k, i) =>
      typeof k === 'string'
        ? { id: `${file}-pwd`, material: k, format: 'text' as const }
        : jwkEntry(`${file}-key${i}`, k),
    );
    if (typeof output.compact === 'string') {
      const rsa15 = input.alg === 'RSA1_5';
      out.push({
        name: `${file} compact`,
        token: output.compact,
        keys,
        status: rsa15 ? 'unsupported' : 'verified',
        ...(rsa15 ? { why: 'RSA1_5 is not implemented by WebCrypto/jose' } : { plaintext: input.plaintext as string }),
      });
    }
    for (const form of ['json', 'json_flat'] as const)
      if (output[form])
        out.push({
          name: `${file} ${form}`,
          token: JSON.stringify(output[form]),
          keys,
          status: 'unsupported',
          why: 'JWE JSON serialisation is not supported',
        });
  }
  return out;
}

function cookbookOther(): Case[] {
  const nest = read('jose-cookbook/6.nesting_signatures_and_encryption.json') as Json;
  const sign = nest.sign as Json;
  const enc = nest.encrypt as Json;
  const signed = (sign.output as Json).compact as string;
  const ed = read('jose-cookbook/curve25519/jws.json') as Json;
  const x = read('jose-cookbook/curve25519/ecdh-es.json') as Json;
  const edKey = (ed.input as Json).key;
  return [
    {
      name: '6 nested: inner JWS',
      token: signed,
      keys: [jwkEntry('sig', (sign.input as Json).key)],
      status: 'verified',
    },
    {
      name: '6 nested: outer JWE (plaintext is the inner JWS)',
      token: (enc.output as Json).compact as string,
      keys: [jwkEntry('enc', (enc.input as Json).key)],
      status: 'verified',
      plaintext: signed,
    },
    {
      name: 'RFC 8037 A.4 Ed25519 compact',
      token: (ed.output as Json).compact as string,
      keys: [jwkEntry('ed', edKey)],
      status: 'verified',
    },
    {
      name: 'RFC 8037 Ed25519 flattened JSON',
      token: JSON.stringify((ed.output as Json).json_flat),
      keys: [jwkEntry('ed', edKey)],
      status: 'verified',
    },
    {
      name: 'RFC 8037 X25519 ECDH-ES compact',
      token: (x.output as Json).compact as string,
      keys: [jwkEntry('x', (x.input as Json).key)],
      status: 'verified',
      plaintext: (x.input as Json).plaintext as string,
    },
  ];
}

function rfc7515(): Case[] {
  const v = read('rfc7515.json') as { cases: Json[]; json_serialization_cases: Json[] };
  const out: Case[] = v.cases.map((c) =>
    c.key === null
      ? { name: `${c.name}`, token: c.token as string, keys: [], status: 'not-applicable' as const }
      : {
          name: `${c.name} (public key)`,
          token: c.token as string,
          keys: [jwkEntry('pub', c.public_key)],
          status: 'verified' as const,
        },
  );
  const keys = v.cases.filter((c) => c.key !== null).map((c) => jwkEntry(String(c.name), c.public_key));
  for (const c of v.json_serialization_cases) {
    out.push({ name: `${c.name}`, token: JSON.stringify(c.jws_json), keys, status: 'verified' });
  }
  return out;
}

function knownTokens(): Case[] {
  const v = read('known_tokens.json') as { cases: Json[] };
  const out: Case[] = [];
  for (const c of v.cases) {
    const name = String(c.name);
    if (typeof c.hs256_secret === 'string') {
      out.push({ name, token: c.token as string, keys: [{ id: 's', material: c.hs256_secret }], status: 'verified' });
      out.push({
        name: `${name} with a wrong secret`,
        token: c.token as string,
        keys: [{ id: 's', material: `${c.hs256_secret}x` }],
        status: 'invalid',
      });
    } else if (name.startsWith('RFC8037')) {
      out.push({ name, token: c.token as string, keys: [jwkEntry('pub', c.public_key)], status: 'verified' });
    } else if (name.startsWith('RFC7797')) {
      out.push({
        name: `${name} (b64:false, crit) is rejected`,
        token: c.jws_compact_detached as string,
        keys: [jwkEntry('k', c.key)],
        status: 'unsupported',
      });
    } else if (name.startsWith('Wycheproof-psychic')) {
      out.push({ name, token: c.token as string, keys: [jwkEntry('pub', c.public_key)], status: 'invalid' });
    } else if (name.startsWith('synthetic-alg-')) {
      out.push({ name, token: c.token as string, keys: [{ id: 's', material: 'secret' }], status: 'not-applicable' });
    }
  }
  return out;
}

const SUITES: [string, Case[]][] = [
  ['RFC 7520 cookbook JWS', cookbookJws()],
  ['RFC 7520 cookbook JWE', cookbookJwe()],
  ['RFC 7520 §6 nesting, RFC 8037', cookbookOther()],
  ['RFC 7515 Appendix A', rfc7515()],
  ['known tokens (jwt.io, RFC 8037, RFC 7797)', knownTokens()],
];

describe.each(SUITES)('%s', (_suite, cases) => {
  it.each(cases)('$name → $status', async ({ token, keys, status, plaintext, why }) => {
    const out = await verifyToken(token, keys);
    expect(out.status, `${why ?? ''} ${out.reason ?? ''}`).toBe(status);
    if (status === 'verified') expect(keys.map((k) => k.id)).toContain(out.keyId);
    else expect(out.reason).toEqual(expect.any(String));
    if (plaintext !== undefined) expect(out.plaintext).toBe(plaintext);
  });
});
