import { describe, expect, it } from 'vitest';
import { hostOf, isLoopback, isThirdPartyRecipient, siteOf } from '../../../lib/capture/recipient.ts';

describe('isLoopback', () => {
  it.each([
    'http://localhost:3000/api',
    'http://LOCALHOST./x',
    'http://app.localhost/',
    'http://127.0.0.1/',
    'https://127.255.10.1:8443/',
    'http://127.1/',
    'http://2130706433/',
    'http://[::1]:8080/',
    'http://[0:0:0:0:0:0:0:1]/',
    'http://[::ffff:127.0.0.1]/',
    'localhost:5173',
    '127.0.0.1',
  ])('%s is loopback', (url) => {
    expect(isLoopback(url)).toBe(true);
  });

  it.each([
    'https://example.com/',
    'http://localhost.example.com/',
    'http://128.0.0.1/',
    'http://10.0.0.1/',
    'http://[::2]/',
    'http://0.0.0.0/',
    'not a url at all',
    '',
  ])('%s is not loopback', (url) => {
    expect(isLoopback(url)).toBe(false);
  });

  it('never throws on non-strings', () => {
    expect(isLoopback(undefined as never)).toBe(false);
  });
});

describe('siteOf / hostOf', () => {
  it('approximates the registrable domain', () => {
    expect(siteOf('api.eu.example.com')).toBe('example.com');
    expect(siteOf('example.com')).toBe('example.com');
    expect(siteOf('www.shop.example.co.uk')).toBe('example.co.uk');
    expect(siteOf('a.b.example.io')).toBe('example.io');
    expect(siteOf('10.1.2.3')).toBe('10.1.2.3');
    expect(siteOf('localhost')).toBe('localhost');
  });

  it('lower-cases, drops a trailing dot and has no host for hostless URLs', () => {
    expect(hostOf('https://API.Example.COM./x')).toBe('api.example.com');
    expect(hostOf('blob:https://example.com/uuid')).toBeUndefined();
    expect(hostOf('nope')).toBeUndefined();
  });
});

describe('isThirdPartyRecipient', () => {
  const page = 'https://app.example.com/dashboard';

  it('is false for the page host and for other hosts of the same site', () => {
    expect(isThirdPartyRecipient('https://app.example.com/api/me', page, undefined)).toBe(false);
    expect(isThirdPartyRecipient('https://api.example.com/v1', page, undefined)).toBe(false);
    expect(isThirdPartyRecipient('https://example.com/v1', page, undefined)).toBe(false);
    expect(isThirdPartyRecipient('wss://rt.example.com/socket', page, undefined)).toBe(false);
    expect(isThirdPartyRecipient('http://app.example.com:8080/', page, undefined)).toBe(false);
  });

  it('is true for another site not named by aud', () => {
    expect(isThirdPartyRecipient('https://analytics.tracker.net/collect', page, 'https://api.example.com')).toBe(true);
    expect(isThirdPartyRecipient('https://evil.co.uk/', 'https://shop.example.co.uk/', undefined)).toBe(true);
    expect(isThirdPartyRecipient('https://api.partner.io/', page, ['account', 42, null])).toBe(true);
  });

  it('is false when aud names the recipient by URL or host name', () => {
    const api = 'https://api.partner.io/graphql';
    expect(isThirdPartyRecipient(api, page, 'https://api.partner.io')).toBe(false);
    expect(isThirdPartyRecipient(api, page, 'https://API.partner.io:443/v2/')).toBe(false);
    expect(isThirdPartyRecipient(api, page, ['client-id', 'api.partner.io'])).toBe(false);
    expect(isThirdPartyRecipient(api, page, 'api.partner.io:443')).toBe(false);
    // A parent domain in aud covers its subdomains…
    expect(isThirdPartyRecipient(api, page, 'https://partner.io')).toBe(false);
    // …but a sibling, a bare TLD or an unrelated suffix match does not.
    expect(isThirdPartyRecipient(api, page, 'https://auth.partner.io')).toBe(true);
    expect(isThirdPartyRecipient(api, page, 'io')).toBe(true);
    expect(isThirdPartyRecipient('https://notpartner.io/', page, 'partner.io')).toBe(true);
  });

  it('treats two loopback hosts as the same party, but a public page sending to loopback as third party', () => {
    expect(isThirdPartyRecipient('http://127.0.0.1:8080/api', 'http://localhost:3000/', undefined)).toBe(false);
    expect(isThirdPartyRecipient('http://localhost:9000/agent', page, undefined)).toBe(true);
  });

  it('compares IP addresses whole', () => {
    expect(isThirdPartyRecipient('http://10.0.0.2/', 'http://10.0.0.1/', undefined)).toBe(true);
    expect(isThirdPartyRecipient('http://10.0.0.1:81/', 'http://10.0.0.1/', undefined)).toBe(false);
  });

  it('claims nothing when the page is unknown or a URL has no host', () => {
    expect(isThirdPartyRecipient('https://other.net/', undefined, undefined)).toBe(false);
    expect(isThirdPartyRecipient('https://other.net/', 'about:blank', undefined)).toBe(false);
    expect(isThirdPartyRecipient('garbage', page, undefined)).toBe(false);
  });
});
