import { parseKeyEntry, type KeyItem, type ParsedKey } from '../keys/parse-key.ts';
import { parsePem, toPem } from '../keys/pem.ts';
import { pkcs1Pem, spkiPemOf } from '../keys/confusion-secrets.ts';
import { decodeBase64Std } from '../keys/pem.ts';
import type { KeyEntry } from '../types.ts';
import { isObject } from '../util/json-value.ts';

/** A public key a forgery can use: from the ring, or carried by the token (`jwk`, `x5c`). */
export interface PublicKeySource {
  /** A ring entry id, or `jwk` / `x5c` for the token's own. */
  id: string;
  label: string;
  parsed: ParsedKey;
  item: KeyItem;
}

/** One byte string a key-confused server may take as the HMAC secret, named. */
export interface ConfusionText {
  label: string;
  bytes: Uint8Array;
}

/** Ring entries and header keys that hold an asymmetric public key; never throws. */
export async function publicKeySources(
  keys: readonly KeyEntry[],
  header: Record<string, unknown> | undefined,
): Promise<PublicKeySource[]> {
  const out: PublicKeySource[] = [];
  const add = (id: string, label: string, parsed: ParsedKey) => {
    const item = parsed.items.find((i) => i.kty !== 'oct' && i.publicJwk && !i.problem);
    if (item && !parsed.error) out.push({ id, label, parsed, item });
  };
  for (const entry of keys) {
    const parsed = await parseKeyEntry(entry);
    if (parsed.kind === 'secret' || parsed.kind === 'invalid') continue;
    add(entry.id, entry.label || entry.id, parsed);
  }
  const jwk = header?.jwk;
  if (isObject(jwk))
    add(
      'jwk',
      'the token’s own "jwk"',
      await parseKeyEntry({ id: 'jwk', material: JSON.stringify(jwk), format: 'jwk' }),
    );
  const x5c = header?.x5c;
  const first = Array.isArray(x5c) ? x5c[0] : undefined;
  if (typeof first === 'string' && decodeBase64Std(first)) {
    const pem = toPem('CERTIFICATE', decodeBase64Std(first)!);
    add('x5c', 'the token’s own "x5c" certificate', await parseKeyEntry({ id: 'x5c', material: pem, format: 'pem' }));
  }
  return out;
}

const utf8 = new TextEncoder();

function pemPair(name: string, pem: string): ConfusionText[] {
  const body = pem.trim();
  return [
    { label: `${name} PEM with final newline`, bytes: utf8.encode(`${body}\n`) },
    { label: `${name} PEM without final newline`, bytes: utf8.encode(body) },
  ];
}

function der(name: string, pem: string): ConfusionText[] {
  const parsed = parsePem(pem);
  return parsed.ok ? [{ label: `${name} DER`, bytes: parsed.blocks[0]!.der }] : [];
}

/**
 * The byte strings servers have used as the HMAC secret for a public key: SPKI PEM with and
 * without the final newline, PKCS#1 PEM likewise (RSA), both DERs, the JWK JSON, and the ring
 * entry's text exactly as stored. Rejects only when jose cannot import the key.
 */
export async function confusionTexts(source: PublicKeySource): Promise<ConfusionText[]> {
  const spki = await spkiPemOf(source.item);
  const out: ConfusionText[] = [...pemPair('SPKI', spki)];
  const p1 = source.item.kty === 'RSA' ? pkcs1Pem(spki) : undefined;
  if (p1) out.push(...pemPair('PKCS#1', p1));
  out.push(...der('SPKI', spki));
  if (p1) out.push(...der('PKCS#1', p1));
  out.push({ label: 'JWK JSON', bytes: utf8.encode(JSON.stringify(source.item.publicJwk)) });
  const material = source.parsed.entry.material;
  if (source.id !== 'jwk' && source.id !== 'x5c' && !out.some((t) => new TextDecoder().decode(t.bytes) === material))
    out.push({ label: 'the key text as stored', bytes: utf8.encode(material) });
  return out;
}
