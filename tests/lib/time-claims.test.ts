import { describe, expect, it } from 'vitest';
import { inspect } from '../../lib/index.ts';
import { memberLexeme } from '../../lib/json-text.ts';
import {
  claimText,
  describeRelative,
  formatDuration,
  readTimeClaim,
  timeStatus,
  toUtcString,
} from '../../lib/time-claims.ts';

const NOW = 1_800_000_000;

describe('timeStatus', () => {
  it.each([
    [{ exp: NOW + 600 }, 'valid'],
    [{ exp: NOW - 7200 }, 'expired'],
    [{ exp: NOW - 30 }, 'valid'], // inside the default 60 s skew
    [{ exp: NOW - 61 }, 'expired'],
    [{ nbf: NOW + 3600, exp: NOW + 7200 }, 'not-yet-valid'],
    [{ nbf: NOW + 30, exp: NOW + 7200 }, 'valid'],
    [{ sub: 'x' }, 'no-expiry'],
    [{ nbf: NOW + 3600 }, 'not-yet-valid'],
    [{ exp: 'tomorrow' }, 'no-expiry'],
    ['not an object', 'no-expiry'],
  ] as const)('%j → %s', (payload, state) => {
    expect(timeStatus(payload, NOW).state).toBe(state);
  });

  it('honours a custom skew', () => {
    expect(timeStatus({ exp: NOW - 30 }, NOW, 0).state).toBe('expired');
    expect(timeStatus({ exp: NOW - 300 }, NOW, 600).state).toBe('valid');
  });

  it('detects NumericDates given in milliseconds, and non-numbers', () => {
    expect(readTimeClaim({ exp: NOW * 1000 }, 'exp')?.problem).toBe('milliseconds');
    expect(readTimeClaim({ exp: '1800000000' }, 'exp')?.problem).toBe('not-a-number');
    expect(readTimeClaim({ exp: -1 }, 'exp')?.problem).toBe('negative');
    expect(readTimeClaim({ exp: 1e300 }, 'exp')?.problem).toBe('out-of-range');
    expect(readTimeClaim({ exp: NOW }, 'exp')?.problem).toBeUndefined();
    expect(readTimeClaim({}, 'exp')).toBeUndefined();
    // A millisecond exp is read literally, as servers do: far in the future, so "valid".
    expect(timeStatus({ exp: (NOW - 3600) * 1000 }, NOW).state).toBe('valid');
  });
});

describe('human wording', () => {
  it('speaks in the largest whole unit', () => {
    expect(formatDuration(4 * 60 + 10)).toBe('4 min');
    expect(formatDuration(-2 * 3600 - 5)).toBe('2 h');
    expect(formatDuration(0.2)).toBe('0 s');
    expect(describeRelative('exp', NOW + 240, NOW)).toBe('expires in 4 min');
    expect(describeRelative('exp', NOW - 7200, NOW)).toBe('expired 2 h ago');
    expect(describeRelative('nbf', NOW + 86400 * 3, NOW)).toBe('valid in 3 d');
    expect(describeRelative('iat', NOW - 5, NOW)).toBe('issued 5 s ago');
    expect(describeRelative('iat', NOW + 120, NOW)).toBe('issued 2 min in the future');
  });

  it('gives UTC text, or nothing outside the Date range', () => {
    expect(toUtcString(0)).toBe('1970-01-01T00:00:00Z');
    expect(toUtcString(1e300)).toBeUndefined();
  });
});

describe('a NumericDate JSON cannot hold (exp: 1e400)', () => {
  const text = '{"sub":"a","exp":1e400,"nbf":-1E999,"iat":1.0e12}';
  const payload = JSON.parse(text) as Record<string, unknown>;

  it('is a number out of range, carried as written', () => {
    expect(payload.exp).toBe(Infinity);
    const exp = readTimeClaim(payload, 'exp', text)!;
    expect(exp.problem).toBe('out-of-range');
    expect(exp.text).toBe('1e400');
    expect(claimText(exp)).toBe('1e400');
    expect(readTimeClaim(payload, 'nbf', text)).toMatchObject({ problem: 'out-of-range', text: '-1E999' });
    // Only unsound claims carry their text; without the payload text the value itself is named.
    expect(readTimeClaim(payload, 'iat', text)).toMatchObject({ problem: 'milliseconds', text: '1.0e12' });
    expect(claimText(readTimeClaim(payload, 'exp')!)).toBe('Infinity');
    expect(timeStatus(payload, NOW, 60, text).claims.map((c) => c.text)).toEqual(['1e400', '-1E999', '1.0e12']);
  });

  it('reads the last of repeated members and never a nested one', () => {
    expect(memberLexeme('{"exp":1,"a":{"exp":2e400},"exp":3e400}', 'exp')).toBe('3e400');
    expect(memberLexeme('{"a":{"exp":2e400}}', 'exp')).toBeUndefined();
    expect(memberLexeme('{"\\u0065xp":5e500}', 'exp')).toBe('5e500');
  });

  it('shows as written in the invalid-date finding of a token minted here', async () => {
    const token = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(text).toString('base64url')}.`;
    const i = await inspect(token, { now: NOW });
    const messages = i.findings.filter((f) => f.rule === 'numericdate-invalid').map((f) => f.message);
    expect(messages).toContain('"exp" is 1e400, beyond the range of any date.');
    expect(messages).toContain('"nbf" is -1E999, beyond the range of any date.');
    expect(messages.join(' ')).not.toContain('null');
  });
});
