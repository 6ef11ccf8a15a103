import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../../lib/protocol/messages.ts';
import { validatePanelMessage, validateWorkerMessage } from '../../../lib/protocol/validate.ts';

const v = PROTOCOL_VERSION;
const plan = { origin: 'http://127.0.0.1:5177', header: 'Authorization', value: 'Bearer a.b.c' };

describe('"Use this token in the app" messages', () => {
  it('accepts use-in-app with a plan and stop-use-in-app', () => {
    expect(validatePanelMessage({ v, kind: 'use-in-app', plan }).ok).toBe(true);
    expect(validatePanelMessage({ v, kind: 'use-in-app', plan: { ...plan, header: 'Cookie', cookie: 's' } }).ok).toBe(
      true,
    );
    expect(validatePanelMessage({ v, kind: 'stop-use-in-app' }).ok).toBe(true);
  });

  it('rejects plans the worker must never install', () => {
    for (const bad of [
      undefined,
      { ...plan, origin: 'http://127.0.0.1:5177/' },
      { ...plan, origin: 'file:///' },
      { ...plan, origin: 'HTTP://Example.com' },
      { ...plan, header: 'Host' },
      { ...plan, header: 'X Y' },
      { ...plan, value: 'Bearer x\r\nX-Evil: 1' },
      { ...plan, value: '' },
      { ...plan, cookie: 5 },
    ]) {
      const r = validatePanelMessage({ v, kind: 'use-in-app', plan: bad });
      expect(r.ok || r.error.code, JSON.stringify(bad)).toBe('bad-shape');
    }
  });

  it('accepts the worker’s override news and rejects malformed ones', () => {
    const active = { ...plan, since: 5 };
    expect(validateWorkerMessage({ v, kind: 'override', tabId: 3, active }).ok).toBe(true);
    expect(validateWorkerMessage({ v, kind: 'override', tabId: 3, active: null, ended: 'panel-closed' }).ok).toBe(true);
    expect(
      validateWorkerMessage({
        v,
        kind: 'override',
        tabId: 3,
        active: null,
        error: { code: 'override-permission', message: 'no' },
      }).ok,
    ).toBe(true);
    for (const bad of [
      { tabId: 3 },
      { tabId: 3, active: { ...plan } },
      { tabId: 3, active: null, ended: 'exploded' },
      { tabId: 3, active: null, error: { code: 'made-up', message: 'x' } },
      { tabId: 'x', active: null },
    ]) {
      const r = validateWorkerMessage({ v, kind: 'override', ...bad });
      expect(r.ok || r.error.code, JSON.stringify(bad)).toBe('bad-shape');
    }
  });
});
