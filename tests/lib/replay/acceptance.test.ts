import { describe, expect, it } from 'vitest';
import { bodySimilarity, judgeAcceptance, percent } from '../../../lib/replay/acceptance.ts';

const profile = (name: string, extra = '') =>
  JSON.stringify({ user: { name, email: `${name}@example.com`, roles: ['reader', 'writer'] }, items: [1, 2, 3] }) +
  extra;

describe('judgeAcceptance', () => {
  it('accepts the same status class with a body much like the original, and says the percentage', () => {
    const a = judgeAcceptance({ status: 200, body: profile('alice') }, { status: 200, body: profile('alice', ' ') });
    expect(a.verdict).toBe('accepted');
    expect(a.evidence).toMatch(/^200, body \d+ % like the original$/);
    expect(a.similarity).toBeGreaterThan(0.9);
  });

  it('refuses another status class, and a 2xx whose body is an error', () => {
    expect(
      judgeAcceptance({ status: 200, body: profile('alice') }, { status: 401, body: '{"error":"invalid_token"}' }),
    ).toEqual({
      verdict: 'refused',
      evidence: '401 (the original got 200)',
    });
    const e = judgeAcceptance(
      { status: 200, body: profile('alice') },
      { status: 200, body: '{"error":"invalid token"}' },
    );
    expect(e.verdict).toBe('refused');
    expect(e.evidence).toMatch(/^200, but body \d+ % like the original$/);
  });

  it('is inconclusive without a 2xx baseline (a 401 original), without a baseline, or on a network error', () => {
    expect(judgeAcceptance({ status: 401 }, { status: 200 }).verdict).toBe('inconclusive');
    expect(judgeAcceptance({ status: 401 }, { status: 200 }).evidence).toContain('the original got 401');
    expect(judgeAcceptance(undefined, { status: 200 }).verdict).toBe('inconclusive');
    expect(judgeAcceptance({ status: 200 }, { status: 0 }).verdict).toBe('inconclusive');
  });

  it('judges two empty bodies alike', () => {
    expect(judgeAcceptance({ status: 204, body: '' }, { status: 204 }).verdict).toBe('accepted');
  });
});

describe('bodySimilarity', () => {
  it('is 1 for equal text, 0 for unrelated text, in between for related text', () => {
    expect(bodySimilarity('a b c d', 'a b c d')).toBe(1);
    expect(bodySimilarity('alpha beta gamma delta', 'one two three four')).toBe(0);
    const s = bodySimilarity(profile('alice'), profile('bob'));
    expect(s).toBeGreaterThan(0.3);
    expect(s).toBeLessThan(1);
  });

  it('stays bounded on huge bodies (compares the first 64 KiB)', () => {
    const big = 'word '.repeat(2_000_000);
    const t0 = performance.now();
    expect(bodySimilarity(big, `${big}x`)).toBe(1);
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('never rounds a difference up to 100 %', () => {
    expect(percent(0.999)).toBe(99);
    expect(percent(1)).toBe(100);
    expect(percent(0.984)).toBe(98);
  });
});
