import { describe, expect, it } from 'vitest';
import { buildReport, reportJson } from '../../../lib/export/build-report.ts';
import { redactToken } from '../../../lib/export/redact.ts';
import { reportMarkdown } from '../../../lib/export/report-markdown.ts';
import { buildTimeline } from '../../../lib/timeline/build-timeline.ts';
import { timelineVerdicts } from '../../../lib/timeline/verdicts.ts';
import { access, API, at, bearer, captured, delivered } from '../timeline/scenario.ts';

// The app: 10-second access tokens, refreshed only after a 401.
const a1 = access(0, 10);
const a2 = access(12, 10);
const tokens = [
  captured(a1, [delivered('access_token', 0), bearer(`${API}/orders`, 5, 200), bearer(`${API}/orders`, 12, 401)]),
  captured(a2, [delivered('access_token', 12.4), bearer(`${API}/orders`, 12.6, 200)]),
];
const verdicts = timelineVerdicts(buildTimeline({ tokens, now: at(20) }));
const inputs = tokens.map((t) => ({ token: t.token, sightings: t.sightings, validity: 'expired' as const }));

describe('report: verdicts', () => {
  it('carries the verdicts per session in the JSON report', () => {
    const report = buildReport(inputs, { generatedAt: at(20), verdicts });
    expect(report.verdicts).toHaveLength(1);
    const lead = report.verdicts![0]!.verdicts.find((v) => v.id === 'refresh-lead')!;
    expect(lead).toMatchObject({ status: 'fail', title: 'Refreshes only after a 401' });
    expect(JSON.parse(reportJson(report)).verdicts[0].verdicts.map((v: { id: string }) => v.id)).toContain(
      'expired-sent',
    );
    expect(buildReport(inputs, { generatedAt: at(20) }).verdicts).toBeUndefined();
  });

  it('redacts a token found in a verdict’s evidence unless secrets are included', () => {
    const leaky = [
      { ...verdicts[0]!, verdicts: [{ ...verdicts[0]!.verdicts[3]!, evidence: [`GET /cb?t=${a1} at 14:00:12 UTC`] }] },
    ];
    const redacted = buildReport(inputs, { generatedAt: at(20), verdicts: leaky });
    expect(redacted.verdicts![0]!.verdicts[0]!.evidence[0]).toBe(`GET /cb?t=${redactToken(a1)} at 14:00:12 UTC`);
    const kept = buildReport(inputs, { generatedAt: at(20), verdicts: leaky, includeSecrets: true });
    expect(kept.verdicts![0]!.verdicts[0]!.evidence[0]).toContain(a1);
  });

  it('puts a Verdicts section with a row per verdict and its evidence before the tokens in Markdown', () => {
    const md = reportMarkdown(buildReport(inputs, { generatedAt: at(20), verdicts }));
    const section = md.indexOf('## Verdicts');
    expect(section).toBeGreaterThan(0);
    expect(section).toBeLessThan(md.indexOf('## Token 1'));
    expect(md).toContain('### https://id.example.com');
    expect(md).toContain('| `refresh-lead` | FAIL | Refreshes only after a 401 |');
    expect(md).toContain('| `expired-sent` | FAIL |');
    expect(md).toContain(
      "- alice's successor first seen 14:00:12 UTC: 2.4 s after the old one expired \\(14:00:10 UTC\\)",
    );
    expect(reportMarkdown(buildReport(inputs, { generatedAt: at(20) }))).not.toContain('## Verdicts');
  });
});
