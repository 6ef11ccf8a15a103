import { describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../../lib/capture/model.ts';
import { buildReport, reportJson, type ReportInput } from '../../../lib/export/build-report.ts';
import { REDACTED, redactToken } from '../../../lib/export/redact.ts';
import { reportMarkdown } from '../../../lib/export/report-markdown.ts';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLWJ5dGVz';
const OTHER = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib2IifQ.b3RoZXItc2lnbmF0dXJl';
const input: ReportInput = { token: TOKEN, sightings: [], validity: 'valid' };

const record: RequestRecord = {
  requestId: '42',
  time: Date.UTC(2026, 11, 1, 12),
  method: 'POST',
  url: `https://api.test/x?access_token=${TOKEN}`,
  type: 'xmlhttprequest',
  headers: [
    { name: 'Authorization', value: `Bearer ${TOKEN}` },
    { name: 'Cookie', value: 'session=opaque-session-id' },
    { name: 'X-Id-Token', value: OTHER },
    { name: 'Accept', value: 'application/json' },
  ],
  body: { text: `{"refresh_token":"${OTHER}","password":"hunter2"}`, size: 55, kept: 55 },
  status: 401,
  serverDate: Date.UTC(2026, 11, 1, 12, 0, 1),
  challenge: { raw: 'Bearer error="invalid_token"', scheme: 'Bearer', error: 'invalid_token' },
  responseHeaders: [
    { name: 'Set-Cookie', value: 'session=; Max-Age=0' },
    { name: 'WWW-Authenticate', value: 'Bearer error="invalid_token"' },
  ],
  tokens: [TOKEN, OTHER],
};

describe('request records in the report', () => {
  it('are redacted by default: tokens, Authorization/Cookie/Set-Cookie values, tokens in other headers and the URL, bodies', () => {
    const report = buildReport([input], { generatedAt: 0, requests: [record] });
    const [r] = report.requests!;
    expect(r!.tokens).toEqual([redactToken(TOKEN), redactToken(OTHER)]);
    expect(r!.tokenNumbers).toEqual([1]);
    expect(r!.url).toBe(`https://api.test/x?access_token=${redactToken(TOKEN)}`);
    expect(r!.headers).toEqual([
      { name: 'Authorization', value: REDACTED },
      { name: 'Cookie', value: REDACTED },
      { name: 'X-Id-Token', value: redactToken(OTHER) },
      { name: 'Accept', value: 'application/json' },
    ]);
    expect(r!.body).toEqual({ size: 55, kept: 55, redacted: true });
    expect(r!.responseHeaders![0]).toEqual({ name: 'Set-Cookie', value: REDACTED });
    expect(r).toMatchObject({ status: 401, challenge: { error: 'invalid_token' }, serverDate: record.serverDate });
    const json = reportJson(report);
    for (const secret of ['c2lnbmF0dXJlLWJ5dGVz', 'b3RoZXItc2lnbmF0dXJl', 'hunter2', 'opaque-session-id'])
      expect(json).not.toContain(secret);
    // The record itself is not changed.
    expect(record.headers![0]!.value).toBe(`Bearer ${TOKEN}`);
  });

  it('are kept as captured when the user includes tokens', () => {
    const report = buildReport([input], { generatedAt: 0, includeSecrets: true, requests: [record] });
    expect(report.requests![0]).toEqual({ ...record, tokenNumbers: [1] });
  });

  it('are absent when there are none, and listed in the Markdown report', () => {
    expect(buildReport([input], { generatedAt: 0 }).requests).toBeUndefined();
    const md = reportMarkdown(buildReport([input], { generatedAt: 0, requests: [record] }));
    expect(md).toContain('## Requests');
    expect(md).toMatch(/\| POST \| .* \| 401 \| invalid\\_token \| token 1 \|/);
    expect(md).not.toContain('c2lnbmF0dXJlLWJ5dGVz');
  });
});
