import { describe, expect, it } from 'vitest';
import { buildReport, reportJson } from '../../../lib/export/build-report.ts';
import { reportMarkdown } from '../../../lib/export/report-markdown.ts';
import type { ReportInput } from '../../../lib/export/build-report.ts';

const A = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnLWE';
const B = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJib2IifQ.c2lnLWI';
const input = (token: string, over: Partial<ReportInput> = {}): ReportInput => ({
  token,
  sightings: [],
  validity: 'valid',
  inspection: { kind: 'jws', verification: { status: 'no-key' } },
  ...over,
});

describe('report: kinds and relations', () => {
  const inputs = [
    input(A, {
      tokenKind: {
        kind: 'id',
        reason: 'nonce claim (OIDC Core §2)',
        provider: { id: 'google', name: 'Google', reason: 'issuer is https://accounts.google.com' },
      },
      related: [{ relation: 'bound-access-token', reason: 'at_hash matches', to: B }],
    }),
    input(B, {
      tokenKind: { kind: 'access', reason: 'typ at+jwt (RFC 9068)', typ: 'at+jwt' },
      related: [
        { relation: 'bound-id-token', reason: 'at_hash matches', to: A },
        { relation: 'replaces', reason: 'same issuer', to: 'x.y.z' },
      ],
    }),
  ];

  it('carries kind and relations in JSON, linked tokens redacted and numbered', () => {
    const report = buildReport(inputs, { generatedAt: 0 });
    const json = JSON.parse(reportJson(report)) as typeof report;
    expect(json.tokens[0]!.tokenKind).toMatchObject({ kind: 'id', provider: { id: 'google' } });
    expect(json.tokens[0]!.related).toEqual([
      {
        relation: 'bound-access-token',
        reason: 'at_hash matches',
        token: expect.stringMatching(/redacted/),
        tokenNumber: 2,
      },
    ]);
    expect(json.tokens[0]!.related![0]!.token).not.toContain('c2lnLWI');
    expect(json.tokens[1]!.related![1]).not.toHaveProperty('tokenNumber');
    const full = buildReport(inputs, { generatedAt: 0, includeSecrets: true });
    expect(full.tokens[0]!.related![0]!.token).toBe(B);
  });

  it('says them in Markdown', () => {
    const md = reportMarkdown(buildReport(inputs, { generatedAt: 0 }));
    expect(md).toContain('**Kind:** id (nonce claim \\(OIDC Core §2\\)) — issuer: Google');
    expect(md).toContain('- bound-access-token token 2 — at\\_hash matches');
    expect(md).toContain('- replaces a token not in this report — same issuer');
  });
});
