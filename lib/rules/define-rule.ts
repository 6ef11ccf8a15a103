import type { Severity } from '../types.ts';
import type { RuleContext } from './context.ts';

/**
 * What a rule looks at: one token (`token`), each distinct way it travelled (`sighting`: the
 * context of one sighting), or all of its sightings together (`sightings`).
 */
export type RuleScope = 'token' | 'sighting' | 'sightings';

/** One thing a rule reports: its message, and a severity when it differs from the rule's. */
export interface RuleReport {
  message: string;
  /** Defaults to the rule's severity; a rule may report a lower one (e.g. the same weakness, less exposed). */
  severity?: Severity;
  /**
   * Where the weakness is, when that is coarser than the message (e.g. the origin of a URL): reports
   * of one rule with the same key become one finding (the first message, the counts summed).
   */
  key?: string;
}

/** A rule of the findings catalogue, as declared. */
export interface RuleSpec<Id extends string = string> {
  id: Id;
  /** The most severe level this rule reports, and the default of its reports. */
  severity: Severity;
  scope: RuleScope;
  title: string;
  /** What the weakness is and how to fix it, in plain words. */
  explanation: string;
  /** RFC 8725 section, RFC or CVE. */
  reference: string;
  /** What the rule finds in one context: a message per weakness (none when it is sound). */
  check(ctx: RuleContext): readonly (RuleReport | string)[];
}

/** A declared rule: its spec, frozen, with the mark the registry test looks for. */
export type Rule<Id extends string = string> = Readonly<RuleSpec<Id>> & { readonly defined: true };

/** Declares one rule of the findings catalogue (register it in lib/rules/index.ts). */
export function defineRule<const Id extends string>(spec: RuleSpec<Id>): Rule<Id> {
  return Object.freeze({ ...spec, defined: true as const });
}

/** True for a value made by {@link defineRule}. */
export function isRule(value: unknown): value is Rule {
  return typeof value === 'object' && value !== null && (value as { defined?: unknown }).defined === true;
}
