import type { ErrorInfo } from '../types.ts';
import {
  isOverrideRuleId,
  OVERRIDE_RULE_BASE,
  OVERRIDE_RULE_RANGE,
  overrideHeaderProblem,
  overrideRule,
  planOfRule,
  tabOfOverrideRule,
  type OverridePlan,
  type OverrideRule,
  type SessionRuleLike,
} from './override-rule.ts';

/** The slice of `chrome.declarativeNetRequest` the manager uses (the worker passes the real one; tests a fake). */
export interface DnrLike {
  getSessionRules(): Promise<SessionRuleLike[]>;
  updateSessionRules(options: { addRules?: OverrideRule[]; removeRuleIds?: number[] }): Promise<void>;
}

/** An override in force on a tab: its plan and since when (epoch ms). */
export interface OverrideState extends OverridePlan {
  since: number;
}

/** Why an override ended. */
export type OverrideEnd = 'stopped' | 'panel-closed' | 'tab-closed' | 'replaced' | 'failed';

/** What the manager tells a tab's panels: the override now (null: none), why the last one ended, what failed. */
export interface OverrideNews {
  active: OverrideState | null;
  ended?: OverrideEnd;
  error?: ErrorInfo;
}

/** What an {@link OverrideManager} is built from. */
export interface OverrideManagerOptions {
  /** The declarativeNetRequest API, or undefined while its optional permission is not granted. */
  dnr(): DnrLike | undefined;
  /** Sends news to the tab's panels. */
  notify(tabId: number, news: OverrideNews): void;
  /** Whether a panel is open for the tab now. */
  hasPanel(tabId: number): boolean;
  /** Epoch milliseconds. */
  now(): number;
  /** The extension's runtime id: its own requests (replays) are left alone. */
  ownId?: string;
  log?: { error(message: string, error: unknown): void };
}

/**
 * "Use this token in the app" in the worker: one declarativeNetRequest session rule per inspected tab
 * (`tabIds: [tab]`, `modifyHeaders` set, only the captured request's origin), installed when a panel asks
 * and removed when it says stop, when the tab's last panel disconnects (the panel page may die without a
 * word) and when the tab closes. Session rules outlive a worker restart: {@link sweep} adopts the rules of
 * tabs whose panel is back and removes the others. Operations run one at a time, in call order.
 */
export class OverrideManager {
  private readonly active = new Map<number, OverrideState>();
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly o: OverrideManagerOptions) {}

  /** The override in force on a tab, as far as this worker knows. */
  stateOf(tabId: number): OverrideState | undefined {
    return this.active.get(tabId);
  }

  /** Installs (or replaces) the tab's override. */
  use(tabId: number, plan: OverridePlan): Promise<void> {
    return this.run(async () => {
      const failed = (error: ErrorInfo) => this.o.notify(tabId, { active: this.active.get(tabId) ?? null, error });
      const problem = overrideHeaderProblem(plan.header, plan.value);
      if (problem) return failed(problem);
      const dnr = this.o.dnr();
      if (!dnr)
        return failed({
          code: 'override-permission',
          message: 'JWT Lens may not modify requests: the optional permission was not granted',
        });
      const rules = await this.rules();
      const own = rules.filter((r) => tabOfOverrideRule(r) === tabId).map((r) => r.id);
      const id = own[0] ?? freeId(rules);
      const rule = id !== undefined ? overrideRule(id, tabId, plan, this.o.ownId) : undefined;
      if (!rule) return failed({ code: 'override-failed', message: `tab ${tabId} cannot have an override` });
      try {
        await dnr.updateSessionRules({ removeRuleIds: [...new Set([...own, rule.id])], addRules: [rule] });
      } catch (e) {
        return failed({ code: 'override-failed', message: `the browser refused the rule: ${messageOf(e)}` });
      }
      const state: OverrideState = { ...plan, since: this.o.now() };
      const replaced = this.active.has(tabId);
      this.active.set(tabId, state);
      this.o.notify(tabId, { active: state, ...(replaced ? { ended: 'replaced' as const } : {}) });
    });
  }

  /** Removes the tab's override, if any (tells its panels when there was one, or when asked by one). */
  stop(tabId: number, reason: OverrideEnd): Promise<void> {
    return this.run(async () => {
      const had = this.active.delete(tabId);
      const dnr = this.o.dnr();
      let error: ErrorInfo | undefined;
      const ids = (await this.rules()).filter((r) => tabOfOverrideRule(r) === tabId).map((r) => r.id);
      if (dnr && ids.length) {
        try {
          await dnr.updateSessionRules({ removeRuleIds: ids });
        } catch (e) {
          error = { code: 'override-failed', message: `the rule could not be removed: ${messageOf(e)}` };
          this.o.log?.error('JWT Lens: could not remove an override rule', e);
        }
      }
      if (had || ids.length || reason === 'stopped')
        this.o.notify(tabId, { active: null, ended: reason, ...(error ? { error } : {}) });
    });
  }

  /** A panel said hello: tell it the tab's override, adopting a rule left by an earlier worker. */
  hello(tabId: number): Promise<void> {
    return this.run(async () => {
      if (!this.active.has(tabId)) {
        const rule = (await this.rules()).find((r) => tabOfOverrideRule(r) === tabId);
        const plan = rule ? planOfRule(rule) : undefined;
        if (plan) this.active.set(tabId, { ...plan, since: this.o.now() });
      }
      this.o.notify(tabId, { active: this.active.get(tabId) ?? null });
    });
  }

  /** The tab's last panel went away: its override ends with it. */
  panelGone(tabId: number): Promise<void> {
    return this.stop(tabId, 'panel-closed');
  }

  /**
   * After a worker start (once panels had time to reconnect): keeps the override rules of tabs with a
   * panel, removes every other override rule (its panel closed while no worker was running).
   */
  sweep(): Promise<void> {
    return this.run(async () => {
      const stale: number[] = [];
      for (const r of await this.rules()) {
        const tab = tabOfOverrideRule(r);
        if (tab === undefined) {
          if (isOverrideRuleId(r.id)) stale.push(r.id);
          continue;
        }
        if (this.o.hasPanel(tab) && (this.active.has(tab) || planOfRule(r))) {
          if (!this.active.has(tab)) this.active.set(tab, { ...planOfRule(r)!, since: this.o.now() });
        } else {
          stale.push(r.id);
          this.active.delete(tab);
        }
      }
      if (stale.length) await this.o.dnr()?.updateSessionRules({ removeRuleIds: stale });
    });
  }

  private async rules(): Promise<Awaited<ReturnType<DnrLike['getSessionRules']>>> {
    const dnr = this.o.dnr();
    if (!dnr) return [];
    try {
      return await dnr.getSessionRules();
    } catch (e) {
      this.o.log?.error('JWT Lens: could not read the session rules', e);
      return [];
    }
  }

  private run(op: () => Promise<void>): Promise<void> {
    const next = this.chain.then(op).catch((e: unknown) => this.o.log?.error('JWT Lens: override failed', e));
    this.chain = next;
    return next;
  }
}

// The lowest override rule id no session rule has.
function freeId(rules: readonly SessionRuleLike[]): number | undefined {
  const used = new Set(rules.map((r) => r.id));
  for (let id = OVERRIDE_RULE_BASE; id < OVERRIDE_RULE_BASE + OVERRIDE_RULE_RANGE; id++) if (!used.has(id)) return id;
  return undefined;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
