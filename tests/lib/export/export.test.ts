import { describe, expect, it } from 'vitest';
import { buildReport, reportJson } from '../../../lib/export/build-report.ts';
import { REDACTED, redactText, redactToken } from '../../../lib/export/redact.ts';
import { reportMarkdown } from '../../../lib/export/report-markdown.ts';
import type { ReportInput } from '../../../lib/export/build-report.ts';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLWJ5dGVz';
const input = (over: Partial<ReportInput> = {}): ReportInput => ({
  token: TOKEN,
  inspection: {
    kind: 'jws',
    rawHeader: '{"alg":"HS256"}',
    rawPayload: '{"sub":"alice"}',
    verification: { status: 'verified', keyId: 'k1', alg: 'HS256' },
  },
  findings: [
    { rule: 'weak-hmac-secret', severity: 'critical', message: 'Signed with HS256 using the secret "hunter2".' },
  ],
  sightings: [
    {
      direction: 'request',
      via: 'webrequest',
      location: { kind: 'query', name: 'token' },
      method: 'GET',
      url: `https://x.test/cb?token=${TOKEN}`,
      status: 200,
      time: 0,
    },
  ],
  validity: 'valid',
  keyLabel: 'staging',
  crackedSecret: 'hunter2',
  ...over,
});

describe('redactToken', () => {
  it('replaces the JWS signature, the JWE tag, keeps alg none tokens', () => {
    expect(redactToken(TOKEN)).toBe(`eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.${REDACTED}`);
    expect(redactToken('a.b.c.d.e')).toBe(`a.b.c.d.${REDACTED}`);
    expect(redactToken('eyJhbGciOiJub25lIn0.e30.')).toBe('eyJhbGciOiJub25lIn0.e30.');
    expect(redactToken('{"payload":"e30","signature":"abc"}')).toBe(`{"payload":"e30","signature":"${REDACTED}"}`);
  });
  it('redactText hides secrets and embedded tokens', () => {
    expect(redactText(`s=hunter2 t=${TOKEN}`, ['hunter2'], [TOKEN])).toBe(`s=${REDACTED} t=${redactToken(TOKEN)}`);
  });
});

describe('buildReport', () => {
  it('redacts signatures and secrets by default, everywhere', () => {
    const text = reportJson(buildReport([input()], { generatedAt: 0 }));
    expect(text).not.toContain('c2lnbmF0dXJlLWJ5dGVz');
    expect(text).not.toContain('hunter2');
    const r = JSON.parse(text);
    expect(r.redacted).toBe(true);
    expect(r.tokens[0].token.endsWith(REDACTED)).toBe(true);
    expect(r.tokens[0].weakSecret).toBe(REDACTED);
    expect(r.tokens[0].header).toBe('{"alg":"HS256"}');
    expect(r.tokens[0].verification).toMatchObject({ status: 'verified', keyLabel: 'staging' });
    expect(r.tokens[0].sightings[0].url).toContain(REDACTED);
  });
  it('includes them only when asked', () => {
    const text = reportJson(buildReport([input()], { generatedAt: 0, includeSecrets: true }));
    expect(text).toContain('c2lnbmF0dXJlLWJ5dGVz');
    expect(text).toContain('hunter2');
    expect(JSON.parse(text).redacted).toBe(false);
  });
});

describe('reportMarkdown', () => {
  it('renders a bug-ticket report with fenced JSON, findings and sightings, redacted', () => {
    const md = reportMarkdown(buildReport([input()], { generatedAt: 0 }));
    expect(md).toContain('# JWT Lens report');
    expect(md).toContain('signatures and secrets redacted');
    expect(md).toContain('```json\n{"sub":"alice"}\n```');
    expect(md).toContain('**critical** `weak-hmac-secret`');
    expect(md).not.toContain('hunter2');
    expect(md).toContain('| 1970-01-01T00:00:00.000Z | url | token | GET |');
  });
  it('fences survive backticks in claims and escapes table-breaking text', () => {
    const md = reportMarkdown(
      buildReport(
        [
          input({
            inspection: { kind: 'jws', rawPayload: '{"x":"```"}', verification: { status: 'no-key' } },
            sightings: [
              { direction: 'request', via: 'webrequest', location: { kind: 'header', name: 'a|b\nc' }, time: 0 },
            ],
          }),
        ],
        { generatedAt: 0 },
      ),
    );
    expect(md).toContain('````json\n{"x":"```"}\n````');
    expect(md).toContain('a\\|b c');
  });
});

describe('report from the one inspection', () => {
  it('takes the findings (with their counts) from the inspection when none are given', () => {
    const rest: ReportInput = input();
    delete rest.findings;
    const r = buildReport(
      [
        {
          ...rest,
          inspection: {
            ...rest.inspection!,
            findings: [
              { rule: 'sent-over-http', severity: 'high', message: 'Sent over http to hunter2.test', count: 4 },
            ],
          },
        },
      ],
      { generatedAt: 0 },
    );
    expect(r.tokens[0]!.findings).toEqual([
      { rule: 'sent-over-http', severity: 'high', message: `Sent over http to ${REDACTED}.test`, count: 4 },
    ]);
    expect(reportMarkdown(r)).toContain('(×4)');
  });
});
