import { showInvisible } from '../text/visible-text.ts';
import type { Report, ReportRequest, ReportToken } from './build-report.ts';

/** A fenced code block whose fence is longer than any backtick run inside. */
function fence(raw: string, lang = ''): string {
  // Invisible and bidi characters become ⟨U+202E⟩ markers: a reader of the ticket must see them.
  const text = showInvisible(raw);
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}${lang}\n${text}\n${f}`;
}

/** Inline text made safe for a Markdown table cell or line: no pipes, newlines or markup. */
function inline(text: string): string {
  return showInvisible(text.replace(/[\r\n]+/g, ' ')).replace(/([\\`*_{}[\]<>()#+!|])/g, '\\$1');
}

function tokenSection(t: ReportToken, n: number): string {
  const lines: string[] = [];
  lines.push(`## Token ${n} — ${inline(t.kind)}, ${inline(t.validity)}, signature ${inline(t.verification.status)}`);
  lines.push('');
  if (t.forged)
    lines.push(
      `**Forged in the JWT Lens workbench** (not seen in traffic)${t.forged.from !== undefined ? `, from:` : '.'}`,
      ...(t.forged.from !== undefined ? ['', fence(t.forged.from)] : []),
      '',
    );
  lines.push(fence(t.token));
  if (t.header !== undefined) lines.push('', '**Header**', '', fence(t.header, 'json'));
  if (t.payload !== undefined) lines.push('', '**Payload**', '', fence(t.payload, 'json'));
  if (t.tokenKind) {
    const provider = t.tokenKind.provider ? ` — issuer: ${inline(t.tokenKind.provider.name)}` : '';
    lines.push('', `**Kind:** ${inline(t.tokenKind.kind)} (${inline(t.tokenKind.reason)})${provider}`);
  }
  if (t.related?.length) {
    lines.push('', '**Related tokens**', '');
    for (const r of t.related)
      lines.push(
        `- ${inline(r.relation)} ${r.tokenNumber !== undefined ? `token ${r.tokenNumber}` : 'a token not in this report'} — ${inline(r.reason)}`,
      );
  }
  const v = t.verification;
  lines.push(
    '',
    `**Verification:** ${inline(v.status)}${v.keyLabel ? ` (key ${inline(v.keyLabel)})` : ''}${v.reason ? ` — ${inline(v.reason)}` : ''}`,
  );
  if (t.weakSecret !== undefined) lines.push('', `**Weak HMAC secret:** ${inline(t.weakSecret)}`);
  if (t.findings.length) {
    lines.push('', '**Findings**', '');
    for (const f of t.findings)
      lines.push(
        `- **${f.severity}** \`${f.rule}\` — ${inline(f.message)}${f.count && f.count > 1 ? ` (×${f.count})` : ''}`,
      );
  }
  if (t.endpointTests?.length) {
    lines.push(
      '',
      '**Endpoint tests**',
      '',
      '| variant | forgery | request | status | result | evidence |',
      '|---|---|---|---|---|---|',
    );
    for (const e of t.endpointTests)
      lines.push(
        `| ${inline(e.variant)} | ${inline(e.label)} | ${inline(`${e.method} ${e.url}`)} | ${e.status} | ${e.verdict === 'accepted' ? '**accepted**' : e.passed ? 'passed (refused)' : 'inconclusive'} | ${inline(e.evidence)} |`,
      );
  }
  if (t.sightings.length) {
    lines.push(
      '',
      '**Sightings**',
      '',
      '| time (UTC) | source | name | method | URL | status |',
      '|---|---|---|---|---|---|',
    );
    for (const s of t.sightings)
      lines.push(
        `| ${new Date(s.time).toISOString()} | ${inline(s.source)} | ${inline(s.label)} | ${inline(s.method ?? '')} | ${inline(s.url ?? '')} | ${s.status ?? ''} |`,
      );
  }
  return lines.join('\n');
}

const STATUS_WORDS: Readonly<Record<string, string>> = { pass: 'PASS', fail: 'FAIL', info: 'INFO', unknown: '?' };

function verdictsSection(groups: NonNullable<Report['verdicts']>): string {
  const lines = ['## Verdicts'];
  for (const g of groups) {
    lines.push('', `### ${inline(g.label)}`, '', '| verdict | result | |', '|---|---|---|');
    for (const v of g.verdicts)
      lines.push(`| \`${v.id}\` | ${STATUS_WORDS[v.status] ?? v.status} | ${inline(v.title)} |`);
    for (const v of g.verdicts) {
      if (!v.evidence.length) continue;
      lines.push('', `**${inline(v.title)}**`, '', ...v.evidence.map((e) => `- ${inline(e)}`));
    }
  }
  return lines.join('\n');
}

/** The request log as a table: when, method, URL, status, the server's challenge, which tokens. */
function requestSection(requests: readonly ReportRequest[]): string {
  const lines = [
    '## Requests',
    '',
    '| time (UTC) | method | URL | status | server said | tokens |',
    '|---|---|---|---|---|---|',
  ];
  for (const r of requests) {
    const said = [r.challenge?.error, r.challenge?.description].filter((x) => x !== undefined).join(': ');
    const tokens =
      r.tokenNumbers?.map((n) => `token ${n}`).join(', ') ?? (r.tokens.length ? `${r.tokens.length}` : '—');
    lines.push(
      `| ${new Date(r.time).toISOString()} | ${inline(r.method)} | ${inline(r.url)} | ${r.status ?? ''} | ${inline(said)} | ${inline(tokens)} |`,
    );
  }
  return lines.join('\n');
}

/** The report as Markdown for a bug ticket: one section per token, JSON in fenced blocks. */
export function reportMarkdown(report: Report): string {
  const head = [
    `# JWT Lens report`,
    '',
    `Generated ${report.generatedAt} — ${report.tokens.length} token${report.tokens.length === 1 ? '' : 's'}${report.redacted ? '; signatures and secrets redacted' : '; **includes signatures and secrets**'}.`,
  ];
  const sent = report.sent?.length
    ? [
        '',
        '## Requests JWT Lens sent',
        '',
        '| time (UTC) | why | method | URL | status |',
        '|---|---|---|---|---|',
        ...report.sent.map(
          (e) =>
            `| ${new Date(e.time).toISOString()} | ${inline(e.why)}${e.detail ? ` — ${inline(e.detail)}` : ''} | ${inline(e.method)} | ${inline(e.url)} | ${e.status ?? inline(e.error ?? '')} |`,
        ),
      ]
    : [];
  const verdicts = report.verdicts?.length ? [`\n${verdictsSection(report.verdicts)}`] : [];
  const sections = [...head, ...verdicts, ...report.tokens.map((t, i) => `\n${tokenSection(t, i + 1)}`)];
  if (report.requests?.length) sections.push(`\n${requestSection(report.requests)}`);
  sections.push(...sent);
  return `${sections.join('\n')}\n`;
}
