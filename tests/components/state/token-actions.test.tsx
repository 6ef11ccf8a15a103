import { UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { curlOf, filterTerm, shellQuote, tokenActions } from '../../../components/state/token-actions.ts';
import { captured } from '../fakes.ts';

const token = new UnsecuredJWT({ sub: 'alice smith', iss: 'https://idp.example.com/' }).encode();
const [h, p] = token.split('.');
const b64 = (s: string) => Buffer.from(s, 'base64url').toString('utf8');

describe('token actions', () => {
  it('copies the original header and payload text, the Authorization header and a cURL command', () => {
    const c = captured(token, { method: 'POST', url: "https://api.example.com/o'rders" });
    const byId = Object.fromEntries(tokenActions(token, c).map((a) => [a.id, a]));
    expect(Object.keys(byId)).toEqual([
      'copy-token',
      'copy-header',
      'copy-payload',
      'copy-bearer',
      'copy-curl',
      'filter-iss',
      'filter-sub',
      'filter-host',
    ]);
    expect(byId['copy-token']!.text).toBe(token);
    expect(byId['copy-header']!.text).toBe(b64(h!));
    expect(byId['copy-payload']!.text).toBe(b64(p!));
    expect(byId['copy-bearer']!.text).toBe(`Authorization: Bearer ${token}`);
    expect(byId['copy-curl']!.text).toBe(
      `curl 'https://api.example.com/o'\\''rders' -X 'POST' -H 'Authorization: Bearer ${token}'`,
    );
    expect(byId['filter-iss']!.text).toBe('iss:https://idp.example.com/');
    expect(byId['filter-sub']!.text).toBe('sub:"alice smith"');
    expect(byId['filter-host']!.text).toBe('host:api.example.com');
  });

  it('cURL carries a cookie or a custom header as sent, and exists only for a request', () => {
    const cookie = captured(token, { location: { kind: 'cookie', name: 'session' } }).sightings[0]!;
    expect(curlOf(token, cookie)).toBe(`curl 'https://api.example.com/me' -H 'Cookie: session=${token}'`);
    const custom = captured(token, { location: { kind: 'header', name: 'X-Token' } }).sightings[0]!;
    expect(curlOf(token, custom)).toBe(`curl 'https://api.example.com/me' -H 'X-Token: ${token}'`);
    const dpop = captured(token, { location: { kind: 'header', name: 'Authorization', scheme: 'DPoP' } }).sightings[0]!;
    expect(curlOf(token, dpop)).toContain(`-H 'Authorization: DPoP ${token}'`);
    const response = captured(token, { direction: 'response', location: { kind: 'set-cookie', name: 's' } })
      .sightings[0]!;
    expect(curlOf(token, response)).toBeUndefined();
    // A pasted token has no request: no cURL, no host.
    const ids = tokenActions(token).map((a) => a.id);
    expect(ids).not.toContain('copy-curl');
    expect(ids).not.toContain('filter-host');
  });

  it('a malformed token still offers copying the token itself, never throws', () => {
    expect(tokenActions('hello world').map((a) => a.id)).toEqual(['copy-token', 'copy-bearer']);
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(filterTerm('sub', 'say "hi"')).toBe('sub:"say hi"');
  });
});
