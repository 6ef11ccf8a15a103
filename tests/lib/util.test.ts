// The shared helpers of lib/util/, each defined once.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  authorityOf,
  compareSeverity,
  constantTimeEqual,
  hasOwn,
  hmacInputOf,
  hmacMatches,
  hostOf,
  hsHashOf,
  isLoopback,
  isObject,
  LruCache,
  own,
  severityRank,
  siteOf,
  worstSeverity,
} from '../../lib/util/index.ts';

describe('lib/util', () => {
  it('LruCache forgets the least recently used entry first', () => {
    const c = new LruCache<string, number>(2);
    c.set('a', 1);
    c.set('b', 2);
    expect(c.get('a')).toBe(1); // a is now the most recent
    c.set('c', 3);
    expect(c.get('b')).toBeUndefined();
    expect([c.get('a'), c.get('c'), c.size]).toEqual([1, 3, 2]);
    // peek reads without making the entry recent: `a` is still the next to go.
    expect(c.peek('a')).toBe(1);
    c.set('d', 4);
    expect([c.peek('a'), c.peek('c'), c.peek('d')]).toEqual([undefined, 3, 4]);
  });

  it('HMAC preparation, the HS table and constant-time compare', () => {
    const h = Buffer.from('{"alg":"HS384"}').toString('base64url');
    const p = Buffer.from('{}').toString('base64url');
    const sig = createHmac('sha384', 'k').update(`${h}.${p}`).digest();
    const input = hmacInputOf('HS384', h, p, new Uint8Array(sig))!;
    expect(hmacMatches(input, new TextEncoder().encode('k'))).toBe(true);
    expect(hmacMatches(input, new TextEncoder().encode('x'))).toBe(false);
    expect(hmacInputOf('RS256', h, p, new Uint8Array(sig))).toBeUndefined();
    expect(hmacInputOf('HS256', h, p, new Uint8Array(0))).toBeUndefined();
    expect(hsHashOf('toString')).toBeUndefined();
    expect(hsHashOf('HS512')?.outputLen).toBe(64);
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false);
    expect(constantTimeEqual(new Uint8Array([1]), new Uint8Array([1, 0]))).toBe(false);
  });

  it('severity order', () => {
    expect(['low', 'critical', 'info', 'medium'].sort((a, b) => compareSeverity(a as 'low', b as 'low'))).toEqual([
      'critical',
      'medium',
      'low',
      'info',
    ]);
    expect(severityRank('critical')).toBe(0);
    expect(worstSeverity([{ severity: 'low' }, { severity: 'high' }])).toBe('high');
    expect(worstSeverity([])).toBeUndefined();
  });

  it('URL and site helpers', () => {
    expect(hostOf('https://API.Example.com.:8443/x')).toBe('api.example.com');
    expect(authorityOf('http://localhost:3000/cb')).toBe('localhost:3000');
    expect(authorityOf('not a url')).toBeUndefined();
    expect(siteOf('a.b.example.co.uk')).toBe('example.co.uk');
    expect(isLoopback('http://127.0.0.2/')).toBe(true);
    expect(isLoopback('https://example.com/')).toBe(false);
  });

  it('JSON-value guards read own members only', () => {
    const parsed = JSON.parse('{"__proto__":{"x":1},"a":2}') as Record<string, unknown>;
    expect(isObject(parsed)).toBe(true);
    expect(isObject([])).toBe(false);
    expect(own(parsed, 'a')).toBe(2);
    expect(own(parsed, 'toString')).toBeUndefined();
    expect(hasOwn(parsed, '__proto__')).toBe(true);
  });
});
