import type { Severity } from '../types.ts';
import type { RuleId } from './index.ts';

/** One weakness found in a token. */
export interface Finding {
  rule: RuleId;
  severity: Severity;
  message: string;
  /** How often it was found: sightings that raised it (1 for a rule about the token itself); set by `inspect`. */
  count?: number;
}
