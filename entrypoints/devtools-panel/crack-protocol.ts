/** Panel → crack worker. */
export type CrackRequest = { kind: 'start'; token: string; userWordlist?: string } | { kind: 'cancel' };

/** Crack worker → panel. */
export type CrackReply =
  | { kind: 'progress'; tried: number; total: number }
  | { kind: 'done'; secret: string | null; tried: number; total: number; aborted?: boolean }
  | { kind: 'error'; message: string };
