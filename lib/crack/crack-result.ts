/** Result of a weak-secret search: the secret found (or null) and how many candidates were tried. */
export interface CrackResult {
  secret: string | null;
  tried: number;
  /** True when the search stopped because it was cancelled. */
  aborted?: boolean;
}
