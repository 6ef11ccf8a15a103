import { travelOf } from '../capture/legacy.ts';
import type { SightingLike, TokenPeers } from '../types.ts';
import { isObject, own } from '../util/json-value.ts';
import type { AuthorizeRequest } from './authorize-request.ts';
import { athOfSync, hashOfAlg, leftHalfHashSync, type ShaName } from './hashes.ts';
import { classifyToken, type ClassifiableToken, type TokenClassification, type TokenKind } from './kind.ts';

/**
 * How one token relates to another, read from `from`'s side: `replaces` (from is the newer token of a
 * refresh chain) / `replaced-by`, `dpop-proof-for` (from is a DPoP proof of the access token `to`) /
 * `proved-by`, `bound-access-token` (from is an ID token bound to the access token `to`) /
 * `bound-id-token` (the ID token `to` is bound to from: an access token, a JARM response or an
 * authorize request's token), `authorize-request` (from is an ID token whose nonce `to` carried),
 * `authorization-response` (from is an ID token whose c_hash binds the code of the JARM response `to`),
 * `issued-with` (issued in the same token response).
 */
export type RelationKind =
  | 'replaces'
  | 'replaced-by'
  | 'dpop-proof-for'
  | 'proved-by'
  | 'bound-id-token'
  | 'bound-access-token'
  | 'authorize-request'
  | 'authorization-response'
  | 'issued-with';

/** One link between two captured tokens, with the evidence. */
export interface Relation {
  /** The token this relation is read from. */
  from: string;
  /** The linked token. */
  to: string;
  relation: RelationKind;
  /** The evidence, in a few words: "ath is the SHA-256 of this access token (RFC 9449 §4.2)". */
  reason: string;
}

/** A token as {@link relateTokens} reads it: its text, its decoded header and payload, its sightings. */
export interface RelatableToken {
  token: string;
  decoded: ClassifiableToken;
  sightings: readonly SightingLike[];
  /** Its classification, when already known (else it is classified here). */
  classification?: TokenClassification;
}

/** What {@link linkTokens} reads besides the tokens. */
export interface LinkOptions {
  /**
   * URLs of requests seen without a token in them (e.g. the authorize navigation): their `nonce` and
   * `client_id` parameters count as authorize requests for the ID token checks.
   */
  urls?: readonly string[];
  /**
   * Authorize requests seen (see `authorizeRequestOf`): an ID token whose `nonce` one carried, with
   * its `client_id` among the ID token's `aud`, is linked to it ({@link CaptureLinks.authorizeRequests}).
   */
  authorizeRequests?: readonly AuthorizeRequest[];
}

/** Relations and peers of a whole capture, computed once. */
export interface CaptureLinks {
  relations: Relation[];
  /** Relations read from each token (`from`), in the order found. */
  byToken: Map<string, Relation[]>;
  peers: Map<string, TokenPeers>;
  kinds: Map<string, TokenClassification>;
  /** For each ID token: the authorize requests (no token of their own) whose nonce and client it answers. */
  authorizeRequests: Map<string, AuthorizeRequest[]>;
}

interface Item {
  token: string;
  cls: TokenClassification;
  kind: TokenKind;
  header?: Record<string, unknown>;
  claims?: Record<string, unknown>;
  sightings: readonly SightingLike[];
  /** Epoch ms of the first sighting kept. */
  first: number;
}

// Bounds that keep a hostile capture cheap: sightings read per token, tokens paired per request.
const MAX_SIGHTINGS = 500;
const MAX_EVENT = 16;
const MAX_CLIENT_IDS = 64;
const MAX_URLS = 10_000;
// A refresh token sent this long before a token response to the same endpoint is the grant that issued it.
const GRANT_WINDOW_MS = 30_000;

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function clientOf(claims: Record<string, unknown> | undefined): string | undefined {
  const aud = own(claims, 'aud');
  return (
    str(own(claims, 'client_id')) ??
    str(own(claims, 'azp')) ??
    str(aud) ??
    (Array.isArray(aud) ? aud.filter((a) => typeof a === 'string').join(' ') : undefined)
  );
}

function audKey(claims: Record<string, unknown> | undefined): string {
  const aud = own(claims, 'aud');
  if (typeof aud === 'string') return aud;
  return Array.isArray(aud)
    ? [...aud]
        .filter((a) => typeof a === 'string')
        .sort()
        .join(' ')
    : '';
}

function urlBase(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const cut = url.search(/[?#]/);
  return cut >= 0 ? url.slice(0, cut) : url;
}

/** The key of the one HTTP exchange a sighting belongs to (a request id, or a body read at one instant). */
function exchangeOf(s: SightingLike & { requestId?: string }): string | undefined {
  if (typeof s.requestId === 'string' && s.requestId !== '') return `r:${s.requestId}`;
  if (s.direction === 'response' && s.url !== undefined) return `b:${s.url}\u0000${s.time}`;
  return undefined;
}

/** URL parameters of the query and fragment (fragment last), or undefined when the URL does not parse. */
function paramsOf(url: string): URLSearchParams[] | undefined {
  try {
    const u = new URL(url);
    const out = [u.searchParams];
    if (u.hash.length > 1) out.push(new URLSearchParams(u.hash.slice(1)));
    return out;
  } catch {
    return undefined;
  }
}

function isAuthHeader(s: SightingLike, scheme?: string): boolean {
  const loc = travelOf(s).location;
  if (loc?.kind !== 'header' || loc.url) return false;
  const name = loc.name.toLowerCase();
  if (name !== 'authorization') return false;
  const sc = loc.scheme?.toLowerCase();
  return scheme ? sc === scheme : sc === 'bearer' || sc === 'dpop';
}

function isDpopHeader(s: SightingLike): boolean {
  const loc = travelOf(s).location;
  return loc?.kind === 'header' && !loc.url && loc.name.toLowerCase() === 'dpop';
}

class Links {
  relations: Relation[] = [];
  private seen = new Map<string, Relation>();
  peers = new Map<string, TokenPeers>();
  // Small numbers stand for the tokens in relation keys: keys of two whole tokens cost more than the linking.
  private ids = new Map<string, number>();

  private idOf(token: string): number {
    let id = this.ids.get(token);
    if (id === undefined) this.ids.set(token, (id = this.ids.size));
    return id;
  }

  add(from: string, to: string, relation: RelationKind, reason: string): void {
    if (from === to) return;
    const key = `${relation} ${this.idOf(from)} ${this.idOf(to)}`;
    const hit = this.seen.get(key);
    if (hit) {
      if (!hit.reason.includes(reason)) hit.reason = `${hit.reason}; ${reason}`;
      return;
    }
    const r: Relation = { from, to, relation, reason };
    this.seen.set(key, r);
    this.relations.push(r);
  }

  pair(a: string, ab: RelationKind, b: string, ba: RelationKind, reason: string): void {
    this.add(a, b, ab, reason);
    this.add(b, a, ba, reason);
  }

  peersOf(token: string): TokenPeers {
    let p = this.peers.get(token);
    if (!p) this.peers.set(token, (p = {}));
    return p;
  }

  peer(token: string, field: Exclude<keyof TokenPeers, 'nonces'>, value: string): void {
    const p = this.peersOf(token);
    const list = (p[field] ??= []);
    if (!list.includes(value)) list.push(value);
  }
}

function itemOf(t: RelatableToken): Item | undefined {
  if (!t || typeof t.token !== 'string') return undefined;
  const sightings = Array.isArray(t.sightings) ? t.sightings.slice(0, MAX_SIGHTINGS) : [];
  const cls = t.classification ?? classifyToken(t.decoded ?? {}, sightings);
  let first = Infinity;
  for (const s of sightings) if (typeof s?.time === 'number' && s.time < first) first = s.time;
  const item: Item = { token: t.token, cls, kind: cls.kind, sightings, first };
  if (isObject(t.decoded?.header)) item.header = t.decoded.header;
  if (isObject(t.decoded?.payload)) item.claims = t.decoded.payload;
  return item;
}

function iatOf(item: Item): number {
  const iat = own(item.claims, 'iat');
  return typeof iat === 'number' && Number.isFinite(iat) ? iat : item.first / 1000;
}

/** Pairs tokens that travelled in the same HTTP exchange. */
function linkExchanges(items: readonly Item[], links: Links): void {
  const byExchange = new Map<string, { item: Item; s: SightingLike }[]>();
  for (const item of items) {
    if (item.kind === 'other') continue;
    for (const s of item.sightings) {
      const key = exchangeOf(s as SightingLike & { requestId?: string });
      if (key === undefined) continue;
      let group = byExchange.get(key);
      if (!group) byExchange.set(key, (group = []));
      if (group.length < MAX_EVENT && !group.some((g) => g.item === item)) group.push({ item, s });
    }
  }
  for (const group of byExchange.values()) {
    if (group.length < 2) continue;
    for (const a of group) {
      for (const b of group) {
        if (a.item === b.item) continue;
        if (a.item.kind === 'dpop' && isDpopHeader(a.s) && isAuthHeader(b.s)) {
          links.pair(a.item.token, 'dpop-proof-for', b.item.token, 'proved-by', 'sent together in one request');
          links.peer(a.item.token, 'accessTokens', b.item.token);
        } else if (a.s.direction === 'response' && b.s.direction === 'response' && a.item.token < b.item.token) {
          const [x, y] = [a.item, b.item];
          if (x.kind === 'id' && y.kind === 'access') {
            links.pair(x.token, 'bound-access-token', y.token, 'bound-id-token', 'issued in the same response');
            links.peer(x.token, 'issuedAccessTokens', y.token);
          } else if (y.kind === 'id' && x.kind === 'access') {
            links.pair(y.token, 'bound-access-token', x.token, 'bound-id-token', 'issued in the same response');
            links.peer(y.token, 'issuedAccessTokens', x.token);
          } else if (
            x.kind !== y.kind &&
            (['id', 'access', 'refresh'] as TokenKind[]).includes(x.kind) &&
            (['id', 'access', 'refresh'] as TokenKind[]).includes(y.kind)
          )
            links.pair(x.token, 'issued-with', y.token, 'issued-with', 'issued in the same response');
        }
      }
    }
  }
}

/** DPoP proofs to the access tokens whose SHA-256 their `ath` holds. */
function linkAth(items: readonly Item[], links: Links): void {
  const proofs = items.filter((i) => i.kind === 'dpop' && str(own(i.claims, 'ath')) !== undefined);
  if (!proofs.length) return;
  const byAth = new Map<string, Item>();
  for (const i of items) if (i.kind === 'access') byAth.set(athOfSync(i.token), i);
  for (const p of proofs) {
    const at = byAth.get(own(p.claims, 'ath') as string);
    if (!at) continue;
    links.pair(
      p.token,
      'dpop-proof-for',
      at.token,
      'proved-by',
      'ath is the SHA-256 of the access token (RFC 9449 §4.2)',
    );
    links.peer(p.token, 'accessTokens', at.token);
  }
}

/** ID tokens to the access tokens (`at_hash`) and JARM codes (`c_hash`) they bind. */
function linkHashes(items: readonly Item[], links: Links): void {
  const ids = items.filter((i) => i.kind === 'id' && hashOfAlg(own(i.header, 'alg')) !== undefined);
  if (!ids.length) return;
  const indexes = new Map<string, Map<string, Item>>();
  const indexFor = (name: ShaName, alg: unknown, kind: 'access' | 'jarm'): Map<string, Item> => {
    const key = `${kind} ${name}`;
    let index = indexes.get(key);
    if (!index) {
      index = new Map();
      for (const i of items) {
        if (i.kind !== kind) continue;
        const value = kind === 'access' ? i.token : str(own(i.claims, 'code'));
        const h = value !== undefined ? leftHalfHashSync(alg, value) : undefined;
        if (h !== undefined) index.set(h, i);
      }
      indexes.set(key, index);
    }
    return index;
  };
  for (const id of ids) {
    const alg = own(id.header, 'alg');
    const name = hashOfAlg(alg)!;
    const atHash = str(own(id.claims, 'at_hash'));
    if (atHash !== undefined) {
      const at = indexFor(name, alg, 'access').get(atHash);
      if (at) {
        links.pair(id.token, 'bound-access-token', at.token, 'bound-id-token', 'at_hash matches (OIDC Core §3.1.3.6)');
        links.peer(id.token, 'issuedAccessTokens', at.token);
      }
    }
    const cHash = str(own(id.claims, 'c_hash'));
    if (cHash !== undefined) {
      const jarm = indexFor(name, alg, 'jarm').get(cHash);
      if (jarm) {
        links.pair(
          id.token,
          'authorization-response',
          jarm.token,
          'bound-id-token',
          'c_hash matches the code of the JARM response (OIDC Core §3.3.2.11)',
        );
        links.peer(id.token, 'codes', own(jarm.claims, 'code') as string);
      }
    }
    // The code of the redirect that carried the ID token (hybrid flow: code and id_token in one response).
    for (const s of id.sightings) {
      if (s.url === undefined || !/[?#&]code=/.test(s.url)) continue;
      for (const p of paramsOf(s.url) ?? []) {
        const code = p.get('code');
        if (code) links.peer(id.token, 'codes', code);
      }
    }
  }
}

/** ID tokens to the authorize requests (their nonce) and the client ids seen. */
function linkNonces(
  items: readonly Item[],
  links: Links,
  urls: readonly string[],
  requests: readonly AuthorizeRequest[],
  answered: Map<string, AuthorizeRequest[]>,
): void {
  const clientIds = new Set<string>();
  // nonce → client id ('' when unknown) and the token that carried the request, if any.
  const nonces = new Map<string, { client: string; carrier?: Item; requests?: AuthorizeRequest[] }>();
  const perClient = new Map<string, number>();
  const addNonce = (n: string, client: string, carrier: Item) => {
    if (nonces.has(n)) return;
    nonces.set(n, { client, carrier });
    perClient.set(client, (perClient.get(client) ?? 0) + 1);
  };
  const addClient = (c: unknown) => {
    if (typeof c === 'string' && c !== '' && clientIds.size < MAX_CLIENT_IDS) clientIds.add(c);
  };
  for (const i of items) {
    if (i.kind === 'access') addClient(own(i.claims, 'client_id'));
    if (i.kind === 'client-assertion') addClient(own(i.claims, 'sub'));
    if (i.kind === 'request-object') {
      addClient(own(i.claims, 'client_id'));
      const n = str(own(i.claims, 'nonce'));
      if (n !== undefined) addNonce(n, str(own(i.claims, 'client_id')) ?? '', i);
    }
    for (const s of i.sightings) {
      if (s.url === undefined || !/[?&#](?:nonce|client_id)=/.test(s.url)) continue;
      for (const p of paramsOf(s.url) ?? []) {
        const client = p.get('client_id') ?? '';
        addClient(client);
        const n = p.get('nonce');
        if (n) addNonce(n, client, i);
      }
    }
  }
  // Requests seen without a token (e.g. the authorize navigation): their nonce, with no token to link.
  for (const url of urls.slice(0, MAX_URLS)) {
    if (typeof url !== 'string' || !/[?&#](?:nonce|client_id)=/.test(url)) continue;
    for (const p of paramsOf(url) ?? []) {
      const client = p.get('client_id') ?? '';
      addClient(client);
      const n = p.get('nonce');
      if (n && !nonces.has(n)) {
        nonces.set(n, { client });
        perClient.set(client, (perClient.get(client) ?? 0) + 1);
      }
    }
  }
  // Authorize requests seen on their own (the navigation to the provider): nonce → the requests.
  for (const r of requests.slice(0, MAX_URLS)) {
    if (!r || typeof r.clientId !== 'string' || r.clientId === '') continue;
    addClient(r.clientId);
    if (typeof r.nonce !== 'string' || r.nonce === '') continue;
    const hit = nonces.get(r.nonce);
    if (!hit) {
      nonces.set(r.nonce, { client: r.clientId, requests: [r] });
      perClient.set(r.clientId, (perClient.get(r.clientId) ?? 0) + 1);
    } else if (hit.client === r.clientId && !hit.carrier && (hit.requests?.length ?? 0) < MAX_EVENT)
      (hit.requests ??= []).push(r);
  }
  const ids = items.filter((i) => i.kind === 'id');
  for (const id of ids) {
    for (const c of clientIds) links.peer(id.token, 'clientIds', c);
    const aud = own(id.claims, 'aud');
    const auds = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
    const mine = str(own(id.claims, 'nonce'));
    const hit = mine !== undefined ? nonces.get(mine) : undefined;
    const forMe = (c: string) => c === '' || auds.includes(c);
    let seen = perClient.get('') ?? 0;
    for (const a of new Set(auds)) if (typeof a === 'string' && a !== '') seen += perClient.get(a) ?? 0;
    if (hit && !forMe(hit.client))
      // Its nonce came from another client's authorize request: aud must name the client that asked.
      links.peersOf(id.token).nonces = { seen, matched: false, otherClient: hit.client };
    else if (seen > 0) links.peersOf(id.token).nonces = { seen, matched: !!hit };
    if (hit?.requests && forMe(hit.client)) answered.set(id.token, hit.requests);
    if (hit?.carrier && hit.carrier !== id)
      links.pair(
        id.token,
        'authorize-request',
        hit.carrier.token,
        'bound-id-token',
        'same nonce as the authorize request',
      );
  }
  if (clientIds.size)
    for (const i of items) if (i.kind === 'access') for (const c of clientIds) links.peer(i.token, 'clientIds', c);
}

/** Refresh chains: same kind, issuer, subject and client (and audience for access tokens), newer iat. */
function linkChains(items: readonly Item[], links: Links): void {
  const groups = new Map<string, Item[]>();
  // Refresh grants seen: endpoint → times a refresh token was sent to it.
  const grants = new Map<string, number[]>();
  for (const i of items) {
    for (const s of i.sightings) {
      const loc = travelOf(s).location;
      if (s.direction !== 'request' || loc?.kind !== 'form-body' || loc.name !== 'refresh_token') continue;
      const base = urlBase(s.url);
      if (base === undefined) continue;
      const list = grants.get(base) ?? [];
      list.push(s.time);
      grants.set(base, list);
    }
    if (i.kind !== 'id' && i.kind !== 'access' && i.kind !== 'refresh') continue;
    const iss = str(own(i.claims, 'iss'));
    const sub = str(own(i.claims, 'sub'));
    const client = clientOf(i.claims);
    if (iss === undefined || sub === undefined || client === undefined) continue;
    const key = [i.kind, iss, sub, client, i.kind === 'access' ? audKey(i.claims) : ''].join('\u0000');
    const g = groups.get(key);
    if (g) g.push(i);
    else groups.set(key, [i]);
  }
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    group.sort((a, b) => iatOf(a) - iatOf(b) || a.first - b.first);
    for (let k = 1; k < group.length; k++) {
      const older = group[k - 1]!;
      const newer = group[k]!;
      if (iatOf(newer) === iatOf(older) && newer.first === older.first) continue;
      links.pair(newer.token, 'replaces', older.token, 'replaced-by', chainReason(older, newer, grants));
    }
  }
}

function chainReason(older: Item, newer: Item, grants: Map<string, number[]>): string {
  for (const s of newer.sightings) {
    if (s.direction !== 'response') continue;
    const times = grants.get(urlBase(s.url) ?? '');
    if (times?.some((t) => t <= s.time && s.time - t <= GRANT_WINDOW_MS))
      return 'same issuer, subject and client; issued by a refresh grant';
  }
  const exp = own(older.claims, 'exp');
  const inUse = older.sightings.some((s) => s.direction === 'request' && s.time <= newer.first);
  if (inUse && (typeof exp !== 'number' || exp * 1000 > newer.first))
    return 'same issuer, subject and client; appeared while the old one was still in use';
  return 'same issuer, subject and client; issued later';
}

/**
 * Links a capture's tokens (refresh chains, DPoP proof ↔ access token, ID ↔ access token, ID token ↔
 * JARM response and authorize request) and gathers what the binding checks need from other tokens.
 * Indexed by issuer/subject, hash and exchange: linear in the tokens and sightings, never pairwise.
 */
export function linkTokens(tokens: readonly RelatableToken[], options: LinkOptions = {}): CaptureLinks {
  const items: Item[] = [];
  const kinds = new Map<string, TokenClassification>();
  const seen = new Set<string>();
  for (const t of Array.isArray(tokens) ? tokens : []) {
    const item = itemOf(t);
    if (!item || seen.has(item.token)) continue;
    seen.add(item.token);
    items.push(item);
    kinds.set(item.token, item.cls);
  }
  const links = new Links();
  linkExchanges(items, links);
  linkAth(items, links);
  linkHashes(items, links);
  const authorizeRequests = new Map<string, AuthorizeRequest[]>();
  linkNonces(
    items,
    links,
    Array.isArray(options.urls) ? options.urls : [],
    Array.isArray(options.authorizeRequests) ? options.authorizeRequests : [],
    authorizeRequests,
  );
  linkChains(items, links);
  const byToken = new Map<string, Relation[]>();
  for (const r of links.relations) {
    const list = byToken.get(r.from);
    if (list) list.push(r);
    else byToken.set(r.from, [r]);
  }
  return { relations: links.relations, byToken, peers: links.peers, kinds, authorizeRequests };
}

/** The relations between a capture's tokens (see {@link linkTokens}), each read from its `from` side. */
export function relateTokens(tokens: readonly RelatableToken[], options: LinkOptions = {}): Relation[] {
  return linkTokens(tokens, options).relations;
}
