import { describe, expect, it } from 'vitest';
import { OverrideManager, type DnrLike, type OverrideNews } from '../../../lib/override/override-manager.ts';
import { OVERRIDE_RULE_BASE, overrideRule, type OverrideRule } from '../../../lib/override/override-rule.ts';

const PLAN = { origin: 'http://127.0.0.1:5177', header: 'Authorization', value: 'Bearer edited' };
const COOKIE = { origin: 'http://127.0.0.1:5177', header: 'Cookie', value: 'a=1; s=edited', cookie: 's' };

/** declarativeNetRequest's session rules in memory, with a switch that makes calls fail. */
function fakeDnr(initial: OverrideRule[] = []) {
  const rules = new Map<number, OverrideRule>(initial.map((r) => [r.id, r]));
  const calls: { addRules?: OverrideRule[]; removeRuleIds?: number[] }[] = [];
  const dnr: DnrLike & { failing: boolean } = {
    failing: false,
    getSessionRules: async () => structuredClone([...rules.values()]),
    async updateSessionRules(o) {
      calls.push(structuredClone(o));
      if (this.failing) throw new Error('refused');
      for (const id of o.removeRuleIds ?? []) rules.delete(id);
      for (const r of o.addRules ?? []) {
        if (rules.has(r.id)) throw new Error(`duplicate id ${r.id}`);
        rules.set(r.id, structuredClone(r));
      }
    },
  };
  return { dnr, rules, calls };
}

function setup(initial: OverrideRule[] = [], panels = new Set<number>([7, 8])) {
  const fake = fakeDnr(initial);
  const news: [number, OverrideNews][] = [];
  let available = true;
  const manager = new OverrideManager({
    dnr: () => (available ? fake.dnr : undefined),
    notify: (tab, n) => news.push([tab, structuredClone(n)]),
    hasPanel: (tab) => panels.has(tab),
    now: () => 1000,
    ownId: 'ext',
  });
  return { ...fake, news, manager, panels, revoke: () => void (available = false) };
}

describe('OverrideManager', () => {
  it('installs one rule per tab, replaces it in place, and stops it', async () => {
    const t = setup();
    await t.manager.use(7, PLAN);
    await t.manager.use(8, COOKIE);
    expect([...t.rules.values()].map((r) => r.condition.tabIds)).toEqual([[7], [8]]);
    expect(t.news.at(-1)).toEqual([8, { active: { ...COOKIE, since: 1000 } }]);
    await t.manager.use(7, { ...PLAN, value: 'Bearer other' });
    expect(t.rules.size).toBe(2);
    expect(t.rules.get(OVERRIDE_RULE_BASE)?.action.requestHeaders[0]?.value).toBe('Bearer other');
    expect(t.news.at(-1)).toEqual([7, { active: { ...PLAN, value: 'Bearer other', since: 1000 }, ended: 'replaced' }]);
    await t.manager.stop(7, 'stopped');
    expect([...t.rules.keys()]).toEqual([OVERRIDE_RULE_BASE + 1]);
    expect(t.news.at(-1)).toEqual([7, { active: null, ended: 'stopped' }]);
    expect(t.manager.stateOf(7)).toBeUndefined();
    expect(t.manager.stateOf(8)?.cookie).toBe('s');
  });

  it('ends the override when the tab’s last panel goes away or the tab closes', async () => {
    const t = setup();
    await t.manager.use(7, PLAN);
    await t.manager.use(8, PLAN);
    await t.manager.panelGone(7);
    await t.manager.stop(8, 'tab-closed');
    expect(t.rules.size).toBe(0);
    expect(t.news.slice(-2)).toEqual([
      [7, { active: null, ended: 'panel-closed' }],
      [8, { active: null, ended: 'tab-closed' }],
    ]);
    // Nothing to end: no news, no call.
    const before = t.calls.length;
    await t.manager.panelGone(9);
    expect(t.calls.length).toBe(before);
    expect(t.news.length).toBe(4);
  });

  it('says why it could not: no permission, a bad plan, the browser refusing', async () => {
    const t = setup();
    await t.manager.use(7, { ...PLAN, value: 'a\nb' });
    expect(t.news.at(-1)?.[1].error?.code).toBe('override-value');
    t.dnr.failing = true;
    await t.manager.use(7, PLAN);
    expect(t.news.at(-1)?.[1]).toMatchObject({ active: null, error: { code: 'override-failed' } });
    t.revoke();
    await t.manager.use(7, PLAN);
    expect(t.news.at(-1)?.[1]).toMatchObject({ active: null, error: { code: 'override-permission' } });
    expect(t.rules.size).toBe(0);
  });

  it('after a worker restart: a returning panel adopts its tab’s rule, the sweep removes rules of tabs without a panel', async () => {
    const left = [
      overrideRule(OVERRIDE_RULE_BASE, 7, PLAN)!,
      overrideRule(OVERRIDE_RULE_BASE + 1, 9, PLAN)!,
      // A rule of the range the manager cannot read (not one of its own shapes): removed too.
      {
        ...overrideRule(OVERRIDE_RULE_BASE + 2, 10, PLAN)!,
        condition: { ...overrideRule(OVERRIDE_RULE_BASE + 2, 10, PLAN)!.condition, tabIds: [] },
      },
      // Another feature's session rule: left alone.
      { ...overrideRule(OVERRIDE_RULE_BASE, 11, PLAN)!, id: 3_000_000 },
    ];
    const t = setup(left, new Set([7]));
    await t.manager.hello(7);
    expect(t.news).toEqual([[7, { active: { ...PLAN, since: 1000 } }]]);
    await t.manager.sweep();
    expect([...t.rules.keys()].sort((a, b) => a - b)).toEqual([3_000_000, OVERRIDE_RULE_BASE]);
    expect(t.manager.stateOf(7)).toMatchObject(PLAN);
    // A new override takes a free id next to the adopted one.
    await t.manager.use(8, COOKIE);
    expect(t.rules.get(OVERRIDE_RULE_BASE + 1)?.condition.tabIds).toEqual([8]);
  });

  it('a hello without an override says so (a panel that thought one was on learns it is off)', async () => {
    const t = setup();
    await t.manager.hello(7);
    expect(t.news).toEqual([[7, { active: null }]]);
  });

  it('runs one operation at a time in call order', async () => {
    const t = setup();
    const a = t.manager.use(7, PLAN);
    const b = t.manager.stop(7, 'stopped');
    const c = t.manager.use(7, COOKIE);
    await Promise.all([a, b, c]);
    expect(t.news.map(([, n]) => n.active?.header ?? null)).toEqual(['Authorization', null, 'Cookie']);
    expect([...t.rules.values()].map((r) => r.action.requestHeaders[0]?.header)).toEqual(['Cookie']);
  });
});
