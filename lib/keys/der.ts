// Minimal DER reading and writing for key containers. This is ASN.1 framing only (tags and
// lengths); every cryptographic operation happens in jose/WebCrypto.

/** One DER element: tag byte, content bytes and where it ends in the input. */
export interface DerElement {
  tag: number;
  content: Uint8Array;
  /** Offset just past the element. */
  end: number;
}

/** Reads the DER element starting at `offset`; undefined when the bytes are not valid DER framing. */
export function readDer(bytes: Uint8Array, offset = 0): DerElement | undefined {
  if (offset + 2 > bytes.length) return undefined;
  const tag = bytes[offset]!;
  if ((tag & 0x1f) === 0x1f) return undefined; // high tag numbers never occur in key containers
  let len = bytes[offset + 1]!;
  let pos = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || pos + n > bytes.length) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + bytes[pos + i]!;
    pos += n;
  }
  if (pos + len > bytes.length) return undefined;
  return { tag, content: bytes.subarray(pos, pos + len), end: pos + len };
}

/** The elements directly inside a constructed element's content; undefined on bad framing. */
export function readChildren(content: Uint8Array): DerElement[] | undefined {
  const out: DerElement[] = [];
  let pos = 0;
  while (pos < content.length) {
    const el = readDer(content, pos);
    if (!el) return undefined;
    out.push(el);
    pos = el.end;
  }
  return out;
}

function lengthBytes(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}

/** Encodes one DER element from its tag and content parts. */
export function encodeDer(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const len = parts.reduce((s, p) => s + p.length, 0);
  const head = [tag, ...lengthBytes(len)];
  const out = new Uint8Array(head.length + len);
  out.set(head, 0);
  let pos = head.length;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

/** Decodes an OBJECT IDENTIFIER's content into dotted form. */
export function decodeOid(content: Uint8Array): string {
  const arcs: number[] = [];
  let v = 0;
  for (const b of content) {
    v = v * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      arcs.push(v);
      v = 0;
    }
  }
  const first = arcs.shift() ?? 0;
  const a = first < 80 ? Math.floor(first / 40) : 2;
  return [a, first - a * 40, ...arcs].join('.');
}

/** Encodes a dotted OBJECT IDENTIFIER as one DER element. */
export function encodeOid(dotted: string): Uint8Array {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const out: number[] = [a * 40 + b];
  for (const arc of rest) {
    const bytes: number[] = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) bytes.unshift(0x80 | (v & 0x7f));
    out.push(...bytes);
  }
  return encodeDer(0x06, Uint8Array.from(out));
}

/** Object identifiers of the key algorithms and curves this project reads. */
export const OID = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsassaPss: '1.2.840.113549.1.1.10',
  ecPublicKey: '1.2.840.10045.2.1',
  p256: '1.2.840.10045.3.1.7',
  p384: '1.3.132.0.34',
  p521: '1.3.132.0.35',
  secp256k1: '1.3.132.0.10',
  ed25519: '1.3.101.112',
  ed448: '1.3.101.113',
  x25519: '1.3.101.110',
  x448: '1.3.101.111',
} as const;

const NULL = Uint8Array.of(0x05, 0x00);

/** Algorithm identifier of a key container: key-algorithm OID and, for EC, the curve OID. */
export interface KeyAlgorithmId {
  oid: string;
  curveOid?: string;
}

function algorithmIdentifier(el: DerElement | undefined): KeyAlgorithmId | undefined {
  if (!el || el.tag !== 0x30) return undefined;
  const parts = readChildren(el.content);
  const oid = parts?.[0];
  if (!oid || oid.tag !== 0x06) return undefined;
  const param = parts[1];
  return {
    oid: decodeOid(oid.content),
    ...(param?.tag === 0x06 ? { curveOid: decodeOid(param.content) } : {}),
  };
}

/** Reads the algorithm of a SubjectPublicKeyInfo (RFC 5280 §4.1.2.7). */
export function spkiAlgorithm(spki: Uint8Array): KeyAlgorithmId | undefined {
  const outer = readDer(spki);
  if (!outer || outer.tag !== 0x30 || outer.end !== spki.length) return undefined;
  const parts = readChildren(outer.content);
  if (!parts || parts.length !== 2 || parts[1]!.tag !== 0x03) return undefined;
  return algorithmIdentifier(parts[0]);
}

/** Reads the algorithm of a PKCS#8 PrivateKeyInfo (RFC 5208). */
export function pkcs8Algorithm(pkcs8: Uint8Array): KeyAlgorithmId | undefined {
  const outer = readDer(pkcs8);
  if (!outer || outer.tag !== 0x30 || outer.end !== pkcs8.length) return undefined;
  const parts = readChildren(outer.content);
  if (!parts || parts.length < 3 || parts[0]!.tag !== 0x02 || parts[2]!.tag !== 0x04) return undefined;
  return algorithmIdentifier(parts[1]);
}

/** Extracts the SubjectPublicKeyInfo of an X.509 certificate (RFC 5280 §4.1). */
export function certificateSpki(cert: Uint8Array): Uint8Array | undefined {
  const outer = readDer(cert);
  if (!outer || outer.tag !== 0x30) return undefined;
  const tbs = readChildren(outer.content)?.[0];
  if (!tbs || tbs.tag !== 0x30) return undefined;
  const fields = readChildren(tbs.content);
  if (!fields) return undefined;
  // tbsCertificate: [0] version (optional), serial, signature, issuer, validity, subject, spki.
  const start = fields[0]?.tag === 0xa0 ? 1 : 0;
  const spki = fields[start + 5];
  if (!spki || spki.tag !== 0x30) return undefined;
  return encodeDer(0x30, spki.content);
}

/** Wraps a PKCS#1 RSAPublicKey in a SubjectPublicKeyInfo. */
export function spkiFromPkcs1(rsaPublicKey: Uint8Array): Uint8Array | undefined {
  const outer = readDer(rsaPublicKey);
  const parts = outer && outer.tag === 0x30 ? readChildren(outer.content) : undefined;
  if (!parts || parts.length !== 2 || parts.some((p) => p.tag !== 0x02)) return undefined;
  const alg = encodeDer(0x30, encodeOid(OID.rsaEncryption), NULL);
  return encodeDer(0x30, alg, encodeDer(0x03, Uint8Array.of(0), rsaPublicKey.subarray(0, outer!.end)));
}

/** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo. */
export function pkcs8FromPkcs1(rsaPrivateKey: Uint8Array): Uint8Array | undefined {
  const outer = readDer(rsaPrivateKey);
  const parts = outer && outer.tag === 0x30 ? readChildren(outer.content) : undefined;
  if (!parts || parts.length < 9 || parts.some((p) => p.tag !== 0x02)) return undefined;
  const alg = encodeDer(0x30, encodeOid(OID.rsaEncryption), NULL);
  return encodeDer(0x30, Uint8Array.of(2, 1, 0), alg, encodeDer(0x04, rsaPrivateKey.subarray(0, outer!.end)));
}

/** Wraps a SEC 1 ECPrivateKey (RFC 5915) in a PKCS#8 PrivateKeyInfo; the curve comes from its parameters. */
export function pkcs8FromSec1(ecPrivateKey: Uint8Array): { der: Uint8Array; curveOid: string } | undefined {
  const outer = readDer(ecPrivateKey);
  const parts = outer && outer.tag === 0x30 ? readChildren(outer.content) : undefined;
  if (!parts || parts.length < 2 || parts[0]!.tag !== 0x02 || parts[1]!.tag !== 0x04) return undefined;
  const params = parts.find((p) => p.tag === 0xa0);
  const curve = params ? readDer(params.content) : undefined;
  if (!curve || curve.tag !== 0x06) return undefined;
  const curveOid = decodeOid(curve.content);
  // PKCS#8 carries the curve in the AlgorithmIdentifier; the inner key drops its [0] parameters.
  const inner = encodeDer(0x30, ...parts.filter((p) => p.tag !== 0xa0).map((p) => encodeDer(p.tag, p.content)));
  const alg = encodeDer(0x30, encodeOid(OID.ecPublicKey), encodeOid(curveOid));
  return { der: encodeDer(0x30, Uint8Array.of(2, 1, 0), alg, encodeDer(0x04, inner)), curveOid };
}
