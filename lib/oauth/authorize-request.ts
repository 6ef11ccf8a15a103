/** An OAuth 2.0 / OpenID Connect authorize request, read from its URL (RFC 6749 §4.1.1, OIDC Core §3.1.2.1). */
export interface AuthorizeRequest {
  /** The request URL, cut at {@link MAX_AUTHORIZE_URL} characters. */
  url: string;
  /** Scheme, host and port of the authorization endpoint. */
  origin: string;
  clientId: string;
  responseType: string;
  nonce?: string;
  state?: string;
  responseMode?: string;
  redirectUri?: string;
  scope?: string;
  /** A pushed authorization request's handle (RFC 9126): its nonce is in the pushed body, not here. */
  requestUri?: string;
}

/** Longest authorize URL kept (longer ones are cut: a nonce beyond it is not read). */
export const MAX_AUTHORIZE_URL = 4096;
// Parameter values longer than this are not a client id or nonce a login sends.
const MAX_VALUE = 1024;

function param(p: URLSearchParams, name: string): string | undefined {
  const v = p.get(name);
  return v !== null && v !== '' && v.length <= MAX_VALUE ? v : undefined;
}

/**
 * The authorize request a URL is, when its query has `client_id` and `response_type` (or a PAR
 * `request_uri`) on an http(s) URL; undefined for anything else, never throws.
 */
export function authorizeRequestOf(url: unknown): AuthorizeRequest | undefined {
  if (typeof url !== 'string' || !/[?&]client_id=/.test(url)) return undefined;
  const kept = url.length > MAX_AUTHORIZE_URL ? url.slice(0, MAX_AUTHORIZE_URL) : url;
  let u: URL;
  try {
    u = new URL(kept);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
  const p = u.searchParams;
  const clientId = param(p, 'client_id');
  const requestUri = param(p, 'request_uri');
  // With PAR the response type is in the pushed request; the front channel may carry only the handle.
  const responseType = param(p, 'response_type') ?? (requestUri !== undefined ? '' : undefined);
  if (clientId === undefined || responseType === undefined) return undefined;
  const out: AuthorizeRequest = { url: kept, origin: u.origin, clientId, responseType };
  for (const [key, name] of [
    ['nonce', 'nonce'],
    ['state', 'state'],
    ['responseMode', 'response_mode'],
    ['redirectUri', 'redirect_uri'],
    ['scope', 'scope'],
    ['requestUri', 'request_uri'],
  ] as const) {
    const v = param(p, name);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/** Authorize requests kept per panel (the newest). */
export const MAX_AUTHORIZE_REQUESTS = 100;

/** `list` with `request` added last (a repeat of the same URL moves to the end), at most {@link MAX_AUTHORIZE_REQUESTS}. */
export function addAuthorizeRequest(
  list: readonly AuthorizeRequest[],
  request: AuthorizeRequest,
): readonly AuthorizeRequest[] {
  const out = list.filter((r) => r.url !== request.url);
  out.push(request);
  return out.length > MAX_AUTHORIZE_REQUESTS ? out.slice(-MAX_AUTHORIZE_REQUESTS) : out;
}
