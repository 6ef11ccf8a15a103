import type { CapturedToken } from '../../lib/capture/model.ts';
import { pastedSighting, type PastedToken } from '../../lib/capture/paste-tokens.ts';
import { isPasted } from '../../lib/capture/sighting-label.ts';
import { isCapturedToken } from '../../lib/capture/validate-capture.ts';

/**
 * Keeps the tokens found in a paste in the list, each with a `paste` sighting saying where in the
 * pasted text it sat. While the user types (`previous`: what the text before this edit held), a
 * token that extends (or is cut from) one of the previous text replaces it instead of piling up,
 * and a token the previous text already held at the same place is not counted again.
 */
export function pastedEntries(
  pasted: ReadonlyMap<string, CapturedToken>,
  found: readonly PastedToken[],
  time: number,
  previous: readonly PastedToken[] = [],
): Map<string, CapturedToken> {
  const out = new Map(pasted);
  const now = new Set(found.map((f) => f.token));
  const before = new Set(previous.map((p) => p.token));
  for (const f of found) {
    if (out.has(f.token)) continue;
    for (const p of before)
      if (!now.has(p) && (f.token.startsWith(p) || p.startsWith(f.token))) {
        out.delete(p);
        before.delete(p);
      }
  }
  const held = new Set(previous.map((p) => `${p.token}\u0000${JSON.stringify(p.location)}`));
  for (const f of found) {
    const existing = out.get(f.token);
    const sighting = pastedSighting(f, time);
    if (!existing) {
      out.set(f.token, { token: f.token, firstSeen: time, lastSeen: time, count: 1, sightings: [sighting] });
    } else if (!held.has(`${f.token}\u0000${JSON.stringify(f.location)}`)) {
      out.set(f.token, {
        ...existing,
        lastSeen: time,
        count: existing.count + 1,
        sightings: [...existing.sightings, sighting],
      });
    }
  }
  return out;
}

/** Captured and pasted tokens together, newest first; a token both captured and pasted is one entry. */
export function mergeEntries(
  captured: ReadonlyMap<string, CapturedToken>,
  pasted: ReadonlyMap<string, CapturedToken>,
): CapturedToken[] {
  const all: CapturedToken[] = [];
  for (const c of captured.values()) {
    const p = pasted.get(c.token);
    all.push(
      p
        ? {
            ...c,
            count: c.count + p.count,
            lastSeen: Math.max(c.lastSeen, p.lastSeen),
            sightings: [...c.sightings, ...p.sightings],
          }
        : c,
    );
  }
  for (const p of pasted.values()) if (!captured.has(p.token)) all.push(p);
  return all.sort((a, b) => b.lastSeen - a.lastSeen);
}

/** Longest paste-box text kept across a panel reopen, in characters. */
export const MAX_KEPT_DRAFT_CHARS = 65_536;
/** Most pasted tokens kept across a panel reopen; the least recently pasted go first. */
export const MAX_KEPT_PASTED = 200;
/** Budget of the kept paste record (JSON characters): the capture store's byte budget leaves room for it. */
export const MAX_KEPT_PASTE_CHARS = 262_144;

/** What the panel keeps of its paste box across a reopen of the same tab's panel. */
export interface KeptPaste {
  /** The paste box's text, when it is at most {@link MAX_KEPT_DRAFT_CHARS}. */
  draft: string;
  /** The pasted tokens, oldest first. */
  tokens: CapturedToken[];
}

/** What of the paste box is not kept across a reopen, when something is not (the paste box says so). */
export interface PasteNotKept {
  /** The text is over {@link MAX_KEPT_DRAFT_CHARS} (its tokens are kept). */
  draft: boolean;
  /** Pasted tokens left out to stay within {@link MAX_KEPT_PASTE_CHARS} (the least recently pasted). */
  tokens: number;
  /** Storage refused the write: nothing of this paste is kept. */
  failed: boolean;
}

/**
 * The record kept of the paste box and its tokens, within {@link MAX_KEPT_PASTE_CHARS}: a text too long
 * is not kept (its tokens are), and the least recently pasted tokens go first. `notKept` says what
 * was left out, or is null when everything fits.
 */
export function keptPaste(
  draft: string,
  pasted: ReadonlyMap<string, CapturedToken>,
): { record: KeptPaste; notKept: PasteNotKept | null } {
  const draftKept = draft.length <= MAX_KEPT_DRAFT_CHARS;
  const kept = draftKept ? draft : '';
  const tokens = [...pasted.values()].sort((a, b) => a.lastSeen - b.lastSeen);
  let first = Math.max(0, tokens.length - MAX_KEPT_PASTED);
  let chars = kept.length + 32;
  const sizes = tokens.map((t) => JSON.stringify(t).length + 1);
  for (let i = first; i < sizes.length; i++) chars += sizes[i]!;
  while (chars > MAX_KEPT_PASTE_CHARS && first < tokens.length) chars -= sizes[first++]!;
  const record = { draft: kept, tokens: tokens.slice(first) };
  return { record, notKept: draftKept && first === 0 ? null : { draft: !draftKept, tokens: first, failed: false } };
}

/** A kept paste record read back from storage (untrusted): what is not well formed is dropped. */
export function readKeptPaste(stored: unknown): KeptPaste | undefined {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return undefined;
  const { draft, tokens } = stored as Record<string, unknown>;
  const text = typeof draft === 'string' && draft.length <= MAX_KEPT_DRAFT_CHARS ? draft : '';
  const list = Array.isArray(tokens)
    ? tokens
        .slice(-MAX_KEPT_PASTED)
        .filter(
          (t): t is CapturedToken =>
            isCapturedToken(t) && t.token.length > 0 && t.sightings.length > 0 && t.sightings.every(isPasted),
        )
    : [];
  return { draft: text, tokens: list };
}
