import { exportJWK, importJWK, importPKCS8, importSPKI, type JWK } from 'jose';
import { decodeBase64Url, decodeUtf8 } from '../base64url.ts';
import { parseJson } from '../json-text.ts';
import type { ErrorCode, ErrorInfo, KeyEntry, KeyFormat } from '../types.ts';
import { LruCache } from '../util/lru-cache.ts';
import {
  certificateSpki,
  OID,
  pkcs8Algorithm,
  pkcs8FromPkcs1,
  pkcs8FromSec1,
  spkiAlgorithm,
  spkiFromPkcs1,
} from './der.ts';
import { looksLikePem, parsePem, toPem } from './pem.ts';
import { hasRocaFingerprint } from './roca.ts';
import { decodeSecret } from './secret-bytes.ts';
import { looksLikeSsh, parseSshPublicKey } from './ssh.ts';
import { isObject } from '../util/json-value.ts';
import { timeSlice } from '../util/time-slice.ts';

/** Kind of key material a stored entry holds. */
export type KeyKind = 'secret' | 'public' | 'private' | 'certificate' | 'set' | 'invalid';

/** One usable (or refused) key of a stored entry: a whole entry, or one member of a JWKS. */
export interface KeyItem {
  entryId: string;
  /** Position in the JWKS; 0 for single keys. */
  index: number;
  kid?: string;
  alg?: string;
  use?: string;
  keyOps?: string[];
  kty: 'oct' | 'RSA' | 'EC' | 'OKP';
  crv?: string;
  /** Secret length, RSA modulus length or curve size, in bits. */
  bits?: number;
  isPrivate: boolean;
  secret?: Uint8Array;
  /** Public members only, for asymmetric keys. */
  publicJwk?: JWK;
  /** The whole private JWK, when a private key is stored. */
  privateJwk?: JWK;
  /** RSA modulus has the ROCA fingerprint (CVE-2017-15361). */
  roca?: boolean;
  /** Set when the key must never be used, with the reason. */
  problem?: ErrorInfo;
  /**
   * A secret whose bytes are the text (or DER) of a public key, e.g. "an RSA public key (PEM)": it is
   * never used as an HMAC secret, since anyone holding the public key can forge with it.
   */
  publicKeyText?: string;
  /** Imported keys by purpose and alg. */
  imported: Map<string, Promise<unknown>>;
}

/** A stored key entry parsed once: its format, kind and keys. */
export interface ParsedKey {
  entry: KeyEntry;
  format: KeyFormat;
  kind: KeyKind;
  items: KeyItem[];
  /** Why the entry is unusable as a whole. */
  error?: ErrorInfo;
  /** For a secret: the public key its bytes spell, parsed (key confusion: never an HMAC secret). */
  publicKey?: ParsedKey;
}

/** Infers the format of key material: PEM armour, OpenSSH public key, JWK Set, JWK, else text. */
export function inferKeyFormat(material: string): KeyFormat {
  const t = material.trim();
  if (looksLikePem(t)) return 'pem';
  if (looksLikeSsh(t)) return 'ssh';
  if (t.startsWith('{')) {
    const parsed = parseJson(t, 'key');
    if (parsed.ok && isObject(parsed.value)) {
      if ('keys' in parsed.value) return 'jwks';
      if ('kty' in parsed.value) return 'jwk';
    }
  }
  return 'text';
}

function bitLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]!));
}

const CURVE_BITS: Record<string, number> = { 'P-256': 256, 'P-384': 384, 'P-521': 521, Ed25519: 256, X25519: 256 };

function fail(code: ErrorCode, message: string): ErrorInfo {
  return { code, message };
}

function b64uMember(
  jwk: Record<string, unknown>,
  name: string,
  what: string,
): { bytes?: Uint8Array; error?: ErrorInfo } {
  const v = jwk[name];
  if (v === undefined) return { error: fail('jwk-missing-member', `${what} JWK lacks "${name}"`) };
  if (typeof v !== 'string') return { error: fail('jwk-member-type', `${what} JWK member "${name}" must be a string`) };
  const r = decodeBase64Url(v);
  if (r.error || !r.bytes)
    return {
      error: fail('jwk-member-base64url', `${what} JWK member "${name}": ${r.error?.message ?? 'undecodable'}`),
    };
  return { bytes: r.bytes };
}

/** Builds a key item from a JWK object; never throws. */
export function itemFromJwk(entryId: string, index: number, raw: unknown): KeyItem {
  const base = { entryId, index, isPrivate: false, imported: new Map<string, Promise<unknown>>() };
  if (!isObject(raw)) return { ...base, kty: 'oct', problem: fail('jwk-not-object', 'a JWK must be a JSON object') };
  const jwk = raw;
  const meta: Partial<KeyItem> = {};
  if (typeof jwk.kid === 'string') meta.kid = jwk.kid;
  if (typeof jwk.alg === 'string') meta.alg = jwk.alg;
  if (typeof jwk.use === 'string') meta.use = jwk.use;
  if (Array.isArray(jwk.key_ops)) meta.keyOps = jwk.key_ops.filter((o): o is string => typeof o === 'string');
  const kty = jwk.kty;
  const item = (k: KeyItem['kty'], extra: Partial<KeyItem>): KeyItem => ({ ...base, ...meta, kty: k, ...extra });
  if (kty === undefined) return item('oct', { problem: fail('jwk-missing-member', 'JWK lacks "kty"') });
  if (jwk.alg !== undefined && typeof jwk.alg !== 'string')
    return item('oct', { problem: fail('jwk-member-type', 'JWK member "alg" must be a string') });
  if (jwk.key_ops !== undefined && !Array.isArray(jwk.key_ops))
    return item('oct', { problem: fail('jwk-member-type', 'JWK member "key_ops" must be an array of strings') });
  if (kty === 'oct') {
    const k = b64uMember(jwk, 'k', 'oct');
    if (k.error) return item('oct', { problem: k.error });
    if (k.bytes!.length === 0) return item('oct', { problem: fail('jwk-empty-key', 'oct JWK has an empty "k"') });
    return item('oct', { secret: k.bytes!, bits: k.bytes!.length * 8, isPrivate: true });
  }
  const publicJwk: Record<string, unknown> = {};
  const copy = (...names: string[]): ErrorInfo | undefined => {
    for (const n of names) {
      const r = b64uMember(jwk, n, String(kty));
      if (r.error) return r.error;
      publicJwk[n] = jwk[n];
    }
    return undefined;
  };
  const isPrivate = typeof jwk.d === 'string';
  if (kty === 'RSA') {
    publicJwk.kty = 'RSA';
    const err = copy('n', 'e');
    if (err) return item('RSA', { problem: err });
    const n = decodeBase64Url(jwk.n as string).bytes!;
    const e = decodeBase64Url(jwk.e as string).bytes!;
    const bits = bitLength(n);
    let problem: ErrorInfo | undefined;
    const eBits = bitLength(e);
    if (eBits <= 1 || (e[e.length - 1]! & 1) === 0)
      problem = fail(
        'rsa-bad-exponent',
        `RSA public exponent must be odd and at least 3 (this key's "e" is ${e.length <= 4 ? e.reduce((a, b) => a * 256 + b, 0) : 'even'})`,
      );
    const roca = hasRocaFingerprint(n);
    if (!problem && roca)
      problem = fail(
        'rsa-roca',
        'RSA modulus has the ROCA fingerprint (CVE-2017-15361): its private key can be recovered',
      );
    if (isPrivate) {
      for (const m of ['d', 'p', 'q', 'dp', 'dq', 'qi']) {
        if (jwk[m] === undefined && m !== 'd')
          return item('RSA', { bits, problem: fail('jwk-missing-member', `RSA private JWK lacks "${m}"`) });
      }
    }
    return item('RSA', {
      bits,
      roca,
      isPrivate,
      publicJwk: publicJwk as JWK,
      ...(isPrivate ? { privateJwk: stripMeta(jwk) } : {}),
      ...(problem ? { problem } : {}),
    });
  }
  if (kty === 'EC' || kty === 'OKP') {
    const crv = jwk.crv;
    if (crv === undefined) return item(kty, { problem: fail('jwk-missing-member', `${kty} JWK lacks "crv"`) });
    if (typeof crv !== 'string')
      return item(kty, { problem: fail('jwk-member-type', `${kty} JWK member "crv" must be a string`) });
    publicJwk.kty = kty;
    publicJwk.crv = crv;
    const err = kty === 'EC' ? copy('x', 'y') : copy('x');
    if (err) return item(kty, { crv, problem: err });
    const supported = kty === 'EC' ? ['P-256', 'P-384', 'P-521'] : ['Ed25519', 'X25519'];
    const bits = CURVE_BITS[crv];
    if (!supported.includes(crv))
      return item(kty, {
        crv,
        problem: fail('key-unsupported', `${kty} curve "${crv}" is not supported (supported: ${supported.join(', ')})`),
      });
    return item(kty, {
      crv,
      ...(bits ? { bits } : {}),
      isPrivate,
      publicJwk: publicJwk as JWK,
      ...(isPrivate ? { privateJwk: stripMeta(jwk) } : {}),
    });
  }
  return item('oct', {
    problem: fail(
      'key-unsupported',
      `JWK "kty" ${JSON.stringify(kty)} is not supported (supported: oct, RSA, EC, OKP)`,
    ),
  });
}

function stripMeta(jwk: Record<string, unknown>): JWK {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(jwk))
    if (!['alg', 'use', 'key_ops', 'kid', 'ext', 'x5c', 'x5t', 'x5u', 'x5t#S256'].includes(k)) out[k] = v;
  return out as JWK;
}

// A jose alg that imports a key of this SPKI/PKCS#8 algorithm, so it can be exported as a JWK.
function importAlgFor(oid: string, curveOid: string | undefined): { alg: string } | { error: ErrorInfo } {
  switch (oid) {
    case OID.rsaEncryption:
      return { alg: 'RS256' };
    case OID.ecPublicKey:
      if (curveOid === OID.p256) return { alg: 'ES256' };
      if (curveOid === OID.p384) return { alg: 'ES384' };
      if (curveOid === OID.p521) return { alg: 'ES512' };
      return {
        error: fail(
          'key-unsupported',
          curveOid === OID.secp256k1
            ? 'EC curve secp256k1 (ES256K) is not supported'
            : `EC curve ${curveOid ?? '(explicit parameters)'} is not supported (supported: P-256, P-384, P-521)`,
        ),
      };
    case OID.ed25519:
      return { alg: 'Ed25519' };
    case OID.x25519:
      return { alg: 'ECDH-ES' };
    case OID.rsassaPss:
      return {
        error: fail(
          'key-unsupported',
          'RSASSA-PSS-restricted keys (OID 1.2.840.113549.1.1.10) are not supported; export the key as plain rsaEncryption',
        ),
      };
    case OID.ed448:
    case OID.x448:
      return { error: fail('key-unsupported', 'Ed448/X448 keys are not supported') };
    default:
      return { error: fail('key-unsupported', `key algorithm ${oid} is not supported`) };
  }
}

async function itemFromDer(
  entryId: string,
  der: Uint8Array,
  type: 'spki' | 'pkcs8',
): Promise<KeyItem | { error: ErrorInfo }> {
  const algId = type === 'spki' ? spkiAlgorithm(der) : pkcs8Algorithm(der);
  if (!algId)
    return {
      error: fail(
        'pem-structure',
        type === 'spki' ? 'PEM body is not a DER SubjectPublicKeyInfo' : 'PEM body is not a DER PKCS#8 PrivateKeyInfo',
      ),
    };
  const a = importAlgFor(algId.oid, algId.curveOid);
  if ('error' in a) return a;
  let jwk: JWK;
  try {
    const pem = toPem(type === 'spki' ? 'PUBLIC KEY' : 'PRIVATE KEY', der);
    const key =
      type === 'spki'
        ? await importSPKI(pem, a.alg, { extractable: true })
        : await importPKCS8(pem, a.alg, { extractable: true });
    jwk = await exportJWK(key);
  } catch (e) {
    return {
      error: fail('key-import', `the key could not be imported: ${e instanceof Error ? e.message : String(e)}`),
    };
  }
  return itemFromJwk(entryId, 0, jwk);
}

async function parsePemEntry(entry: KeyEntry): Promise<ParsedKey> {
  const out = (kind: KeyKind, items: KeyItem[], error?: ErrorInfo): ParsedKey => ({
    entry,
    format: 'pem',
    kind,
    items,
    ...(error ? { error } : {}),
  });
  const parsed = parsePem(entry.material);
  if (!parsed.ok) return out('invalid', [], parsed.error);
  const block = parsed.blocks.find((b) => b.label !== 'EC PARAMETERS') ?? parsed.blocks[0]!;
  let der: Uint8Array | undefined;
  let type: 'spki' | 'pkcs8';
  let kind: KeyKind;
  switch (block.label) {
    case 'PUBLIC KEY':
      [der, type, kind] = [block.der, 'spki', 'public'];
      break;
    case 'RSA PUBLIC KEY':
      [der, type, kind] = [spkiFromPkcs1(block.der), 'spki', 'public'];
      if (!der)
        return out('invalid', [], fail('pem-structure', 'PEM "RSA PUBLIC KEY" body is not a DER PKCS#1 RSAPublicKey'));
      break;
    case 'CERTIFICATE':
      [der, type, kind] = [certificateSpki(block.der), 'spki', 'certificate'];
      if (!der)
        return out('invalid', [], fail('pem-structure', 'PEM "CERTIFICATE" body is not a DER X.509 certificate'));
      break;
    case 'PRIVATE KEY':
      [der, type, kind] = [block.der, 'pkcs8', 'private'];
      break;
    case 'RSA PRIVATE KEY':
      [der, type, kind] = [pkcs8FromPkcs1(block.der), 'pkcs8', 'private'];
      if (!der)
        return out(
          'invalid',
          [],
          fail('pem-structure', 'PEM "RSA PRIVATE KEY" body is not a DER PKCS#1 RSAPrivateKey'),
        );
      break;
    case 'EC PRIVATE KEY':
      [der, type, kind] = [pkcs8FromSec1(block.der)?.der, 'pkcs8', 'private'];
      if (!der)
        return out(
          'invalid',
          [],
          fail('pem-structure', 'PEM "EC PRIVATE KEY" body is not a DER SEC 1 ECPrivateKey with a named curve'),
        );
      break;
    case 'OPENSSH PRIVATE KEY':
      return out(
        'invalid',
        [],
        fail(
          'ssh-private-key',
          'this is an OpenSSH private key; paste the public key instead (the .pub file: one line starting ssh-rsa, ssh-ed25519 or ecdsa-sha2-…)',
        ),
      );
    case 'ENCRYPTED PRIVATE KEY':
      return out(
        'invalid',
        [],
        fail('pem-encrypted', 'encrypted PKCS#8 keys are not supported; export the key without a passphrase'),
      );
    default:
      return out(
        'invalid',
        [],
        fail(
          'pem-wrong-type',
          `PEM "${block.label}" is not a key: use PUBLIC KEY, RSA PUBLIC KEY, CERTIFICATE, PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY`,
        ),
      );
  }
  const item = await itemFromDer(entry.id, der, type);
  if ('error' in item) return out('invalid', [], item.error);
  return out(kind, [item], item.problem);
}

async function parseJsonEntry(entry: KeyEntry, format: 'jwk' | 'jwks'): Promise<ParsedKey> {
  // The clock starts before the parse: a megabyte JWKS is a few milliseconds of JSON.parse alone,
  // and reading its members must not add a whole slice to that task.
  const slice = timeSlice();
  const parsed = parseJson(entry.material.trim(), 'key');
  if (!parsed.ok)
    return {
      entry,
      format,
      kind: 'invalid',
      items: [],
      error: fail(
        `${format}-json`,
        `${format.toUpperCase()} is not valid JSON: ${parsed.error.message.replace(/^key is not valid JSON: /, '')}`,
      ),
    };
  const value = parsed.value;
  if (!isObject(value))
    return {
      entry,
      format,
      kind: 'invalid',
      items: [],
      error: fail(`${format}-not-object`, `${format.toUpperCase()} must be a JSON object`),
    };
  if ('keys' in value) {
    const keys = value.keys;
    if (!Array.isArray(keys))
      return {
        entry,
        format: 'jwks',
        kind: 'invalid',
        items: [],
        error: fail('jwks-invalid', 'JWKS member "keys" must be an array'),
      };
    if (keys.length === 0)
      return {
        entry,
        format: 'jwks',
        kind: 'invalid',
        items: [],
        error: fail('jwks-empty', 'JWKS has no keys ("keys" is empty)'),
      };
    // A JWKS of 10,000 keys takes a few hundred milliseconds to read: a slice at a time, never one long task.
    const items: KeyItem[] = [];
    if (slice.due()) await slice.pause();
    for (let i = 0; i < keys.length; i++) {
      items.push(itemFromJwk(entry.id, i, keys[i]));
      if (slice.due()) await slice.pause();
    }
    const usable = items.filter((i) => !i.problem);
    let error: ErrorInfo | undefined;
    if (usable.length === 0) {
      const first = items[0]!.problem!;
      error = fail('jwks-no-usable-key', `no key of the JWKS is usable (key 0: ${first.message})`);
    } else if (usable.some((i) => i.kty === 'oct') && usable.some((i) => i.kty !== 'oct')) {
      error = fail(
        'jwks-mixed',
        'the JWKS mixes secret (oct) and asymmetric keys; it is not used, because such a set lets a token pick HMAC with a key meant for signatures (alg confusion)',
      );
    }
    return { entry, format: 'jwks', kind: 'set', items, ...(error ? { error } : {}) };
  }
  const item = itemFromJwk(entry.id, 0, value);
  const kind: KeyKind = item.problem
    ? 'invalid'
    : item.kty === 'oct'
      ? 'secret'
      : item.isPrivate
        ? 'private'
        : 'public';
  return { entry, format: 'jwk', kind, items: [item], ...(item.problem ? { error: item.problem } : {}) };
}

const JWK_ALG_FOR_SPKI: Record<string, string> = { RSA: 'RS256', EC: 'ES256', OKP: 'Ed25519' };

async function parseSshEntry(entry: KeyEntry): Promise<ParsedKey> {
  const invalid = (error: ErrorInfo): ParsedKey => ({ entry, format: 'ssh', kind: 'invalid', items: [], error });
  const r = parseSshPublicKey(entry.material);
  if (!r.ok) return invalid(r.error);
  const item = itemFromJwk(entry.id, 0, r.jwk);
  if (item.problem) return { entry, format: 'ssh', kind: 'invalid', items: [item], error: item.problem };
  // Import once through jose so an EC point off its curve is reported here, not at first use.
  const alg = item.kty === 'EC' ? { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' }[item.crv!]! : undefined;
  try {
    await importJWK(r.jwk, alg ?? JWK_ALG_FOR_SPKI[item.kty]!);
  } catch (e) {
    return invalid(
      fail('key-import', `the ${r.sshType} key could not be imported: ${e instanceof Error ? e.message : String(e)}`),
    );
  }
  return { entry, format: 'ssh', kind: 'public', items: [item] };
}

const PUBLIC_KINDS: ReadonlySet<KeyKind> = new Set(['public', 'certificate', 'set']);

function describePublic(parsed: ParsedKey, form: string): string {
  const item = parsed.items.find((i) => i.kty !== 'oct')!;
  const what = parsed.kind === 'certificate' ? 'certificate' : 'public key';
  const kty = item.kty === 'OKP' ? (item.crv ?? 'OKP') : item.kty;
  // RSA, EC, Ed25519 and X25519 all take "an".
  return `an ${kty} ${what} (${form})`;
}

const FORM_NAMES: Partial<Record<KeyFormat, string>> = { pem: 'PEM', ssh: 'OpenSSH', jwk: 'JWK', jwks: 'JWK Set' };

/**
 * The public key that a secret's bytes spell, if any: PEM (SPKI, PKCS#1, certificate), OpenSSH or
 * JWK/JWKS text, or the DER of an SPKI, PKCS#1 key or certificate. Such a "secret" is what a
 * key-confused server feeds to HMAC (CVE-2016-10555, CVE-2022-29217).
 */
async function publicKeySpelledBy(
  entry: KeyEntry,
  bytes: Uint8Array,
): Promise<{ parsed: ParsedKey; description: string } | undefined> {
  const candidates: [KeyEntry, string][] = [];
  const { text, valid } = decodeUtf8(bytes);
  if (valid) {
    const format = inferKeyFormat(text);
    if (format !== 'text') candidates.push([{ ...entry, material: text, format }, FORM_NAMES[format] ?? format]);
  }
  if (bytes[0] === 0x30) {
    const label = spkiAlgorithm(bytes)
      ? 'PUBLIC KEY'
      : spkiFromPkcs1(bytes)
        ? 'RSA PUBLIC KEY'
        : certificateSpki(bytes)
          ? 'CERTIFICATE'
          : undefined;
    if (label) candidates.push([{ ...entry, material: toPem(label, bytes), format: 'pem' }, 'DER']);
  }
  for (const [c, form] of candidates) {
    const parsed = await parseKeyEntry(c);
    if (PUBLIC_KINDS.has(parsed.kind) && parsed.items.some((i) => i.kty !== 'oct' && i.publicJwk))
      return { parsed, description: describePublic(parsed, form) };
  }
  return undefined;
}

async function parseSecretEntry(entry: KeyEntry, format: 'text' | 'base64' | 'base64url' | 'hex'): Promise<ParsedKey> {
  const r = decodeSecret(entry.material, format);
  if (!r.ok) return { entry, format, kind: 'invalid', items: [], error: r.error };
  const item: KeyItem = {
    entryId: entry.id,
    index: 0,
    kty: 'oct',
    secret: r.bytes,
    bits: r.bytes.length * 8,
    isPrivate: true,
    imported: new Map(),
  };
  const spelled = await publicKeySpelledBy(entry, r.bytes);
  if (!spelled) return { entry, format, kind: 'secret', items: [item] };
  item.publicKeyText = spelled.description;
  return { entry, format, kind: 'secret', items: [item], publicKey: spelled.parsed };
}

/** Parses one stored key entry (format as given, or inferred); never throws. */
export async function parseKeyEntry(entry: KeyEntry): Promise<ParsedKey> {
  const format = entry.format ?? inferKeyFormat(entry.material);
  try {
    switch (format) {
      case 'pem':
        return await parsePemEntry(entry);
      case 'jwk':
      case 'jwks':
        return await parseJsonEntry(entry, format);
      case 'ssh':
        return await parseSshEntry(entry);
      case 'text':
      case 'base64':
      case 'base64url':
      case 'hex':
        return await parseSecretEntry(entry, format);
      default:
        return {
          entry,
          format,
          kind: 'invalid',
          items: [],
          error: fail('format-unknown', `unknown key format ${JSON.stringify(format)}`),
        };
    }
  } catch (e) {
    return {
      entry,
      format,
      kind: 'invalid',
      items: [],
      error: fail('key-parse', `the key could not be read: ${e instanceof Error ? e.message : String(e)}`),
    };
  }
}

interface CacheSlot {
  promise: Promise<ParsedKey>;
  /** Set once parsing finished, so a ring of known keys is gathered without awaiting. */
  value?: ParsedKey;
}

const cache = new LruCache<string, CacheSlot>(512);
// Fast path for the same KeyEntry objects passed again: no string key to build and hash.
const byEntry = new WeakMap<
  KeyEntry,
  { id: string; format: KeyFormat | undefined; material: string; slot: CacheSlot }
>();

function slotFor(entry: KeyEntry): CacheSlot {
  const hit = byEntry.get(entry);
  if (hit && hit.id === entry.id && hit.format === entry.format && hit.material === entry.material) return hit.slot;
  const cacheKey = `${entry.id}\u0000${entry.format ?? ''}\u0000${entry.material}`;
  let slot = cache.get(cacheKey);
  if (!slot) {
    const promise = parseKeyEntry(entry);
    const created: CacheSlot = { promise };
    void promise.then((v) => (created.value = v));
    slot = created;
    cache.set(cacheKey, slot);
  }
  byEntry.set(entry, { id: entry.id, format: entry.format, material: entry.material, slot });
  return slot;
}

/** Cached {@link parseKeyEntry}: the same id, material and format are parsed once. */
export function parseKeyEntryCached(entry: KeyEntry): Promise<ParsedKey> {
  return slotFor(entry).promise;
}

// The last ring gathered synchronously, with what its entries said then: the same ring passed again
// (every token of a stream) costs a comparison per entry, not a cache lookup per entry.
let lastRing: { keys: KeyEntry[]; seen: KeyEntry[]; said: string[]; out: ParsedKey[] } | undefined;

function sameAsLast(keys: KeyEntry[]): ParsedKey[] | undefined {
  const last = lastRing;
  if (!last || last.keys !== keys || keys.length !== last.seen.length) return undefined;
  for (let i = 0; i < keys.length; i++) {
    const e = keys[i]!;
    const j = i * 3;
    if (
      e !== last.seen[i] ||
      e.id !== last.said[j] ||
      e.material !== last.said[j + 1] ||
      (e.format ?? '') !== last.said[j + 2]
    )
      return undefined;
  }
  return last.out;
}

/**
 * Parses a whole key ring through the cache; synchronous once every entry has been parsed before.
 * The array may be shared with later calls for the same ring: callers must not modify it.
 */
export function parseKeyRing(keys: KeyEntry[]): ParsedKey[] | Promise<ParsedKey[]> {
  const again = sameAsLast(keys);
  if (again) return again;
  const out: ParsedKey[] = [];
  let pending = false;
  const slots = keys.map(slotFor);
  for (const slot of slots) {
    if (slot.value) out.push(slot.value);
    else pending = true;
  }
  if (pending) return Promise.all(slots.map((s) => s.promise));
  lastRing = {
    keys,
    seen: [...keys],
    said: keys.flatMap((e) => [e.id, e.material, e.format ?? '']),
    out,
  };
  return out;
}
