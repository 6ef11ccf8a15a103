/** Claims that identify a token's subject, in order of preference. */
export const IDENTIFYING_CLAIMS = [
  'sub',
  'email',
  'preferred_username',
  'upn',
  'username',
  'name',
  'client_id',
  'azp',
  'jti',
] as const;

/** The claim that best identifies whom or what a token is about, if any. */
export function identifyingClaim(payload: unknown): { name: string; value: string } | undefined {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined;
  const record = payload as Record<string, unknown>;
  for (const name of IDENTIFYING_CLAIMS) {
    if (!Object.prototype.hasOwnProperty.call(record, name)) continue;
    const v = record[name];
    if (typeof v === 'string' && v !== '') return { name, value: v };
    if (typeof v === 'number') return { name, value: String(v) };
  }
  return undefined;
}
