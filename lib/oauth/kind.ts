import { travelOf } from '../capture/legacy.ts';
import { lastMember } from '../capture/json-tokens.ts';
import type { SightingLike, SightingLocation } from '../types.ts';
import { isObject, own } from '../util/json-value.ts';
import { recogniseProvider, type ProviderInfo } from './provider.ts';

/** What an OAuth / OpenID Connect token is, as far as the token and its travels tell. */
export type TokenKind =
  'id' | 'access' | 'refresh' | 'dpop' | 'jarm' | 'logout' | 'client-assertion' | 'request-object' | 'other';

/** Every {@link TokenKind}, in the order the panel lists them. */
export const TOKEN_KINDS: readonly TokenKind[] = [
  'id',
  'access',
  'refresh',
  'dpop',
  'jarm',
  'logout',
  'client-assertion',
  'request-object',
  'other',
];

/** Short names of the kinds, for badges and exports. */
export const KIND_LABELS: Readonly<Record<TokenKind, string>> = {
  id: 'ID token',
  access: 'Access token',
  refresh: 'Refresh token',
  dpop: 'DPoP proof',
  jarm: 'JARM response',
  logout: 'Logout token',
  'client-assertion': 'Client assertion',
  'request-object': 'Request object',
  other: 'Other',
};

/** A token's kind, why it was classified so, its `typ` as sent and the provider its issuer belongs to. */
export interface TokenClassification {
  kind: TokenKind;
  /** Why, in a few words with the spec: "typ at+jwt (RFC 9068)", "sent in the DPoP header". */
  reason: string;
  /** The header's `typ` as sent, when it is a string. */
  typ?: string;
  provider?: ProviderInfo;
}

/** The part of a decoded token classification reads (a DecodedToken or an Inspection has it). */
export interface ClassifiableToken {
  header?: Record<string, unknown> | object;
  payload?: unknown;
}

/** The back-channel logout event (OpenID Connect Back-Channel Logout 1.0 §2.4). */
export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

const TYPES: Readonly<Record<string, { kind: TokenKind; reason: string }>> = {
  'at+jwt': { kind: 'access', reason: 'typ at+jwt (RFC 9068)' },
  'dpop+jwt': { kind: 'dpop', reason: 'typ dpop+jwt (RFC 9449)' },
  'logout+jwt': { kind: 'logout', reason: 'typ logout+jwt (OIDC Back-Channel Logout)' },
  'oauth-authz-req+jwt': { kind: 'request-object', reason: 'typ oauth-authz-req+jwt (RFC 9101)' },
};

// `typ` values that say "a JWT" and nothing about its kind.
const PLAIN_TYPES = new Set(['jwt', 'jose', 'jose+json', 'jws']);

// Keycloak's own `typ` claim in the payload.
const KEYCLOAK_TYPES: Readonly<Record<string, TokenKind>> = {
  id: 'id',
  bearer: 'access',
  refresh: 'refresh',
  offline: 'refresh',
  logout: 'logout',
};

interface Evidence {
  kind: TokenKind;
  reason: string;
  /** Lower wins. */
  rank: number;
}

/** The field a location names: a JSON member, form field, URL parameter or header (lower case). */
function fieldOf(location: SightingLocation): { field: string; where: string } | undefined {
  switch (location.kind) {
    case 'json-body':
      return { field: lastMember(location.jsonPath).toLowerCase(), where: 'json' };
    case 'form-body':
      return {
        field: (location.jsonPath ? lastMember(location.jsonPath) : location.name).toLowerCase(),
        where: 'form',
      };
    case 'query':
    case 'fragment':
      return { field: location.name.toLowerCase(), where: location.kind };
    case 'header':
      if (location.url) return { field: location.url.name.toLowerCase(), where: location.url.kind };
      return { field: location.name.toLowerCase(), where: 'header' };
    case 'storage':
      return {
        field: (location.jsonPath ? lastMember(location.jsonPath) : location.name).toLowerCase(),
        where: 'storage',
      };
    case 'text-body':
      return { field: location.name.toLowerCase(), where: 'text' };
    default:
      return undefined;
  }
}

function hasJarmClaims(claims: Record<string, unknown> | undefined): boolean {
  return (
    !!claims && own(claims, 'iss') !== undefined && own(claims, 'aud') !== undefined && own(claims, 'exp') !== undefined
  );
}

const URL_PART: Readonly<Record<string, string>> = {
  query: 'the query',
  fragment: 'the fragment',
  form: 'a form post',
};

/** What one sighting says about the kind (undefined: nothing). */
function travelEvidence(s: SightingLike, claims: Record<string, unknown> | undefined): Evidence | undefined {
  const { location, direction } = travelOf(s);
  if (!location) return undefined;
  if (location.kind === 'header' && !location.url) {
    const name = location.name.toLowerCase();
    if (name === 'dpop') return { kind: 'dpop', reason: 'sent in the DPoP header (RFC 9449 §4.1)', rank: 0 };
    const scheme = location.scheme?.toLowerCase();
    if ((name === 'authorization' || name === 'proxy-authorization') && (scheme === 'bearer' || scheme === 'dpop'))
      return { kind: 'access', reason: `sent as Authorization: ${location.scheme}`, rank: 20 };
    return undefined;
  }
  const f = fieldOf(location);
  if (!f) return undefined;
  const inUrl = f.where === 'query' || f.where === 'fragment' || f.where === 'form';
  const response = f.where === 'json' ? 'a token response' : f.where === 'storage' ? 'stored tokens' : 'a response';
  switch (f.field) {
    case 'client_assertion':
      return { kind: 'client-assertion', reason: 'client_assertion of a token request (RFC 7523 §2.2)', rank: 1 };
    case 'logout_token':
      return { kind: 'logout', reason: 'logout_token (OIDC Back-Channel Logout §2.5)', rank: 1 };
    case 'request':
      if (inUrl)
        return { kind: 'request-object', reason: 'request parameter of an authorization request (RFC 9101)', rank: 1 };
      return undefined;
    case 'response':
      if (inUrl && hasJarmClaims(claims))
        return {
          kind: 'jarm',
          reason: `response parameter in ${URL_PART[f.where]} with iss, aud and exp (JARM)`,
          rank: 1,
        };
      return undefined;
    case 'id_token':
      if (inUrl)
        return { kind: 'id', reason: `id_token in ${URL_PART[f.where]} of an authorization response`, rank: 2 };
      return { kind: 'id', reason: `id_token of ${response}`, rank: 2 };
    case 'id_token_hint':
      return { kind: 'id', reason: 'id_token_hint of a request (OIDC Core §3.1.2.1)', rank: 3 };
    case 'refresh_token':
      return {
        kind: 'refresh',
        reason: direction === 'request' ? 'refresh_token of a refresh grant' : `refresh_token of ${response}`,
        rank: 4,
      };
    case 'access_token':
      return { kind: 'access', reason: `access_token of ${inUrl ? 'an authorization response' : response}`, rank: 5 };
    default:
      return undefined;
  }
}

function hasAny(claims: Record<string, unknown>, names: readonly string[]): string | undefined {
  return names.find((n) => own(claims, n) !== undefined);
}

function isLogoutEvents(events: unknown): boolean {
  return isObject(events) && own(events, BACKCHANNEL_LOGOUT_EVENT) !== undefined;
}

function classified(
  kind: TokenKind,
  reason: string,
  typ: string | undefined,
  provider: ProviderInfo | undefined,
): TokenClassification {
  const c: TokenClassification = { kind, reason };
  if (typ !== undefined) c.typ = typ;
  if (provider) c.provider = provider;
  return c;
}

// Sightings read per token at most: the kind never needs more, and a token seen 10,000 times stays cheap.
const MAX_SIGHTINGS_READ = 200;

/**
 * Classifies a token as an OAuth / OpenID Connect kind from its `typ`, its claims and where it
 * travelled (the strongest evidence wins: an explicit `typ`, then the field or header that carried
 * it, then its claims), with the reason and the provider its `iss` shape names. Never throws.
 */
export function classifyToken(
  decoded: ClassifiableToken,
  sightings: readonly SightingLike[] = [],
): TokenClassification {
  const header = isObject(decoded?.header) ? decoded.header : undefined;
  const claims = isObject(decoded?.payload) ? decoded.payload : undefined;
  const typValue = own(header, 'typ');
  const typ = typeof typValue === 'string' ? typValue : undefined;
  const provider = recogniseProvider(own(claims, 'iss'));

  if (typ !== undefined) {
    const t = typ.toLowerCase().replace(/^application\//, '');
    const known = TYPES[t];
    if (known) return classified(known.kind, known.reason, typ, provider);
    if (!PLAIN_TYPES.has(t) && t !== '') return classified('other', `typ ${typ}`, typ, provider);
  }
  if (claims) {
    if (isLogoutEvents(own(claims, 'events')))
      return classified('logout', 'events claim holds the back-channel logout event', typ, provider);
    if (own(claims, 'htm') !== undefined && own(claims, 'htu') !== undefined && own(claims, 'jti') !== undefined)
      return classified('dpop', 'htm, htu and jti claims (RFC 9449 §4.2)', typ, provider);
    const kc = own(claims, 'typ');
    if (provider?.id === 'keycloak' && typeof kc === 'string') {
      const kind = KEYCLOAK_TYPES[kc.toLowerCase()];
      if (kind) return classified(kind, `Keycloak typ claim "${kc}"`, typ, provider);
    }
  }
  let best: Evidence | undefined;
  const n = Math.min(Array.isArray(sightings) ? sightings.length : 0, MAX_SIGHTINGS_READ);
  for (let i = 0; i < n; i++) {
    const s = sightings[i];
    if (!s || typeof s !== 'object') continue;
    const e = travelEvidence(s, claims);
    if (e && (!best || e.rank < best.rank)) best = e;
  }
  // Where it travelled names the kind, except that a bearer credential with ID token claims is an ID token
  // sent where an access token belongs (a finding, not an access token).
  if (best && best.rank < 20) return classified(best.kind, best.reason, typ, provider);
  if (claims) {
    const idClaim = hasAny(claims, ['nonce', 'at_hash', 'c_hash', 's_hash']);
    if (idClaim) return classified('id', `${idClaim} claim (OIDC Core §2)`, typ, provider);
  }
  if (best) return classified(best.kind, best.reason, typ, provider);
  if (claims) {
    const atClaim = hasAny(claims, ['scope', 'scp', 'client_id', 'cnf']);
    if (atClaim) return classified('access', `${atClaim} claim (RFC 9068 §2.2)`, typ, provider);
    if (own(claims, 'auth_time') !== undefined && own(claims, 'aud') !== undefined && own(claims, 'sub') !== undefined)
      return classified('id', 'auth_time, sub and aud without scope (OIDC Core §2)', typ, provider);
  }
  return classified(
    'other',
    'no typ, claim or place it travelled marks it as an OAuth or OpenID Connect token',
    typ,
    provider,
  );
}
