// The registry is the single list of rules: every rule module is registered, referenced, documented.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isRule, RULE_MODULES, RULES } from '../../../lib/rules/index.ts';
import { catalogueMarkdown, END, START, withCatalogue } from '../../../scripts/rules-catalogue.ts';

// Every module of lib/rules/, found by the bundler: a new file is seen without editing this test.
const modules = import.meta.glob<Record<string, unknown>>('../../../lib/rules/**/*.ts', { eager: true });
// Modules of lib/rules/ that hold no rule: the registry, the rule shape and what rules share.
const HELPERS = new Set(['index.ts', 'define-rule.ts', 'finding.ts', 'context.ts', 'cookie.ts', 'common-secrets.ts']);
const nameOf = (path: string): string => path.replace(/^.*\/lib\/rules\//, '');

describe('rule registry', () => {
  it('finds the rule modules', () => {
    expect(Object.keys(modules).length).toBeGreaterThan(30);
  });

  it.each(Object.entries(modules).map(([path, mod]) => [nameOf(path), mod] as const))(
    '%s: its rules are registered (or it is a helper that declares none)',
    (name, mod) => {
      const rules = Object.values(mod).filter(isRule);
      if (HELPERS.has(name)) {
        if (name !== 'index.ts') expect(rules, `${name} is listed as a helper but declares a rule`).toEqual([]);
        return;
      }
      expect(rules.length, `${name} declares no rule with defineRule (add it, or list it as a helper)`).toBe(1);
      const rule = rules[0]!;
      expect(RULE_MODULES as readonly unknown[], `${rule.id} (${name}) is not in RULE_MODULES`).toContain(rule);
      // One job per file, named after the rule.
      expect(name).toBe(`${rule.id}.ts`);
    },
  );

  it('holds each rule once, each with a scope and a reference', () => {
    const ids = RULE_MODULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULE_MODULES) {
      expect(['token', 'sighting', 'sightings'], r.id).toContain(r.scope);
      expect(r.reference, r.id).toMatch(/RFC \d+|CVE-\d{4}-\d+|GHSA-|OWASP/);
    }
  });
});

describe('README findings catalogue', () => {
  const readme = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');

  it('is the one generated from the registry (run `npm run docs:rules` after changing a rule)', () => {
    expect(readme).toContain(START);
    expect(withCatalogue(readme)).toBe(readme);
  });

  it('names every rule with its severity and reference, and notices a change', () => {
    const md = catalogueMarkdown();
    for (const r of RULES) expect(md).toContain(`| \`${r.id}\` | ${r.severity} |`);
    const changed = RULES.map((r) => (r.id === 'alg-none' ? { ...r, severity: 'low' as const } : r));
    expect(withCatalogue(readme, changed)).not.toBe(readme);
    expect(() => withCatalogue(readme.replace(END, ''))).toThrow(/rules:start/);
  });
});
