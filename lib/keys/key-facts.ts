import type { ErrorInfo, KeyEntry, KeyFormat } from '../types.ts';
import { confusionSecrets } from './confusion-secrets.ts';
import { parseKeyEntryCached, type KeyItem, type KeyKind, type ParsedKey } from './parse-key.ts';
import { LruCache } from '../util/lru-cache.ts';
import { timeSlice } from '../util/time-slice.ts';

/** Facts about one member of a JWKS. */
export interface KeyMemberFacts {
  index: number;
  kid?: string;
  kty: string;
  bits?: number;
  alg?: string;
  use?: string;
  keyOps?: string[];
  crv?: string;
  /** RSA modulus has the ROCA fingerprint (CVE-2017-15361). */
  roca?: boolean;
  error?: ErrorInfo;
}

/** Facts about one stored key, for rules and for the key-ring UI (validation message when it is broken). */
export interface KeyFacts {
  id: string;
  label?: string;
  issuer?: string;
  /** As given, or inferred. */
  format: KeyFormat;
  kind: KeyKind;
  /** 'oct' | 'RSA' | 'EC' | 'OKP'. */
  kty?: string;
  /** HMAC secret length in bits, RSA modulus bits, EC curve size. */
  bits?: number;
  alg?: string;
  use?: string;
  keyOps?: string[];
  crv?: string;
  kid?: string;
  /** RSA modulus has the ROCA fingerprint (CVE-2017-15361). */
  roca?: boolean;
  /** For JWKS. */
  keyCount?: number;
  /** For JWKS: one entry per member. */
  members?: KeyMemberFacts[];
  /** Specific reason the material is unusable. */
  error?: ErrorInfo;
  /**
   * Byte strings a key-confused server might use as the HMAC secret for this asymmetric key: the
   * material exactly as stored, PEM with/without trailing newline, the SPKI PEM derived from a JWK,
   * the JWK JSON. Empty for secrets.
   */
  confusionSecrets: Uint8Array[];
  /** For a secret: the public key its bytes spell (e.g. "an RSA public key (PEM)"); it never verifies. */
  publicKeyText?: string;
}

function itemFacts(item: KeyItem): Omit<KeyMemberFacts, 'index'> {
  return {
    kty: item.kty,
    ...(item.kid !== undefined ? { kid: item.kid } : {}),
    ...(item.bits !== undefined ? { bits: item.bits } : {}),
    ...(item.alg !== undefined ? { alg: item.alg } : {}),
    ...(item.use !== undefined ? { use: item.use } : {}),
    ...(item.keyOps ? { keyOps: item.keyOps } : {}),
    ...(item.crv !== undefined ? { crv: item.crv } : {}),
    ...(item.roca ? { roca: true } : {}),
    ...(item.problem ? { error: item.problem } : {}),
  };
}

async function describeParsed(entry: KeyEntry, parsed: ParsedKey): Promise<KeyFacts> {
  const base = {
    id: entry.id,
    ...(entry.label !== undefined ? { label: entry.label } : {}),
    ...(entry.issuer !== undefined ? { issuer: entry.issuer } : {}),
    format: parsed.format,
  };
  const { secrets, importErrors } = await confusionSecrets(parsed);
  if (parsed.format === 'jwks' && parsed.kind === 'set') {
    // 10,000 members: described a slice at a time, like they were read.
    const members: KeyMemberFacts[] = [];
    const slice = timeSlice();
    for (const item of parsed.items) {
      const f: KeyMemberFacts = { index: item.index, ...itemFacts(item) };
      const err = importErrors.get(item);
      if (err && !f.error) f.error = err;
      members.push(f);
      if (slice.due()) await slice.pause();
    }
    return {
      ...base,
      kind: 'set',
      keyCount: parsed.items.length,
      members,
      ...(parsed.error ? { error: parsed.error } : {}),
      confusionSecrets: secrets,
    };
  }
  const item = parsed.items[0];
  if (!item || parsed.kind === 'invalid') {
    return {
      ...base,
      kind: 'invalid',
      ...(item ? itemFacts(item) : {}),
      error: parsed.error ?? item?.problem ?? { code: 'key-invalid', message: 'the key is unusable' },
      confusionSecrets: [],
    };
  }
  const importError = importErrors.get(item);
  const facts: KeyFacts = {
    ...base,
    kind: importError ? 'invalid' : parsed.kind,
    ...itemFacts(item),
    confusionSecrets: item.kty === 'oct' ? [] : secrets,
    ...(item.publicKeyText ? { publicKeyText: item.publicKeyText } : {}),
  };
  const error = parsed.error ?? item.problem ?? importError;
  if (error) facts.error = error;
  return facts;
}

const factsCache = new LruCache<string, Promise<KeyFacts>>(512);

/** Describes each stored key (cached by id, label, issuer, format and material); never throws. */
export function describeKeys(keys: KeyEntry[]): Promise<KeyFacts[]> {
  return Promise.all(
    keys.map((entry) => {
      const cacheKey = [entry.id, entry.label ?? '', entry.issuer ?? '', entry.format ?? '', entry.material].join(
        '\u0000',
      );
      let p = factsCache.get(cacheKey);
      if (!p) {
        p = parseKeyEntryCached(entry)
          .then((parsed) => describeParsed(entry, parsed))
          .catch((e: unknown): KeyFacts => ({
            id: entry.id,
            format: entry.format ?? 'text',
            kind: 'invalid',
            error: {
              code: 'key-parse',
              message: `the key could not be read: ${e instanceof Error ? e.message : String(e)}`,
            },
            confusionSecrets: [],
          }));
        factsCache.set(cacheKey, p);
      }
      return p;
    }),
  );
}
