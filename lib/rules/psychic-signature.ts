import { defineRule } from './define-rule.ts';
import { algOf } from './context.ts';

interface Curve {
  name: string;
  /** Bytes of r (and of s) in the raw JWS encoding. */
  size: number;
  order: bigint;
}

const CURVES: Record<string, Curve> = {
  ES256: { name: 'P-256', size: 32, order: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n },
  ES384: {
    name: 'P-384',
    size: 48,
    order: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  },
  ES512: {
    name: 'P-521',
    size: 66,
    order:
      0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
  },
  ES256K: { name: 'secp256k1', size: 32, order: 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n },
};

function toBigInt(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

/** True when the bytes are a DER SEQUENCE of two INTEGERs, as ASN.1 ECDSA signatures are. */
function looksLikeDer(sig: Uint8Array): boolean {
  if (sig.length < 8 || sig[0] !== 0x30) return false;
  let i = 1;
  let len = sig[i++]!;
  if (len === 0x81) len = sig[i++]!;
  else if (len > 0x80) return false;
  if (i + len !== sig.length || sig[i] !== 0x02) return false;
  const rLen = sig[i + 1]!;
  const sAt = i + 2 + rLen;
  return sig[sAt] === 0x02 && sAt + 2 + sig[sAt + 1]! === sig.length;
}

/** An ECDSA signature that is out of range (r or s zero or ≥ n), the wrong length, or DER-encoded. */
export const psychicSignature = defineRule({
  id: 'psychic-signature',
  severity: 'critical',
  scope: 'token',
  title: 'Malformed ECDSA signature (psychic signature)',
  explanation:
    'A valid ECDSA signature has 0 < r, s < n, encoded as the fixed-length concatenation r||s. A signature with r or s zero is the "psychic signature" that vulnerable Java versions (15–18) accepted for any message and key. Wrong lengths and DER encodings show a verifier or signer that does not follow RFC 7518. Patch the runtime and reject such signatures before verification.',
  reference: 'CVE-2022-21449; RFC 7518 §3.4; RFC 8725 §3.4',
  check(ctx) {
    const alg = algOf(ctx);
    const curve = alg !== undefined ? CURVES[alg] : undefined;
    const sig = ctx.signature;
    if (ctx.decoded.kind !== 'jws' || !curve || !sig || sig.length === 0) return [];
    const accepted = ctx.verification.status === 'verified' ? ' and a stored key accepted it' : '';
    if (sig.length !== curve.size * 2) {
      if (looksLikeDer(sig))
        return [
          {
            severity: 'high',
            message: `The ${alg} signature is DER-encoded (${sig.length} bytes) instead of the raw ${curve.size * 2}-byte r||s that RFC 7518 §3.4 requires${accepted}.`,
          },
        ];
      return [
        {
          severity: 'high',
          message: `The ${alg} signature is ${sig.length} bytes; a ${curve.name} signature is exactly ${curve.size * 2} bytes (r||s)${accepted}.`,
        },
      ];
    }
    const r = toBigInt(sig.subarray(0, curve.size));
    const s = toBigInt(sig.subarray(curve.size));
    const bad: string[] = [];
    const judge = (name: string, v: bigint): void => {
      if (v === 0n) bad.push(`${name} = 0`);
      else if (v >= curve.order) bad.push(`${name} ≥ the ${curve.name} group order n`);
    };
    judge('r', r);
    judge('s', s);
    if (bad.length === 0) return [];
    return [
      {
        message: `The ${alg} signature has ${bad.join(' and ')}${accepted}: a psychic signature that vulnerable ECDSA verifiers accept for any message (CVE-2022-21449).`,
      },
    ];
  },
});
