import { describe, expect, it } from 'vitest';
import { isErrorCode } from '../../../lib/error-codes.ts';
import {
  isOverrideRuleId,
  MAX_OVERRIDE_VALUE,
  OVERRIDE_RULE_BASE,
  overrideHeaderProblem,
  overrideRule,
  planOfRule,
  planOverride,
  tabOfOverrideRule,
} from '../../../lib/override/override-rule.ts';
import type { Sighting } from '../../../lib/types.ts';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln';
const EDITED = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0.c2ln';

const request = (location: Sighting['location'], url = 'https://app.example.com:8443/api/me?x=1'): Sighting => ({
  direction: 'request',
  via: 'webrequest',
  location,
  method: 'GET',
  url,
  time: 1,
  requestId: 'r1',
});

describe('planOverride', () => {
  it('replaces only the token inside the captured Authorization header, scheme and spacing kept', () => {
    const plan = planOverride(request({ kind: 'header', name: 'Authorization', scheme: 'bearer' }), TOKEN, EDITED, [
      { name: 'authorization', value: `bearer  ${TOKEN}` },
    ]);
    expect(plan).toEqual({
      ok: true,
      plan: { origin: 'https://app.example.com:8443', header: 'Authorization', value: `bearer  ${EDITED}` },
    });
  });

  it('rebuilds a header from its scheme when the request log did not keep it', () => {
    const plan = planOverride(request({ kind: 'header', name: 'Authorization', scheme: 'DPoP' }), TOKEN, EDITED);
    expect(plan.ok && plan.plan.value).toBe(`DPoP ${EDITED}`);
    const bare = planOverride(request({ kind: 'header', name: 'X-Access-Token' }), TOKEN, EDITED);
    expect(bare.ok && bare.plan).toMatchObject({ header: 'X-Access-Token', value: EDITED });
  });

  it('needs the captured value for a Basic half or a URL in a header', () => {
    const basic = planOverride(
      request({ kind: 'header', name: 'Authorization', scheme: 'Basic', credential: 'password' }),
      TOKEN,
      EDITED,
    );
    expect(basic.ok || basic.error.code).toBe('override-token-not-found');
  });

  it('sets the whole Cookie header with only that cookie’s value replaced, the others byte-identical', () => {
    const cookie = `theme=dark;  session=${TOKEN}; other=${TOKEN}x;last=1`;
    const plan = planOverride(request({ kind: 'cookie', name: 'session' }), TOKEN, EDITED, [
      { name: 'Cookie', value: cookie },
    ]);
    expect(plan).toEqual({
      ok: true,
      plan: {
        origin: 'https://app.example.com:8443',
        header: 'Cookie',
        value: `theme=dark;  session=${EDITED}; other=${TOKEN}x;last=1`,
        cookie: 'session',
      },
    });
    // A cookie of the same value under another name is left alone.
    const other = planOverride(request({ kind: 'cookie', name: 'last' }), '1', '2', [
      { name: 'cookie', value: cookie },
    ]);
    expect(other.ok && other.plan.value).toBe(`theme=dark;  session=${TOKEN}; other=${TOKEN}x;last=2`);
  });

  it('refuses a cookie without its captured Cookie header, or one that does not hold the token', () => {
    const none = planOverride(request({ kind: 'cookie', name: 'session' }), TOKEN, EDITED);
    expect(none.ok || none.error.code).toBe('override-no-cookie-header');
    const wrong = planOverride(request({ kind: 'cookie', name: 'session' }), TOKEN, EDITED, [
      { name: 'Cookie', value: `session=other; x=${TOKEN}` },
    ]);
    expect(wrong.ok || wrong.error.code).toBe('override-token-not-found');
  });

  it('refuses places an override cannot take, and non-http pages', () => {
    for (const [s, code] of [
      [request({ kind: 'query', name: 'access_token' }), 'override-location'],
      [request({ kind: 'json-body', name: 'token', jsonPath: 'token' }), 'override-location'],
      [{ ...request({ kind: 'header', name: 'Authorization' }), direction: 'response' as const }, 'override-location'],
      [request({ kind: 'header', name: 'Authorization' }, 'file:///etc/passwd'), 'override-location'],
      [request({ kind: 'header', name: 'Host' }), 'override-header'],
    ] as const) {
      const plan = planOverride(s, TOKEN, EDITED);
      expect(plan.ok || plan.error.code).toBe(code);
      if (!plan.ok) expect(isErrorCode(plan.error.code)).toBe(true);
    }
    const crlf = planOverride(
      request({ kind: 'header', name: 'Authorization', scheme: 'Bearer' }),
      TOKEN,
      'x\r\nEvil: 1',
    );
    expect(crlf.ok || crlf.error.code).toBe('override-value');
  });
});

describe('overrideHeaderProblem', () => {
  it('accepts a token header and refuses bad names, empty, long or multi-line values', () => {
    expect(overrideHeaderProblem('Authorization', 'Bearer x')).toBeUndefined();
    expect(overrideHeaderProblem('Bad Header', 'x')?.code).toBe('override-header');
    expect(overrideHeaderProblem('Content-Length', '1')?.code).toBe('override-header');
    expect(overrideHeaderProblem('X-T', '')?.code).toBe('override-value');
    expect(overrideHeaderProblem('X-T', 'x'.repeat(MAX_OVERRIDE_VALUE + 1))?.code).toBe('override-value');
    expect(overrideHeaderProblem('X-T', 'a\nb')?.code).toBe('override-value');
  });
});

describe('overrideRule', () => {
  const plan = { origin: 'http://127.0.0.1:5177', header: 'Authorization', value: `Bearer ${EDITED}` };

  it('sets the header on the one tab’s requests to the origin only, leaving the extension’s own requests alone', () => {
    const rule = overrideRule(OVERRIDE_RULE_BASE + 3, 1390160513, plan, 'extid');
    expect(rule).toMatchObject({
      id: OVERRIDE_RULE_BASE + 3,
      action: {
        type: 'modifyHeaders',
        requestHeaders: [{ header: 'Authorization', operation: 'set', value: plan.value }],
      },
      condition: { tabIds: [1390160513], urlFilter: '|http://127.0.0.1:5177/', excludedInitiatorDomains: ['extid'] },
    });
    expect(rule?.condition.resourceTypes).toContain('xmlhttprequest');
    expect(rule?.condition.resourceTypes).toContain('main_frame');
  });

  it('only has ids of its range and real tabs', () => {
    expect(overrideRule(5, 1, plan)).toBeUndefined();
    expect(overrideRule(OVERRIDE_RULE_BASE, -1, plan)).toBeUndefined();
    expect(isOverrideRuleId(OVERRIDE_RULE_BASE)).toBe(true);
    expect(isOverrideRuleId(3_000_000)).toBe(false);
  });

  it('is read back after a worker restart: its tab and its plan', () => {
    const rule = overrideRule(OVERRIDE_RULE_BASE, 42, plan)!;
    expect(tabOfOverrideRule(rule)).toBe(42);
    expect(planOfRule(rule)).toEqual(plan);
    // A replay's rule (another range) is not an override.
    expect(tabOfOverrideRule({ ...rule, id: 3_000_001 })).toBeUndefined();
    expect(planOfRule({ ...rule, id: 3_000_001 })).toBeUndefined();
    expect(planOfRule({ id: OVERRIDE_RULE_BASE, condition: { tabIds: [1], urlFilter: 'evil' } })).toBeUndefined();
  });
});
