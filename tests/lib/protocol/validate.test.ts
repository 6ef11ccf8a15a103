import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../../lib/protocol/messages.ts';
import { validatePanelMessage, validateWorkerMessage } from '../../../lib/protocol/validate.ts';

const v = PROTOCOL_VERSION;
const token = {
  token: 'a.b.c',
  firstSeen: 1,
  lastSeen: 2,
  count: 1,
  sightings: [
    {
      direction: 'request',
      via: 'webrequest',
      location: { kind: 'header', name: 'Authorization', scheme: 'Bearer' },
      resourceType: 'xmlhttprequest',
      time: 2,
      method: 'GET',
      url: 'https://x/',
      status: 200,
    },
  ],
};

describe('panel → worker messages', () => {
  it('accepts a report of tokens the panel found, and rejects malformed ones', () => {
    const found = [
      {
        token: 'a.b.c',
        sighting: {
          direction: 'stored',
          via: 'page-storage',
          location: { kind: 'storage', area: 'local', name: 'auth' },
          time: 1,
          url: 'https://x/',
        },
      },
    ];
    expect(validatePanelMessage({ v, kind: 'report', found }).ok).toBe(true);
    expect(validatePanelMessage({ v, kind: 'report', found: [{ token: '', sighting: found[0]!.sighting }] }).ok).toBe(
      false,
    );
    expect(validatePanelMessage({ v, kind: 'report', found: [{ token: 'a.b.c', sighting: { source: 'x' } }] }).ok).toBe(
      false,
    );
    expect(validatePanelMessage({ v, kind: 'preserve-log', enabled: true }).ok).toBe(true);
    expect(validatePanelMessage({ v, kind: 'preserve-log', enabled: 'yes' }).ok).toBe(false);
  });

  it('accepts hello and clear', () => {
    expect(validatePanelMessage({ v, kind: 'hello', tabId: 7 })).toEqual({
      ok: true,
      message: { v, kind: 'hello', tabId: 7 },
    });
    expect(validatePanelMessage({ v, kind: 'clear' }).ok).toBe(true);
  });

  it.each([
    [null, 'not-object'],
    ['hello', 'not-object'],
    [{ kind: 'hello', tabId: 1 }, 'version-mismatch'],
    [{ v: v + 1, kind: 'hello', tabId: 1 }, 'version-mismatch'],
    [{ v }, 'no-kind'],
    [{ v, kind: 'hello' }, 'bad-shape'],
    [{ v, kind: 'hello', tabId: -1 }, 'bad-shape'],
    [{ v, kind: 'hello', tabId: '1' }, 'bad-shape'],
    [{ v, kind: 'explode' }, 'unknown-kind'],
  ])('rejects %j with %s', (message, code) => {
    const r = validatePanelMessage(message);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe(code);
  });
});

describe('worker → panel messages', () => {
  it('accepts a snapshot and a token event', () => {
    expect(
      validateWorkerMessage({ v, kind: 'snapshot', tabId: 1, tokens: [token], dropped: 0, preserveLog: false }).ok,
    ).toBe(true);
    expect(validateWorkerMessage({ v, kind: 'snapshot', tabId: 1, tokens: [token], dropped: 0 }).ok).toBe(false);
    expect(validateWorkerMessage({ v, kind: 'settings', preserveLog: true }).ok).toBe(true);
    expect(validateWorkerMessage({ v, kind: 'cleared', tabId: 1, reason: 'navigation', url: 'https://a/' }).ok).toBe(
      true,
    );
    expect(validateWorkerMessage({ v, kind: 'cleared', tabId: 1, reason: 'boredom' }).ok).toBe(false);
    expect(
      validateWorkerMessage({ v, kind: 'tokens', tabId: 1, tokens: [token], evicted: ['x.y.z'], dropped: 3 }).ok,
    ).toBe(true);
    expect(validateWorkerMessage({ v, kind: 'tokens', tabId: 1, tokens: [token], evicted: [1], dropped: 3 }).ok).toBe(
      false,
    );
    expect(validateWorkerMessage({ v, kind: 'tokens', tabId: 1, tokens: [token], dropped: 3 }).ok).toBe(false);
    expect(validateWorkerMessage({ v, kind: 'error', code: 'x', message: 'y' }).ok).toBe(true);
  });

  it('rejects tokens with malformed sightings', () => {
    const bad = (patch: object) => ({ ...token, sightings: [{ ...token.sightings[0], ...patch }] });
    for (const t of [
      bad({ direction: 'sideways' }),
      bad({ via: 'smoke-signal' }),
      bad({ location: { kind: 'header' } }),
      bad({ time: 'now' }),
      bad({ status: '200' }),
      bad({ cookieAttributes: 'yes' }),
    ]) {
      const r = validateWorkerMessage({ v, kind: 'tokens', tabId: 1, tokens: [t], evicted: [], dropped: 0 });
      expect(r.ok).toBe(false);
    }
    expect(validateWorkerMessage({ v, kind: 'snapshot', tabId: 1, tokens: 'all', dropped: 0 }).ok).toBe(false);
  });

  it('checks each location kind for the fields it needs', () => {
    const ok = (location: object, patch: object = {}) =>
      validateWorkerMessage({
        v,
        kind: 'tokens',
        tabId: 1,
        tokens: [{ ...token, sightings: [{ ...token.sightings[0], location, ...patch }] }],
        evicted: [],
        dropped: 0,
      }).ok;
    const stored = { direction: 'stored', via: 'page-storage', status: undefined };
    expect(ok({ kind: 'header', name: 'Location', url: { kind: 'fragment', name: 'id_token' } })).toBe(true);
    expect(ok({ kind: 'header', name: 'Location', url: { kind: 'body', name: 'x' } })).toBe(false);
    expect(ok({ kind: 'header', name: 'Authorization', scheme: 'Basic', credential: 'password' })).toBe(true);
    expect(ok({ kind: 'header', name: 'Authorization', credential: 'both' })).toBe(false);
    expect(ok({ kind: 'json-body', name: 'access_token', jsonPath: 'data.access_token' })).toBe(true);
    expect(ok({ kind: 'json-body', name: 'access_token' })).toBe(false);
    expect(ok({ kind: 'form-body', name: 'assertion' })).toBe(true);
    expect(ok({ kind: 'storage', area: 'session', name: 'k', jsonPath: 'a.b' }, stored)).toBe(true);
    expect(ok({ kind: 'storage', area: 'cookie', name: 'k' }, stored)).toBe(false);
    expect(ok({ kind: 'paste', name: 'paste' }, { direction: 'input', via: 'paste', status: undefined })).toBe(true);
    expect(ok({ kind: 'carrier-pigeon', name: 'x' })).toBe(false);
    // A stored or pasted token answered no request: a status on it is rejected.
    expect(ok({ kind: 'storage', area: 'local', name: 'k' }, { ...stored, status: 200 })).toBe(false);
  });

  it('rejects a v3 sighting (source/name/type): the worker migrates stored ones before sending', () => {
    const v3 = { ...token, sightings: [{ source: 'header', name: 'Authorization', time: 2, type: 'xmlhttprequest' }] };
    expect(validateWorkerMessage({ v, kind: 'tokens', tabId: 1, tokens: [v3], evicted: [], dropped: 0 }).ok).toBe(
      false,
    );
    expect(PROTOCOL_VERSION).toBe(4);
  });

  it('carries notices about the stored capture on the snapshot', () => {
    const snap = { v, kind: 'snapshot', tabId: 1, tokens: [], dropped: 0, preserveLog: false };
    const notice = { code: 'unreadable', count: 2, message: '2 stored tokens or sightings could not be read' };
    expect(validateWorkerMessage({ ...snap, notices: [notice] }).ok).toBe(true);
    expect(validateWorkerMessage({ ...snap, notices: [{ ...notice, code: 'shrug' }] }).ok).toBe(false);
    expect(validateWorkerMessage({ ...snap, notices: 'none' }).ok).toBe(false);
  });

  it('reports a version mismatch so the panel can ask to reopen DevTools', () => {
    const r = validateWorkerMessage({ v: v + 1, kind: 'snapshot', tabId: 1, tokens: [], dropped: 0 });
    expect(r).toMatchObject({ ok: false, error: { code: 'version-mismatch' } });
  });
});

describe('request-log records on worker messages', () => {
  const record = {
    requestId: '7',
    time: 1,
    method: 'POST',
    url: 'https://x/api',
    type: 'xmlhttprequest',
    headers: [{ name: 'Authorization', value: 'Bearer a.b.c' }],
    body: { form: { a: ['1'] }, size: 2, kept: 2 },
    status: 401,
    responseTime: 2,
    serverDate: 3,
    challenge: { raw: 'Bearer error="invalid_token"', scheme: 'Bearer', error: 'invalid_token' },
    responseHeaders: [{ name: 'Date', value: 'x' }],
    tokens: ['a.b.c'],
  };
  const snapshot = (requests: unknown) => ({
    v,
    kind: 'snapshot',
    tabId: 1,
    tokens: [token],
    dropped: 0,
    preserveLog: true,
    requests,
  });
  const batch = (o: object) => ({ v, kind: 'tokens', tabId: 1, tokens: [], evicted: [], dropped: 0, ...o });

  it('accepts records on a snapshot and on a tokens batch, with evicted ids', () => {
    expect(validateWorkerMessage(snapshot([record])).ok).toBe(true);
    expect(validateWorkerMessage(snapshot([{ ...record, headers: undefined, body: undefined, tokens: [] }])).ok).toBe(
      true,
    );
    expect(validateWorkerMessage(batch({ requests: [record], requestsEvicted: ['1', '2'] })).ok).toBe(true);
  });

  it('rejects malformed records and evicted ids', () => {
    for (const bad of [
      { ...record, requestId: 7 },
      { ...record, tokens: undefined },
      { ...record, tokens: [1] },
      { ...record, headers: [{ name: 'A' }] },
      { ...record, status: '401' },
      { ...record, challenge: { error: 'x' } },
      { ...record, body: { text: 1, size: 1, kept: 1 } },
      { ...record, body: { form: { a: [1] }, size: 1, kept: 1 } },
      { ...record, headersOmitted: -1 },
    ]) {
      const r = validateWorkerMessage(snapshot([bad]));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('bad-shape');
    }
    expect(validateWorkerMessage(snapshot({})).ok).toBe(false);
    expect(validateWorkerMessage(batch({ requestsEvicted: [3] })).ok).toBe(false);
    expect(validateWorkerMessage(batch({ requests: [{ ...record, url: null }] })).ok).toBe(false);
  });

  it('accepts a removed set-cookie response sighting (a logout), but no other removed response', () => {
    const sighting = {
      direction: 'response',
      via: 'webrequest',
      location: { kind: 'set-cookie', name: 'session' },
      removed: true,
      status: 200,
      time: 5,
    };
    const msg = (s: object) => ({ ...snapshot(undefined), tokens: [{ ...token, sightings: [s] }] });
    expect(validateWorkerMessage(msg(sighting)).ok).toBe(true);
    expect(validateWorkerMessage(msg({ ...sighting, location: { kind: 'header', name: 'X' } })).ok).toBe(false);
    expect(
      validateWorkerMessage(msg({ ...sighting, direction: 'request', location: { kind: 'cookie', name: 's' } })).ok,
    ).toBe(false);
  });
});
