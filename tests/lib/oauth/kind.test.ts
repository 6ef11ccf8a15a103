import { describe, expect, it } from 'vitest';
import type { Sighting } from '../../../lib/capture/model.ts';
import { inspect } from '../../../lib/inspect/index.ts';
import { classifyToken, recogniseProvider, type TokenKind } from '../../../lib/oauth/index.ts';
import { inTokenResponse, sentIn } from './mint.ts';

const T = 1_800_000_000_000;
const url = (location: Sighting['location'], u: string, patch: Partial<Sighting> = {}): Sighting => ({
  direction: 'request',
  via: 'webrequest',
  location,
  url: u,
  time: T,
  ...patch,
});
const RP = 'https://rp.example.com/cb';
const claims = { iss: 'https://op.example.com', sub: 'alice', aud: 'spa', exp: 2e9, iat: 1.8e9 };

describe('classifyToken', () => {
  const cases: [string, { header?: object; payload?: unknown }, Sighting[], TokenKind, string][] = [
    ['typ at+jwt', { header: { alg: 'RS256', typ: 'at+jwt' }, payload: claims }, [], 'access', 'typ at+jwt (RFC 9068)'],
    ['typ application/dpop+jwt', { header: { typ: 'application/dpop+jwt' }, payload: {} }, [], 'dpop', 'typ dpop+jwt'],
    ['typ logout+jwt', { header: { typ: 'logout+jwt' }, payload: claims }, [], 'logout', 'typ logout+jwt'],
    ['typ oauth-authz-req+jwt', { header: { typ: 'oauth-authz-req+jwt' } }, [], 'request-object', 'RFC 9101'],
    [
      'another typ kept as typ',
      { header: { typ: 'oauth-id-jag+jwt' }, payload: claims },
      [],
      'other',
      'typ oauth-id-jag+jwt',
    ],
    [
      'the DPoP header',
      { header: { typ: 'JWT' }, payload: {} },
      [sentIn('DPoP', RP, T)],
      'dpop',
      'sent in the DPoP header',
    ],
    ['htm+htu+jti', { payload: { htm: 'GET', htu: RP, jti: 'x' } }, [], 'dpop', 'htm, htu and jti'],
    [
      'Authorization: DPoP',
      { payload: { sub: 'a' } },
      [sentIn('Authorization', RP, T, { scheme: 'DPoP' })],
      'access',
      'sent as Authorization: DPoP',
    ],
    [
      'Authorization: Bearer',
      { payload: { sub: 'a' } },
      [sentIn('Authorization', RP, T, { scheme: 'Bearer' })],
      'access',
      'Authorization: Bearer',
    ],
    [
      'id_token of a token response',
      { payload: claims },
      [inTokenResponse('id_token', 'https://op.example.com/token', T)],
      'id',
      'id_token of a token response',
    ],
    [
      'access_token of a token response',
      { payload: claims },
      [inTokenResponse('access_token', 'https://op.example.com/token', T)],
      'access',
      'access_token of a token response',
    ],
    [
      'refresh_token of a token response',
      { payload: claims },
      [inTokenResponse('refresh_token', 'https://op.example.com/token', T)],
      'refresh',
      'refresh_token of a token response',
    ],
    [
      'refresh grant',
      { payload: claims },
      [url({ kind: 'form-body', name: 'refresh_token' }, 'https://op.example.com/token')],
      'refresh',
      'refresh_token of a refresh grant',
    ],
    [
      'id_token in the fragment',
      { payload: claims },
      [url({ kind: 'fragment', name: 'id_token' }, `${RP}#id_token=x`)],
      'id',
      'id_token in the fragment',
    ],
    [
      'id_token form_post',
      { payload: claims },
      [url({ kind: 'form-body', name: 'id_token' }, RP)],
      'id',
      'id_token in a form post',
    ],
    [
      'client_assertion',
      { payload: { iss: 'spa', sub: 'spa', aud: 'https://op/token', jti: 'j', exp: 1 } },
      [url({ kind: 'form-body', name: 'client_assertion' }, 'https://op/token')],
      'client-assertion',
      'client_assertion',
    ],
    [
      'request in the query',
      { payload: { client_id: 'spa', nonce: 'n' } },
      [url({ kind: 'query', name: 'request' }, 'https://op/authorize?request=x')],
      'request-object',
      'request parameter',
    ],
    [
      'JARM response',
      { payload: { iss: 'https://op', aud: 'spa', exp: 2e9, code: 'c', state: 's' } },
      [url({ kind: 'query', name: 'response' }, `${RP}?response=x`)],
      'jarm',
      'JARM',
    ],
    [
      'response without JARM claims',
      { payload: { foo: 1 } },
      [url({ kind: 'query', name: 'response' }, `${RP}?response=x`)],
      'other',
      'no typ',
    ],
    [
      'logout_token',
      { payload: claims },
      [url({ kind: 'form-body', name: 'logout_token' }, 'https://rp/backchannel')],
      'logout',
      'logout_token',
    ],
    [
      'logout events',
      { payload: { ...claims, events: { 'http://schemas.openid.net/event/backchannel-logout': {} } } },
      [],
      'logout',
      'back-channel logout event',
    ],
    ['nonce claim', { payload: { ...claims, nonce: 'n' } }, [], 'id', 'nonce claim'],
    ['auth_time without scope', { payload: { ...claims, auth_time: 1 } }, [], 'id', 'auth_time'],
    ['scope claim', { payload: { sub: 'a', scope: 'read' } }, [], 'access', 'scope claim'],
    ['cnf claim', { payload: { sub: 'a', cnf: { jkt: 'x' } } }, [], 'access', 'cnf claim'],
    [
      'stored by an OIDC client',
      { payload: claims },
      [
        {
          direction: 'stored',
          via: 'page-storage',
          location: { kind: 'storage', area: 'session', name: 'oidc.user:op:spa', jsonPath: 'id_token' },
          time: T,
        },
      ],
      'id',
      'id_token of stored tokens',
    ],
    [
      'a plain session JWT',
      { header: { typ: 'JWT' }, payload: { sub: 'a', exp: 1 } },
      [url({ kind: 'cookie', name: 'session' }, RP)],
      'other',
      'no typ',
    ],
  ];
  it.each(cases)('%s', (_, token, sightings, kind, reason) => {
    const c = classifyToken(token, sightings);
    expect(c.kind).toBe(kind);
    expect(c.reason).toContain(reason);
  });

  it('calls an ID token sent as a bearer credential an ID token (the id-token-as-bearer finding)', async () => {
    const sighting = sentIn('Authorization', 'https://api.example.com/orders', T, { scheme: 'Bearer' });
    expect(classifyToken({ payload: { ...claims, nonce: 'n' } }, [sighting]).kind).toBe('id');
  });

  it('keeps typ as sent and never throws on odd input', () => {
    expect(classifyToken({ header: { typ: 'JWT' }, payload: {} }).typ).toBe('JWT');
    expect(classifyToken(null as never).kind).toBe('other');
    expect(classifyToken({ header: [] as never, payload: 'text' }, [null as never, {} as never]).kind).toBe('other');
  });

  it('reads Keycloak’s own typ claim', () => {
    const iss = 'https://sso.example.com/realms/demo';
    expect(classifyToken({ payload: { iss, typ: 'Refresh' } }).kind).toBe('refresh');
    expect(classifyToken({ payload: { iss, typ: 'ID' } }).kind).toBe('id');
    expect(classifyToken({ payload: { iss, typ: 'Bearer' } }).kind).toBe('access');
  });

  it('is carried on the inspection', async () => {
    const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const i = await inspect(`${b64({ alg: 'RS256', typ: 'at+jwt' })}.${b64(claims)}.c2ln`);
    expect(i.tokenKind).toEqual({ kind: 'access', reason: 'typ at+jwt (RFC 9068)', typ: 'at+jwt' });
  });
});

describe('recogniseProvider', () => {
  it.each([
    ['https://accounts.google.com', 'google'],
    ['accounts.google.com', 'google'],
    ['https://securetoken.google.com/my-project', 'firebase'],
    ['https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0', 'entra'],
    ['https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/', 'entra'],
    ['https://dev-abc123.us.auth0.com/', 'auth0'],
    ['https://acme.auth0.com/', 'auth0'],
    ['https://acme.okta.com/oauth2/default', 'okta'],
    ['https://acme.okta.com', 'okta'],
    ['https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123', 'cognito'],
    ['https://sso.example.com/realms/demo', 'keycloak'],
    ['https://sso.example.com/auth/realms/demo', 'keycloak'],
  ])('%s → %s', (iss, id) => {
    expect(recogniseProvider(iss)?.id).toBe(id);
    expect(recogniseProvider(iss)?.reason).toMatch(/issuer/);
  });
  it.each([
    'https://accounts.google.com.evil.test',
    'https://login.microsoftonline.com.evil.test/x/v2.0',
    'https://evil.test/acme.auth0.com/',
    'https://op.example.com',
    'http://accounts.google.com',
    'https://cognito-idp.eu-west-1.amazonaws.com.evil.test/eu-west-1_x',
    42,
  ])('does not guess on %s', (iss) => {
    expect(recogniseProvider(iss)).toBeUndefined();
  });
  it('is on the classification', () => {
    expect(classifyToken({ payload: { iss: 'https://accounts.google.com', nonce: 'n' } }).provider).toEqual({
      id: 'google',
      name: 'Google',
      reason: 'issuer is https://accounts.google.com',
    });
  });
});
