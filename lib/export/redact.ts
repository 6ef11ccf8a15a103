/** Placeholder that replaces redacted material in reports. */
export const REDACTED = '<redacted>';

/**
 * The token with the parts that let anyone replay it removed: the signature of a JWS, the
 * authentication tag of a JWE (and the signatures of a JWS JSON serialisation). Header and
 * payload stay, so a report still shows what the token says.
 */
export function redactToken(token: string): string {
  const t = token.trim();
  if (t.startsWith('{')) {
    // JWS JSON serialisation: blank every "signature" member's value.
    return t.replace(/("signature"\s*:\s*)"[^"]*"/g, `$1"${REDACTED}"`);
  }
  const parts = t.split('.');
  if (parts.length === 3) return parts[2] === '' ? t : `${parts[0]}.${parts[1]}.${REDACTED}`;
  if (parts.length === 5) return `${parts.slice(0, 4).join('.')}.${REDACTED}`;
  return REDACTED;
}

/** Replaces every occurrence of each secret (and of each full token) in `text` with its redacted form. */
export function redactText(text: string, secrets: readonly string[], tokens: readonly string[] = []): string {
  let out = text;
  for (const token of tokens) if (token.length >= 8) out = out.split(token).join(redactToken(token));
  for (const secret of secrets) if (secret.length > 0) out = out.split(secret).join(REDACTED);
  return out;
}
