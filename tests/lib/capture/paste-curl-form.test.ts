import { describe, expect, it } from 'vitest';
import { pastedWhere, readPaste, type PasteReading } from '../../../lib/capture/paste-tokens.ts';
import { jws } from './mint.ts';

// README (Paste): a cURL command's `-d`/`--data*` and `-F` are read; each token is listed with the
// field it sat in.

const [A, B, C] = [jws({ sub: 'a' }), jws({ sub: 'b' }), jws({ sub: 'c' })];

function found(r: PasteReading): { token: string; where: string; method?: string; url?: string }[] {
  if (r.kind !== 'tokens') throw new Error(`expected tokens, got ${JSON.stringify(r)}`);
  expect(r.form).toBe('curl');
  return r.tokens.map((t) => ({
    token: t.token,
    where: pastedWhere(t.location),
    ...(t.method ? { method: t.method } : {}),
    ...(t.url ? { url: t.url } : {}),
  }));
}

describe('cURL -F and -d', () => {
  it('-F name=<jwt> (and --form, attached -F…) lists the token under its form field, as a POST', () => {
    const r = found(
      readPaste(
        `curl https://idp.example.com/token -F 'grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer' ` +
          `-F 'assertion=${A}' --form "client_assertion=${B}" -Fsubject_token=${C}`,
      ),
    );
    expect(r).toEqual([
      { token: A, where: 'form field assertion', method: 'POST', url: 'https://idp.example.com/token' },
      { token: B, where: 'form field client_assertion', method: 'POST', url: 'https://idp.example.com/token' },
      { token: C, where: 'form field subject_token', method: 'POST', url: 'https://idp.example.com/token' },
    ]);
  });

  it('-d token=<jwt> lists it under its field; several -d join like curl does', () => {
    expect(found(readPaste(`curl -d 'token=${A}' https://idp.example.com/revoke`))).toEqual([
      { token: A, where: 'form field token', method: 'POST', url: 'https://idp.example.com/revoke' },
    ]);
    expect(
      found(readPaste(`curl https://idp.example.com/introspect -d client_id=spa -d "token=${B}" -dhint=${C}`)).map(
        (t) => [t.token, t.where],
      ),
    ).toEqual([
      [B, 'form field token'],
      [C, 'form field hint'],
    ]);
  });

  it('-d with -G goes into the URL query; -d @file is not read', () => {
    expect(found(readPaste(`curl -G https://api.example.com/me -d access_token=${A}`))).toEqual([
      {
        token: A,
        where: 'query access_token',
        method: 'GET',
        url: `https://api.example.com/me?access_token=${A}`,
      },
    ]);
    const fromFile = readPaste(`curl -H 'Authorization: Bearer ${B}' -d @body.json https://api.example.com/x`);
    expect(found(fromFile).map((t) => t.token)).toEqual([B]);
  });
});
