import { describe, expect, it } from 'vitest';
import { inspect } from '../../../lib/inspect/index.ts';
import { buildReport } from '../../../lib/export/build-report.ts';
import { reportMarkdown } from '../../../lib/export/report-markdown.ts';
import type { EndpointTrial } from '../../../lib/types.ts';

const NOW = 1_800_000_000;
const b64u = (v: string) => Buffer.from(v).toString('base64url');
const token = `${b64u('{"alg":"HS256"}')}.${b64u('{"sub":"a"}')}.${b64u('sig-bytes-sig-bytes')}`;
const trial = (
  variant: string,
  label: string,
  verdict: EndpointTrial['verdict'],
  url = 'https://api.example/me',
): EndpointTrial => ({
  variant,
  label,
  method: 'GET',
  url,
  time: NOW * 1000,
  status: verdict === 'refused' ? 401 : 200,
  verdict,
  evidence: verdict === 'refused' ? '401 (the original got 200)' : '200, body 97 % like the original',
});

describe('server-accepts-forgery', () => {
  it('reports one CRITICAL finding per accepted variant and endpoint, counting its accepted forgeries', async () => {
    const endpointTrials = [
      trial('original', 'as captured', 'accepted'),
      trial('alg-none-case', 'alg: None, trailing dot', 'accepted'),
      trial('alg-none-case', 'alg: NONE, trailing dot', 'accepted'),
      trial('alg-none-case', 'alg: None, trailing dot', 'accepted', 'https://api.example/other'),
      trial('empty-key', 'HS256 with an empty key', 'refused'),
      trial('kid-injection', 'HS256, kid: SQL injection', 'inconclusive'),
    ];
    const found = (await inspect(token, { now: NOW, endpointTrials })).findings.filter(
      (f) => f.rule === 'server-accepts-forgery',
    );
    expect(found.map((f) => [f.severity, f.count, f.message])).toEqual([
      [
        'critical',
        2,
        'Server accepted alg: None, trailing dot (alg-none-case): 200, body 97 % like the original — GET https://api.example/me.',
      ],
      [
        'critical',
        1,
        'Server accepted alg: None, trailing dot (alg-none-case): 200, body 97 % like the original — GET https://api.example/other.',
      ],
    ]);
  });

  it('says HIGH when the endpoint answers without the token, and nothing for refused or inconclusive trials', async () => {
    const quiet = await inspect(token, { now: NOW, endpointTrials: [trial('alg-none', 'alg: none', 'refused')] });
    expect(quiet.findings.some((f) => f.rule === 'server-accepts-forgery')).toBe(false);
    const open = await inspect(token, {
      now: NOW,
      endpointTrials: [trial('no-token', 'without the token', 'accepted')],
    });
    const f = open.findings.find((x) => x.rule === 'server-accepts-forgery')!;
    expect(f.severity).toBe('high');
    expect(f.message).toContain('answered without the token like with it');
  });

  it('the report lists every trial, refused ones as passed, with tokens in URLs redacted', () => {
    const inUrl = `https://api.example/me?access_token=${token}`;
    const report = buildReport(
      [
        {
          token,
          sightings: [],
          validity: 'no-expiry',
          endpointTrials: [
            trial('alg-none', 'alg: none', 'refused', inUrl),
            trial('empty-key', 'empty key', 'accepted'),
          ],
        },
      ],
      {
        generatedAt: NOW * 1000,
        sentLog: [{ time: NOW * 1000, method: 'GET', url: inUrl, why: 'endpoint-test', status: 401 }],
      },
    );
    const tests = report.tokens[0]!.endpointTests!;
    expect(tests.map((t) => [t.variant, t.passed])).toEqual([
      ['alg-none', true],
      ['empty-key', false],
    ]);
    expect(tests[0]!.url).not.toContain(token.split('.')[2]);
    expect(report.sent![0]!.url).not.toContain(token.split('.')[2]);
    const md = reportMarkdown(report);
    expect(md).toContain('passed (refused)');
    expect(md).toContain('**accepted**');
    expect(md).toContain('## Requests JWT Lens sent');
    expect(md).not.toContain(token.split('.')[2]);
  });
});
