import { exportSPKI, importJWK, type CryptoKey } from 'jose';
import type { ErrorInfo } from '../types.ts';
import { timeSlice } from '../util/time-slice.ts';
import { readChildren, readDer } from './der.ts';
import type { KeyItem, ParsedKey } from './parse-key.ts';
import { parsePem, toPem } from './pem.ts';

/** Byte strings a key-confused server may use as the HMAC secret for a stored key, and keys that did not import. */
export interface ConfusionSecrets {
  secrets: Uint8Array[];
  /** Asymmetric members jose refused (their SPKI could not be derived). */
  importErrors: Map<KeyItem, ErrorInfo>;
}

const utf8 = new TextEncoder();

function spkiAlg(item: KeyItem): string | undefined {
  if (item.kty === 'RSA') return 'RS256';
  if (item.kty === 'EC') return { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' }[item.crv ?? ''];
  if (item.crv === 'Ed25519') return 'Ed25519';
  if (item.crv === 'X25519') return 'ECDH-ES';
  return undefined;
}

/** SPKI PEM of an asymmetric key item, via jose; rejects when the key does not import. */
export async function spkiPemOf(item: KeyItem): Promise<string> {
  const alg = spkiAlg(item);
  if (!item.publicJwk || !alg) throw new TypeError('not an asymmetric key');
  const key = await importJWK(item.publicJwk, alg, { extractable: true });
  return exportSPKI(key as CryptoKey);
}

function pemVariants(pem: string): string[] {
  const body = pem.trim();
  return [body, `${body}\n`, body.replace(/\n/g, '\r\n'), `${body.replace(/\n/g, '\r\n')}\r\n`];
}

/** The PKCS#1 `RSA PUBLIC KEY` PEM of an RSA SPKI PEM. */
export function pkcs1Pem(spkiPem: string): string | undefined {
  const parsed = parsePem(spkiPem);
  if (!parsed.ok) return undefined;
  const spki = parsed.blocks[0]!.der;
  const outer = readDer(spki);
  const bitString = outer ? readChildren(outer.content)?.[1] : undefined;
  if (!bitString || bitString.tag !== 0x03) return undefined;
  return toPem('RSA PUBLIC KEY', bitString.content.subarray(1));
}

function derOf(pem: string): Uint8Array[] {
  const parsed = parsePem(pem);
  return parsed.ok ? [parsed.blocks[0]!.der] : [];
}

async function compute(parsed: ParsedKey): Promise<ConfusionSecrets> {
  const texts = new Set<string>();
  const importErrors = new Map<KeyItem, ErrorInfo>();
  const items = parsed.items.filter((i) => i.kty !== 'oct');
  if (items.length === 0) return { secrets: [], importErrors };
  const material = parsed.entry.material;
  texts.add(material);
  texts.add(material.trim());
  texts.add(`${material.trim()}\n`);
  if (parsed.format === 'pem') for (const v of pemVariants(material)) texts.add(v);
  if (parsed.format === 'ssh') {
    // The key line without its comment, as some servers store it.
    const [type, base64] = material.trim().split(/\s+/);
    if (type && base64 && !material.trim().startsWith('----')) {
      texts.add(`${type} ${base64}`);
      texts.add(`${type} ${base64}\n`);
    }
  }
  const binary: Uint8Array[] = [];
  // A JWKS of 10,000 keys: a slice at a time, so the panel keeps answering while it is prepared.
  const slice = timeSlice();
  for (const item of items) {
    if (slice.due()) await slice.pause();
    if (!item.publicJwk || item.problem) continue;
    try {
      const spki = await spkiPemOf(item);
      for (const v of pemVariants(spki)) texts.add(v);
      // Some servers key the HMAC with the DER bytes the PEM wraps.
      binary.push(...derOf(spki));
      if (item.kty === 'RSA') {
        const p1 = pkcs1Pem(spki);
        if (p1) {
          for (const v of pemVariants(p1)) texts.add(v);
          binary.push(...derOf(p1));
        }
      }
    } catch (e) {
      importErrors.set(item, {
        code: 'key-import',
        message: `the key does not import: ${e instanceof Error ? e.message : String(e)}`,
      });
    }
    texts.add(JSON.stringify(item.publicJwk));
  }
  texts.delete('');
  const secrets: Uint8Array[] = [];
  for (const t of texts) {
    secrets.push(utf8.encode(t));
    if (slice.due()) await slice.pause();
  }
  return { secrets: [...secrets, ...binary], importErrors };
}

const cache = new WeakMap<ParsedKey, Promise<ConfusionSecrets>>();

/**
 * Byte strings a key-confused server might use as the HMAC secret for a stored asymmetric key: the
 * material exactly as stored (with and without a final newline), the SPKI and (RSA) PKCS#1 PEM with
 * LF or CRLF line ends and their DER bytes, the JWK JSON, an OpenSSH line without its comment. Empty for secrets.
 * Computed once per parsed key.
 */
export function confusionSecrets(parsed: ParsedKey): Promise<ConfusionSecrets> {
  let p = cache.get(parsed);
  if (!p) cache.set(parsed, (p = compute(parsed)));
  return p;
}
