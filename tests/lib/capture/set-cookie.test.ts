import { describe, expect, it } from 'vitest';
import { parseSetCookie, tokensInSetCookie } from '../../../lib/capture/set-cookie.ts';
import { jwe, jws, unsecured } from './mint.ts';

describe('parseSetCookie', () => {
  it('reads name, value and the usual attributes', () => {
    const c = parseSetCookie('session=abc123; Path=/; Secure; HttpOnly; SameSite=Lax');
    expect(c).toEqual({
      name: 'session',
      value: 'abc123',
      attributes: { httpOnly: true, secure: true, sameSite: 'Lax', path: '/' },
    });
  });

  it('matches attribute names case-insensitively and reads every attribute', () => {
    const c = parseSetCookie(
      'id = v ; sEcUrE; HTTPONLY; samesite=strict; DOMAIN=.Example.COM; path=/app; EXPIRES=Wed, 21 Oct 2030 07:28:00 GMT; Max-Age=3600; partitioned',
    );
    expect(c?.name).toBe('id');
    expect(c?.value).toBe('v');
    expect(c?.attributes).toEqual({
      httpOnly: true,
      secure: true,
      sameSite: 'Strict',
      domain: 'example.com',
      path: '/app',
      expires: 'Wed, 21 Oct 2030 07:28:00 GMT',
      maxAge: 3600,
      partitioned: true,
    });
  });

  it('defaults httpOnly and secure to false and leaves absent attributes out', () => {
    expect(parseSetCookie('a=b')).toEqual({ name: 'a', value: 'b', attributes: { httpOnly: false, secure: false } });
  });

  it('treats flag attributes with a value as set (the value is ignored)', () => {
    expect(parseSetCookie('a=b; Secure=false; HttpOnly=0')?.attributes).toMatchObject({ secure: true, httpOnly: true });
  });

  it('unquotes a quoted value and keeps "=" inside values', () => {
    expect(parseSetCookie('a="quoted value"')?.value).toBe('quoted value');
    expect(parseSetCookie('a=b64==; Secure')?.value).toBe('b64==');
    expect(parseSetCookie('a="')?.value).toBe('"');
  });

  it('reads a pair without "=" as a nameless cookie', () => {
    expect(parseSetCookie('justavalue; Secure')).toMatchObject({ name: '', value: 'justavalue' });
  });

  it.each(['', '=', ' = ', ';', '; Secure'])('ignores a header with neither name nor value: %j', (h) => {
    expect(parseSetCookie(h)).toBeNull();
  });

  it('ignores a header containing control characters, as browsers do', () => {
    expect(parseSetCookie('a=b\u0001c')).toBeNull();
    expect(parseSetCookie('a=b\nc=d')).toBeNull();
    expect(parseSetCookie('a=b\tc')?.value).toBe('b\tc');
  });

  it('lets the last occurrence of an attribute win', () => {
    const c = parseSetCookie('a=b; Max-Age=10; Max-Age=20; SameSite=None; SameSite=Lax; Path=/x; Path=relative');
    expect(c?.attributes.maxAge).toBe(20);
    expect(c?.attributes.sameSite).toBe('Lax');
    // A Path that does not start with "/" means the default path.
    expect(c?.attributes.path).toBeUndefined();
  });

  it('ignores an invalid Max-Age and accepts a negative one', () => {
    expect(parseSetCookie('a=b; Max-Age=abc')?.attributes.maxAge).toBeUndefined();
    expect(parseSetCookie('a=b; Max-Age=1.5')?.attributes.maxAge).toBeUndefined();
    expect(parseSetCookie('a=b; Max-Age=-1')?.attributes.maxAge).toBe(-1);
    expect(parseSetCookie('a=b; Max-Age=0')?.attributes.maxAge).toBe(0);
  });

  it('normalises known SameSite values and keeps unknown ones as sent', () => {
    expect(parseSetCookie('a=b; SameSite=NONE')?.attributes.sameSite).toBe('None');
    expect(parseSetCookie('a=b; SameSite=Bogus')?.attributes.sameSite).toBe('Bogus');
    expect(parseSetCookie('a=b; SameSite')?.attributes.sameSite).toBe('');
  });

  it('ignores an empty Domain and attribute values over 1024 characters', () => {
    expect(parseSetCookie('a=b; Domain=')?.attributes.domain).toBeUndefined();
    expect(parseSetCookie('a=b; Domain=x.com; Domain=')?.attributes.domain).toBe('x.com');
    expect(parseSetCookie(`a=b; Path=/${'p'.repeat(1100)}`)?.attributes.path).toBeUndefined();
  });

  describe('prefixes', () => {
    it.each([
      ['__Host-id=1; Secure; Path=/', true],
      ['__Host-id=1; Secure; Path=/; HttpOnly; SameSite=Strict', true],
      ['__Host-id=1; Path=/', false],
      ['__Host-id=1; Secure', false],
      ['__Host-id=1; Secure; Path=/app', false],
      ['__Host-id=1; Secure; Path=/; Domain=example.com', false],
    ])('__Host-: %s → valid %s', (h, valid) => {
      expect(parseSetCookie(h)).toMatchObject({ prefix: '__Host-', prefixValid: valid });
    });

    it.each([
      ['__Secure-id=1; Secure', true],
      ['__Secure-id=1; Secure; Domain=example.com; Path=/x', true],
      ['__Secure-id=1; HttpOnly', false],
    ])('__Secure-: %s → valid %s', (h, valid) => {
      expect(parseSetCookie(h)).toMatchObject({ prefix: '__Secure-', prefixValid: valid });
    });

    it('matches prefixes case-insensitively', () => {
      expect(parseSetCookie('__host-id=1; Secure; Path=/')).toMatchObject({ prefix: '__Host-', prefixValid: true });
      expect(parseSetCookie('__SECURE-id=1')).toMatchObject({ prefix: '__Secure-', prefixValid: false });
    });

    it('flags a nameless cookie whose value carries a prefix as invalid', () => {
      expect(parseSetCookie('__Host-id; Secure; Path=/')).toMatchObject({
        name: '',
        prefix: '__Host-',
        prefixValid: false,
      });
    });

    it('leaves prefix fields out for other names', () => {
      const c = parseSetCookie('_Host-id=1; Secure; Path=/');
      expect(c).not.toHaveProperty('prefix');
      expect(c).not.toHaveProperty('prefixValid');
    });
  });

  it('returns null for a non-string', () => {
    expect(parseSetCookie(undefined as unknown as string)).toBeNull();
    expect(parseSetCookie(42 as unknown as string)).toBeNull();
  });
});

describe('tokensInSetCookie', () => {
  it('finds tokens in several Set-Cookie headers with their attributes', () => {
    const a = jws();
    const b = unsecured();
    const found = tokensInSetCookie([
      { name: 'Set-Cookie', value: `access=${a}; Path=/; Secure; HttpOnly; SameSite=Strict` },
      { name: 'set-cookie', value: 'theme=dark; Path=/' },
      { name: 'SET-COOKIE', value: `legacy=${b}` },
      { name: 'Content-Type', value: `text/plain; x=${jws()}` },
    ]);
    expect(found.map((f) => [f.location.name, f.token, f.location.kind])).toEqual([
      ['access', a, 'set-cookie'],
      ['legacy', b, 'set-cookie'],
    ]);
    expect(found[0]!.cookieAttributes).toEqual({ httpOnly: true, secure: true, sameSite: 'Strict' });
    expect(found[1]!.cookieAttributes).toEqual({ httpOnly: false, secure: false });
    expect(found[0]!.cookie.attributes.path).toBe('/');
  });

  it('splits cookies Chrome joined with newlines in one header value', () => {
    const a = jws();
    const b = jwe();
    const found = tokensInSetCookie([
      { name: 'set-cookie', value: `a=${a}; Secure\nplain=1\r\n__Host-b=${b}; Secure; Path=/; SameSite=None` },
    ]);
    expect(found.map((f) => f.location.name)).toEqual(['a', '__Host-b']);
    expect(found[1]!.token).toBe(b);
    expect(found[1]!.cookie).toMatchObject({ prefix: '__Host-', prefixValid: true });
    expect(found[1]!.cookieAttributes.sameSite).toBe('None');
  });

  it('finds a token inside a quoted or percent-encoded JSON cookie value, once', () => {
    const t = jws();
    const json = encodeURIComponent(JSON.stringify({ token: t, user: 'x' }));
    const found = tokensInSetCookie([
      { name: 'Set-Cookie', value: `auth=${json}; Path=/` },
      { name: 'Set-Cookie', value: `q="${t}"` },
    ]);
    expect(found.map((f) => [f.location.name, f.token])).toEqual([
      ['auth', t],
      ['q', t],
    ]);
  });

  it('still reports a token in a cookie being deleted', () => {
    const t = jws();
    const [f] = tokensInSetCookie([{ name: 'Set-Cookie', value: `s=${t}; Max-Age=0` }]);
    expect(f?.cookie.attributes.maxAge).toBe(0);
  });

  it('ignores hostile or empty input', () => {
    expect(tokensInSetCookie([])).toEqual([]);
    expect(tokensInSetCookie(null as never)).toEqual([]);
    expect(
      tokensInSetCookie([
        null as never,
        { name: 'Set-Cookie' },
        { name: 'Set-Cookie', value: ';;;;\n\n==\n' },
        { name: 'Set-Cookie', value: `a=${'eyJ'.repeat(50_000)}` },
        { name: undefined as never, value: `a=${jws()}` },
      ]),
    ).toEqual([]);
  });
});
