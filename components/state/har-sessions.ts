import type { CapturedToken, RequestRecord } from '../../lib/capture/model.ts';
import type { HarError } from '../../lib/har/model.ts';
import type { HarImportDone, HarImportProgress } from '../host.ts';
import type { TimelineModel } from './timeline-state.ts';

/** Which capture the list, the detail and the timeline show: the live one, or an opened HAR file's (its id). */
export type SessionId = 'live' | `har:${number}`;

/** One opened HAR file: its own capture, never mixed with live capture and never sent to the worker. */
export interface HarSession {
  id: `har:${number}`;
  /** The file's name, as the picker shows it. */
  name: string;
  state: 'reading' | 'done' | 'cancelled' | 'failed';
  progress: HarImportProgress;
  tokens: ReadonlyMap<string, CapturedToken>;
  requests: ReadonlyMap<string, RequestRecord>;
  /** The importer's specific error (truncated, not a HAR, …); what was read before it is kept. */
  error?: HarError;
  /** What the importer's budgets dropped, in its words. */
  notes: readonly string[];
  /** The file's timeline as the worker built it (a HAR session does not change once read). */
  timeline?: TimelineModel;
}

/** A session that is being read from `name` (nothing read yet). */
export function startedSession(id: HarSession['id'], name: string, totalBytes: number): HarSession {
  return {
    id,
    name,
    state: 'reading',
    progress: { bytes: 0, totalBytes, entries: 0, tokens: 0 },
    tokens: new Map(),
    requests: new Map(),
    notes: [],
  };
}

/** The session once its import ended (finished, cancelled or failed): the tokens and requests read are kept. */
export function finishedSession(s: HarSession, result: HarImportDone): HarSession {
  return {
    ...s,
    state:
      result.error?.code === 'har-cancelled'
        ? 'cancelled'
        : result.error && result.tokens.length === 0
          ? 'failed'
          : 'done',
    progress: { ...s.progress, entries: result.entries, tokens: result.tokens.length },
    tokens: new Map(result.tokens.map((t) => [t.token, t])),
    requests: new Map(result.requests.map((r) => [r.requestId, r])),
    notes: result.notes,
    ...(result.error ? { error: result.error } : {}),
    ...(result.timeline ? { timeline: result.timeline } : {}),
  };
}

/** Replaces the session of the same id (or adds it at the end). */
export function putSession(list: readonly HarSession[], s: HarSession): HarSession[] {
  const i = list.findIndex((x) => x.id === s.id);
  if (i < 0) return [...list, s];
  const next = [...list];
  next[i] = s;
  return next;
}

/** What the session picker says about a session: "name — 12 tokens", "name — reading 40 %", with its error. */
export function sessionLabel(s: HarSession): string {
  if (s.state === 'reading') {
    const pct = s.progress.totalBytes > 0 ? Math.floor((s.progress.bytes / s.progress.totalBytes) * 100) : 0;
    return `${s.name} — reading ${pct} %`;
  }
  const n = s.tokens.size;
  const tokens = `${n} token${n === 1 ? '' : 's'}`;
  const state = s.state === 'cancelled' ? ', cancelled' : s.error ? ', incomplete' : '';
  return `${s.name} — ${tokens}${state}`;
}
