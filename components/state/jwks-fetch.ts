import { parseJson } from '../../lib/json-text.ts';
import { invisibleUrlRefusal } from '../../lib/text/visible-text.ts';
import type { FetchText } from '../host.ts';

/** Key material fetched from the network, ready to be stored. */
export interface FetchedKeys {
  url: string;
  material: string;
  format: 'jwks' | 'pem';
}

function object(text: string, what: string): Record<string, unknown> {
  const parsed = parseJson(text.trim(), what);
  if (!parsed.ok) throw new Error(`${what} is not JSON: ${parsed.error.message}`);
  const v = parsed.value;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${what} is not a JSON object`);
  return v as Record<string, unknown>;
}

function httpUrl(url: string, what: string): string {
  const refusal = invisibleUrlRefusal(url, what);
  if (refusal) throw new Error(refusal);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`${what} is not a URL: ${JSON.stringify(url.slice(0, 200))}`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error(`${what} must be http(s), not ${u.protocol}`);
  return u.href;
}

async function get(fetchText: FetchText, url: string, what: string): Promise<string> {
  const answer = await fetchText(url);
  if (answer.status < 200 || answer.status >= 300) throw new Error(`${what}: ${url} answered HTTP ${answer.status}`);
  return answer.text;
}

/** Fetches a JWK Set from a URL and checks it has a "keys" array. */
export async function fetchJwks(fetchText: FetchText, url: string): Promise<FetchedKeys> {
  const href = httpUrl(url.trim(), 'The JWKS URL');
  const text = await get(fetchText, href, 'JWKS');
  const jwks = object(text, 'The JWKS');
  if (!Array.isArray(jwks.keys)) throw new Error('The JWKS has no "keys" array');
  return { url: href, material: text.trim(), format: 'jwks' };
}

/** The OpenID discovery URL of an issuer: `<iss>/.well-known/openid-configuration`. */
export function discoveryUrl(issuer: string): string {
  return `${httpUrl(issuer.trim(), 'The issuer').replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

/** OIDC discovery: the issuer's configuration document, then its `jwks_uri`. */
export async function discoverJwks(fetchText: FetchText, issuer: string): Promise<FetchedKeys> {
  const doc = object(await get(fetchText, discoveryUrl(issuer), 'OpenID configuration'), 'The OpenID configuration');
  if (typeof doc.jwks_uri !== 'string') throw new Error('The OpenID configuration has no "jwks_uri"');
  return fetchJwks(fetchText, doc.jwks_uri);
}

/** Fetches what a token's `jku` (a JWKS) or `x5u` (PEM certificates) points at. */
export async function fetchTokenKeyUrl(fetchText: FetchText, param: 'jku' | 'x5u', url: string): Promise<FetchedKeys> {
  if (param === 'jku') return fetchJwks(fetchText, url);
  const href = httpUrl(url, 'x5u');
  const text = await get(fetchText, href, 'x5u');
  if (!/-----BEGIN CERTIFICATE-----/.test(text)) throw new Error('x5u did not answer a PEM certificate');
  return { url: href, material: text.trim(), format: 'pem' };
}
