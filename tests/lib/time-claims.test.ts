import { describe, expect, it } from 'vitest';
import { inspect } from '../../lib/index.ts';
import { memberLexeme } from '../../lib/json-text.ts';
import {
  claimText,
  describeRelative,
  formatDuration,
  formatLateness,
  readTimeClaim,
  timeMarkAt,
  timeStatus,
  toUtcString,
} from '../../lib/time-claims.ts';

const NOW = 1_800_000_000;

describe('timeStatus', () => {
  it.each([
    [{ exp: NOW + 600 }, 'valid'],
    [{ exp: NOW - 7200 }, 'expired'],
    [{ exp: NOW - 30 }, 'expired'], // no hidden tolerance: the default skew is 0 s
    [{ exp: NOW - 61 }, 'expired'],
    [{ nbf: NOW + 3600, exp: NOW + 7200 }, 'not-yet-valid'],
    [{ nbf: NOW + 30, exp: NOW + 7200 }, 'not-yet-valid'],
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
    // What the old hidden 60 s default allowed now takes an explicit skew.
    expect(timeStatus({ exp: NOW - 30 }, NOW, 60).state).toBe('valid');
    expect(timeStatus({ nbf: NOW + 30, exp: NOW + 7200 }, NOW, 60).state).toBe('valid');
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

describe('exact time states (RFC 7519 §4.1.4, §4.1.5) with an injected clock', () => {
  const EXP = 1_800_000_000;
  it.each([
    // [now, skew, state]
    [EXP - 1, 0, 'valid'],
    [EXP - 0.001, 0, 'valid'],
    [EXP, 0, 'expired'], // the second exp passes: now >= exp
    [EXP + 1, 0, 'expired'],
    [EXP - 1, 5, 'valid'],
    [EXP, 5, 'valid'],
    [EXP + 1, 5, 'valid'],
    [EXP + 4, 5, 'valid'],
    [EXP + 5, 5, 'expired'],
    [EXP + 6, 5, 'expired'],
    [EXP + 1, -30, 'expired'], // a negative skew is no skew
  ] as const)('exp at now = exp%s, skew %s s → %s', (now, skew, state) => {
    expect(timeStatus({ exp: EXP }, now, skew).state).toBe(state);
  });

  it.each([
    [EXP - 1, 0, 'not-yet-valid'],
    [EXP, 0, 'valid'], // usable from the second nbf names
    [EXP + 1, 0, 'valid'],
    [EXP - 6, 5, 'not-yet-valid'],
    [EXP - 5, 5, 'valid'],
    [EXP - 1, 5, 'valid'],
  ] as const)('nbf at now %s, skew %s s → %s', (now, skew, state) => {
    expect(timeStatus({ nbf: EXP, exp: EXP + 3600 }, now, skew).state).toBe(state);
  });
});

describe('sighting time marks', () => {
  const EXP = 1_800_000_000;
  const ms = (s: number) => s * 1000;
  it('marks a use after exp with how late, with the same skew as the state', () => {
    expect(timeMarkAt({ exp: EXP }, ms(EXP - 1))).toBeUndefined();
    expect(timeMarkAt({ exp: EXP }, ms(EXP))).toEqual({ kind: 'after-expiry', seconds: 0 });
    expect(timeMarkAt({ exp: EXP }, ms(EXP + 2))).toEqual({ kind: 'after-expiry', seconds: 2 });
    expect(timeMarkAt({ exp: EXP }, ms(EXP + 2), 5)).toBeUndefined();
    expect(timeMarkAt({ exp: EXP }, ms(EXP + 5), 5)).toEqual({ kind: 'after-expiry', seconds: 5 });
    for (const [t, skew] of [
      [EXP - 1, 0],
      [EXP, 0],
      [EXP + 1, 0],
      [EXP + 4, 5],
      [EXP + 5, 5],
    ] as const)
      expect(timeMarkAt({ exp: EXP }, ms(t), skew) !== undefined).toBe(
        timeStatus({ exp: EXP }, t, skew).state === 'expired',
      );
  });

  it('marks a use before nbf with how early', () => {
    expect(timeMarkAt({ nbf: EXP, exp: EXP + 60 }, ms(EXP - 3))).toEqual({ kind: 'before-nbf', seconds: 3 });
    expect(timeMarkAt({ nbf: EXP, exp: EXP + 60 }, ms(EXP))).toBeUndefined();
    expect(timeMarkAt({ nbf: EXP, exp: EXP + 60 }, ms(EXP - 3), 5)).toBeUndefined();
  });

  it('no mark without usable claims or time', () => {
    expect(timeMarkAt({ sub: 'x' }, ms(EXP))).toBeUndefined();
    expect(timeMarkAt({ exp: 'soon' }, ms(EXP))).toBeUndefined();
    expect(timeMarkAt({ exp: EXP }, Number.NaN)).toBeUndefined();
    expect(timeMarkAt(null, ms(EXP))).toBeUndefined();
  });

  it('says lateness in tenths below a second', () => {
    expect(formatLateness(0.42)).toBe('0.4 s');
    expect(formatLateness(0)).toBe('0 s');
    expect(formatLateness(2.7)).toBe('2 s');
    expect(formatLateness(-125)).toBe('2 min');
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
