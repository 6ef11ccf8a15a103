// Test-side OpenSSH public key encoder (RFC 4251 §5, RFC 4253 §6.6, RFC 5656 §3.1, RFC 8709 §4),
// written from the RFCs independently of lib/keys/ssh.ts and checked against ssh-keygen output.
import type { KeyObject } from 'node:crypto';

/** An SSH wire-format string: uint32 length, then the bytes. */
export function sshString(bytes: Uint8Array | string): Buffer {
  const body = Buffer.from(bytes);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return Buffer.concat([len, body]);
}

/** An SSH mpint of an unsigned big-endian base64url number (a JWK member). */
export function sshMpint(b64u: string): Buffer {
  let b = Buffer.from(b64u, 'base64url');
  while (b.length > 1 && b[0] === 0 && !(b[1]! & 0x80)) b = b.subarray(1);
  if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return sshString(b);
}

const CURVES: Record<string, string> = { 'P-256': 'nistp256', 'P-384': 'nistp384', 'P-521': 'nistp521' };

/** The wire-format blob and type name of a public key. */
export function sshBlob(key: KeyObject): { type: string; blob: Buffer } {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.kty === 'RSA')
    return { type: 'ssh-rsa', blob: Buffer.concat([sshString('ssh-rsa'), sshMpint(jwk.e!), sshMpint(jwk.n!)]) };
  if (jwk.kty === 'OKP')
    return {
      type: 'ssh-ed25519',
      blob: Buffer.concat([sshString('ssh-ed25519'), sshString(Buffer.from(jwk.x!, 'base64url'))]),
    };
  const curve = CURVES[jwk.crv!]!;
  const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]);
  const type = `ecdsa-sha2-${curve}`;
  return { type, blob: Buffer.concat([sshString(type), sshString(curve), sshString(point)]) };
}

/** The `type base64 comment` line of a public key, as in an `id_*.pub` file. */
export function sshLine(key: KeyObject, comment = 'test@jwt-lens'): string {
  const { type, blob } = sshBlob(key);
  return `${type} ${blob.toString('base64')}${comment ? ` ${comment}` : ''}`;
}

/** The RFC 4716 form of a public key, with a Comment header continued over two lines. */
export function sshRfc4716(key: KeyObject, comment = 'a comment that is continued'): string {
  const b64 = sshBlob(key).blob.toString('base64');
  const lines = b64.match(/.{1,70}/g)!.join('\n');
  const half = Math.ceil(comment.length / 2);
  return `---- BEGIN SSH2 PUBLIC KEY ----\nComment: "${comment.slice(0, half)}\\\n${comment.slice(half)}"\n${lines}\n---- END SSH2 PUBLIC KEY ----\n`;
}
