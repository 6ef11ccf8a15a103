import type { JWK } from 'jose';
import { encodeBase64Url } from '../base64url.ts';
import type { ErrorCode, ErrorInfo } from '../types.ts';
import { decodeBase64Std } from './pem.ts';

/** An OpenSSH public key read into a public JWK (framing only: the key itself is imported by jose). */
export type SshKeyResult =
  | {
      ok: true;
      /** The key type named by the wire format, e.g. "ssh-ed25519". */
      sshType: string;
      jwk: JWK;
      comment?: string;
    }
  | { ok: false; error: ErrorInfo };

const CURVES: Record<string, { crv: string; bytes: number }> = {
  nistp256: { crv: 'P-256', bytes: 32 },
  nistp384: { crv: 'P-384', bytes: 48 },
  nistp521: { crv: 'P-521', bytes: 66 },
};

const SUPPORTED = ['ssh-rsa', 'ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521'];
const TYPE_WORD = /^(?:ssh-[a-z0-9-]+|ecdsa-sha2-[a-z0-9-]+|sk-[a-z0-9@.-]+|[a-z0-9-]+-cert-v0[01]@openssh\.com)$/i;
const RFC4716_BEGIN = '---- BEGIN SSH2 PUBLIC KEY ----';
const RFC4716_END = '---- END SSH2 PUBLIC KEY ----';

function fail(code: ErrorCode, message: string): { ok: false; error: ErrorInfo } {
  return { ok: false, error: { code, message } };
}

/** True when text looks like an OpenSSH public key: a `type base64 [comment]` line or RFC 4716 armour. */
export function looksLikeSsh(text: string): boolean {
  const t = text.trim();
  if (t.startsWith(RFC4716_BEGIN)) return true;
  // Every key blob starts with the 4-byte length of a short type name: base64 "AAAA".
  const first = /^(\S+)\s+AAAA[A-Za-z0-9+/]/.exec(t);
  return first !== null && TYPE_WORD.test(first[1]!);
}

// The SSH wire format (RFC 4251 §5): uint32 length-prefixed strings and mpints.
class WireReader {
  private offset = 0;
  constructor(private readonly bytes: Uint8Array) {}
  get done(): boolean {
    return this.offset === this.bytes.length;
  }
  get remaining(): number {
    return this.bytes.length - this.offset;
  }
  string(): Uint8Array | undefined {
    if (this.remaining < 4) return undefined;
    const b = this.bytes;
    const o = this.offset;
    const len = ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
    if (len > this.remaining - 4) return undefined;
    this.offset += 4 + len;
    return b.subarray(o + 4, o + 4 + len);
  }
}

const latin1 = (bytes: Uint8Array): string => String.fromCharCode(...bytes);

// An mpint as the unsigned big-endian bytes a JWK holds (no leading zero), or why it is not one.
function unsignedMpint(bytes: Uint8Array, what: string): { bytes: Uint8Array } | { error: ErrorInfo } {
  if (bytes.length === 0) return { error: { code: 'ssh-structure', message: `ssh-rsa ${what} is zero` } };
  if (bytes[0]! & 0x80) return { error: { code: 'ssh-structure', message: `ssh-rsa ${what} is negative` } };
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  return { bytes: bytes.subarray(i) };
}

/** Reads the wire-format blob of an OpenSSH public key (the base64 part) into a public JWK. */
export function sshBlobToJwk(blob: Uint8Array, declaredType?: string): SshKeyResult {
  const r = new WireReader(blob);
  const truncated = (what: string) =>
    fail('ssh-truncated', `the OpenSSH key data ends before its ${what} (${blob.length} bytes)`);
  const typeBytes = r.string();
  if (!typeBytes) return truncated('key type');
  const sshType = latin1(typeBytes);
  if (declaredType !== undefined && declaredType !== sshType)
    return fail(
      'ssh-type-mismatch',
      `the line says ${JSON.stringify(declaredType)} but the key data is ${JSON.stringify(sshType)}`,
    );
  if (!SUPPORTED.includes(sshType))
    return fail(
      'ssh-unsupported',
      /-cert-v0[01]@openssh\.com$/.test(sshType)
        ? `OpenSSH certificates (${sshType}) are not supported; paste the plain public key`
        : `OpenSSH key type ${JSON.stringify(sshType)} is not supported (supported: ${SUPPORTED.join(', ')})`,
    );
  let jwk: JWK;
  if (sshType === 'ssh-rsa') {
    const e = r.string();
    if (!e) return truncated('RSA exponent');
    const n = r.string();
    if (!n) return truncated('RSA modulus');
    const ue = unsignedMpint(e, 'exponent');
    if ('error' in ue) return { ok: false, error: ue.error };
    const un = unsignedMpint(n, 'modulus');
    if ('error' in un) return { ok: false, error: un.error };
    jwk = { kty: 'RSA', n: encodeBase64Url(un.bytes), e: encodeBase64Url(ue.bytes) };
  } else if (sshType === 'ssh-ed25519') {
    const pk = r.string();
    if (!pk) return truncated('Ed25519 key');
    if (pk.length !== 32) return fail('ssh-structure', `an ssh-ed25519 key is 32 bytes, this one is ${pk.length}`);
    jwk = { kty: 'OKP', crv: 'Ed25519', x: encodeBase64Url(pk) };
  } else {
    const curveName = r.string();
    if (!curveName) return truncated('curve name');
    const curve = latin1(curveName);
    const want = sshType.slice('ecdsa-sha2-'.length);
    if (curve !== want)
      return fail('ssh-type-mismatch', `${sshType} key data names the curve ${JSON.stringify(curve)}`);
    const { crv, bytes } = CURVES[curve]!;
    const q = r.string();
    if (!q) return truncated('EC point');
    if (q.length !== 1 + 2 * bytes || q[0] !== 0x04)
      return fail(
        'ssh-ec-point',
        `the ${curve} point must be uncompressed (0x04, then ${2 * bytes} bytes); it is ${q.length} bytes starting 0x${(q[0] ?? 0).toString(16).padStart(2, '0')}`,
      );
    jwk = {
      kty: 'EC',
      crv,
      x: encodeBase64Url(q.subarray(1, 1 + bytes)),
      y: encodeBase64Url(q.subarray(1 + bytes)),
    };
  }
  if (!r.done) return fail('ssh-trailing-data', `the ${sshType} key data has ${r.remaining} bytes after the key`);
  return { ok: true, sshType, jwk };
}

function parseRfc4716(text: string): SshKeyResult {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const end = lines.indexOf(RFC4716_END);
  if (end < 0) return fail('ssh-armour', `the RFC 4716 key has no "${RFC4716_END}" line`);
  if (lines.slice(end + 1).some((l) => l !== ''))
    return fail('ssh-armour', `there is text after "${RFC4716_END}"; paste one key per entry`);
  let comment: string | undefined;
  let body = '';
  let i = 1;
  // Headers ("Tag: value", continued by a final backslash) come before the base64 body.
  while (i < end && lines[i]!.includes(':')) {
    let header = lines[i]!;
    while (header.endsWith('\\') && i + 1 < end) header = header.slice(0, -1) + lines[++i]!;
    const colon = header.indexOf(':');
    if (header.slice(0, colon).trim().toLowerCase() === 'comment') {
      comment = header
        .slice(colon + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1');
    }
    i++;
  }
  for (; i < end; i++) body += lines[i];
  if (body === '') return fail('ssh-missing-key', 'the RFC 4716 key has no base64 body');
  const blob = decodeBase64Std(body);
  if (!blob) return fail('ssh-base64', 'the RFC 4716 key body is not valid base64');
  const out = sshBlobToJwk(blob);
  return out.ok && comment !== undefined ? { ...out, comment } : out;
}

/**
 * Reads an OpenSSH public key: one `type base64 [comment]` line (as in `id_ed25519.pub` or
 * `authorized_keys`, without options) or an RFC 4716 `---- BEGIN SSH2 PUBLIC KEY ----` block.
 * Supports ssh-rsa, ssh-ed25519 and ecdsa-sha2-nistp256/384/521. Never throws.
 */
export function parseSshPublicKey(text: string): SshKeyResult {
  const t = text.trim();
  if (t.startsWith(RFC4716_BEGIN)) return parseRfc4716(t);
  const lines = t.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  if (lines.length > 1)
    return fail('ssh-multiple-keys', `the text holds ${lines.length} lines; paste one OpenSSH key per entry`);
  const words = (lines[0] ?? '').trim().split(/\s+/);
  const [type, base64, ...rest] = words;
  if (!type || !TYPE_WORD.test(type))
    return fail(
      'ssh-structure',
      'an OpenSSH public key line starts with its type (ssh-rsa, ssh-ed25519, ecdsa-sha2-…)',
    );
  if (!base64) return fail('ssh-missing-key', `the ${type} line has no base64 key data after the type`);
  const blob = decodeBase64Std(base64);
  if (!blob) {
    const bad = /[^A-Za-z0-9+/=]/.exec(base64);
    return fail(
      'ssh-base64',
      bad
        ? `the ${type} key data has a non-base64 character ${JSON.stringify(bad[0])} at position ${bad.index + 1}`
        : `the ${type} key data is not valid base64 (${base64.length} characters: cut short?)`,
    );
  }
  const out = sshBlobToJwk(blob, type);
  const comment = rest.join(' ');
  return out.ok && comment !== '' ? { ...out, comment } : out;
}
