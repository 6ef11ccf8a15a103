// Generates the README's findings catalogue from the rule registry: `npm run docs:rules`.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RULES, type RuleInfo } from '../lib/rules/index.ts';

/** Markers around the generated section of README.md. */
export const START = '<!-- rules:start -->';
export const END = '<!-- rules:end -->';

const SCOPE_TEXT: Record<RuleInfo['scope'], string> = {
  token: 'token',
  sighting: 'each sighting',
  sightings: 'all sightings',
};

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

/** The catalogue as a Markdown table, one row per registered rule in registry order. */
export function catalogueMarkdown(rules: readonly RuleInfo[] = RULES): string {
  const rows = rules.map(
    (r) => `| \`${r.id}\` | ${r.severity} | ${SCOPE_TEXT[r.scope]} | ${cell(r.title)} | ${cell(r.reference)} |`,
  );
  return [
    `${rules.length} rules; severity is the most a rule reports (some findings are lower). Generated from`,
    '`lib/rules/index.ts` by `npm run docs:rules`; do not edit by hand.',
    '',
    '| Rule | Severity | Looks at | Title | Reference |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** The README text with its catalogue section replaced by the generated one (throws without markers). */
export function withCatalogue(readme: string, rules: readonly RuleInfo[] = RULES): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README.md has no ${START} … ${END} section`);
  // Prettier would re-align the table; the generator's text is the one kept.
  const body = `<!-- prettier-ignore-start -->\n${catalogueMarkdown(rules)}\n<!-- prettier-ignore-end -->`;
  return `${readme.slice(0, a + START.length)}\n${body}\n${readme.slice(b)}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const path = fileURLToPath(new URL('../README.md', import.meta.url));
  const before = readFileSync(path, 'utf8');
  const after = withCatalogue(before);
  if (after !== before) writeFileSync(path, after);
  console.log(after !== before ? 'README.md: findings catalogue updated' : 'README.md: findings catalogue up to date');
}
