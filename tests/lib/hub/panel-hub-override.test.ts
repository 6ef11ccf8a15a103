import { describe, expect, it } from 'vitest';
import { CaptureStore, type KeyValueStorage } from '../../../lib/capture/store.ts';
import { PanelHub, type HubOverrides, type PortLike } from '../../../lib/hub/panel-hub.ts';
import { PORT_NAME, PROTOCOL_VERSION } from '../../../lib/protocol/messages.ts';

const v = PROTOCOL_VERSION;

function memoryStorage(): KeyValueStorage {
  const data = new Map<string, unknown>();
  return {
    getAll: async () => structuredClone(Object.fromEntries(data)),
    set: async (items) => void Object.entries(items).forEach(([k, val]) => data.set(k, val)),
    remove: async (keys) => void keys.forEach((k) => data.delete(k)),
  };
}

function fakePort() {
  let onMessage: ((m: unknown) => void) | undefined;
  let onDisconnect: (() => void) | undefined;
  const received: unknown[] = [];
  const port: PortLike = {
    name: PORT_NAME,
    postMessage: (m) => received.push(m),
    onMessage: { addListener: (l) => void (onMessage = l) },
    onDisconnect: { addListener: (l) => void (onDisconnect = l) },
  };
  return { port, received, send: (m: unknown) => onMessage?.(m), disconnect: () => onDisconnect?.() };
}

function setup() {
  const calls: string[] = [];
  const overrides: HubOverrides = {
    use: (tab, plan) => calls.push(`use ${tab} ${plan.header}`),
    stop: (tab) => calls.push(`stop ${tab}`),
    hello: (tab) => calls.push(`hello ${tab}`),
    panelGone: (tab) => calls.push(`gone ${tab}`),
  };
  const hub = new PanelHub({
    store: new CaptureStore(memoryStorage()),
    settings: { load: async () => undefined, save: async () => undefined },
    schedule: () => undefined,
    log: { warn: () => undefined, error: () => undefined },
    overrides,
  });
  return { hub, calls };
}

const plan = { origin: 'http://127.0.0.1:5177', header: 'Authorization', value: 'Bearer a.b.c' };

describe('PanelHub and "Use this token in the app"', () => {
  it('routes use-in-app and stop to the tab the port said hello for, and tells the override on hello', () => {
    const { hub, calls } = setup();
    const p = fakePort();
    hub.connect(p.port);
    // Before hello the port has no tab: nothing happens.
    p.send({ v, kind: 'use-in-app', plan });
    p.send({ v, kind: 'hello', tabId: 4 });
    p.send({ v, kind: 'use-in-app', plan });
    p.send({ v, kind: 'stop-use-in-app' });
    // A malformed plan never reaches the overrides.
    p.send({ v, kind: 'use-in-app', plan: { ...plan, value: 'x\ny' } });
    expect(calls).toEqual(['hello 4', 'use 4 Authorization', 'stop 4']);
    expect(hub.hasPanel(4)).toBe(true);
  });

  it('ends the override only when the tab’s last panel disconnects (the panel page may die without a word)', () => {
    const { hub, calls } = setup();
    const a = fakePort();
    const b = fakePort();
    hub.connect(a.port);
    hub.connect(b.port);
    a.send({ v, kind: 'hello', tabId: 4 });
    b.send({ v, kind: 'hello', tabId: 4 });
    a.disconnect();
    expect(calls.filter((c) => c.startsWith('gone'))).toEqual([]);
    b.disconnect();
    expect(calls.filter((c) => c.startsWith('gone'))).toEqual(['gone 4']);
    expect(hub.hasPanel(4)).toBe(false);
  });

  it('sends a worker message to every panel of the tab', () => {
    const { hub } = setup();
    const p = fakePort();
    hub.connect(p.port);
    p.send({ v, kind: 'hello', tabId: 4 });
    hub.send(4, { v, kind: 'override', tabId: 4, active: null, ended: 'tab-closed' });
    hub.send(5, { v, kind: 'override', tabId: 5, active: null });
    expect(p.received).toContainEqual({ v, kind: 'override', tabId: 4, active: null, ended: 'tab-closed' });
    expect(p.received.filter((m) => (m as { tabId?: number }).tabId === 5)).toEqual([]);
  });
});
